/* layout_row.h: rows of cells that grow with their text and flow across
 * pages (sheet-grid.md, "Continuation pages").  Internal to layout.
 *
 * Owns: the Row (cells holding segments of set lines at offsets), its
 * height, and planning and drawing a part of it.  A row splits between
 * lines (never inside one), each cell at its own line boundary: cells
 * whose lines do not line up (point rows, headings in another size)
 * still split, and nothing is lost.  A break keeps at least two lines
 * of a paragraph on each side (no orphan, no widow) unless nothing
 * else would fit a fresh page.  A part that continues a cell's text
 * starts with the segment's carried-over label (「(2)（続き）」), and the
 * first part on a page of a row whose initiative began earlier starts
 * its title cell with the title marked （続き）.
 */
#ifndef GOALSHEET_LAYOUT_ROW_H
#define GOALSHEET_LAYOUT_ROW_H

#include "layout_text.h"

#define ROW_MAX_CELLS 8

typedef struct Segment {
	Lines lines;
	double top;          /* pt from the row's top */
	/* Atop a part that continues it: 「(2)（続き）」, its label and mark
	 * (borrowed) made into again_text (owned) and set in again_st at
	 * again_w pt when a page needs it (empty until then, and when there
	 * is no label). */
	Lines again;
	const char *again_label, *again_mark;
	char *again_text;
	const Style *again_st;
	double again_w;
	FieldRef again_ref;
} Segment;

typedef struct Cell {
	double x, w;         /* pt */
	bool shaded;
	Segment *segs;
	size_t nsegs, cap;
	char *vertical;          /* a label set vertically in every part; owned */
	char *text;              /* owned text that its segments point into */
	const Style *vstyle;
	double padding;          /* pt, for the cell's bottom */
	size_t node;             /* its structure node (page.h) */
} Cell;

typedef struct Row {
	Cell cells[ROW_MAX_CELLS];
	size_t ncells;
	double min_height;
	bool rule_top, rule_bottom;  /* horizontal rules at its ends */
	const Lines *repeat;         /* drawn atop each page (①); borrowed */
	size_t repeat_cell;          /* the cell it is drawn in */
	size_t repeat_node;          /* its node where it is not a repeat */
	/* The initiative's title marked （続き）, atop the title cell of the
	 * first part on a page, unless that part begins the title itself
	 * (title_here and not continued); borrowed, may be NULL. */
	const Lines *title_again;
	size_t title_cell;
	bool title_here;
	double lifted;               /* pt its lines stand above their padding
	                              * (a step after a step): given back atop a page */
} Row;

/* Adds a segment of lines at top (pt) to the cell; takes the lines. */
void cell_add(Cell *c, Lines *lines, double top);
/* Gives the cell's last segment the label and mark (borrowed) that head
 * its continuation (「(2)（続き）」), to be set in st at width pt. */
void cell_set_again(Cell *c, const char *label, const char *mark,
                    const Style *st, double width, FieldRef ref);
/* The offset just below the cell's last line (padding not included). */
double cell_content_bottom(const Cell *c);
double row_height(const Row *r);
void row_free(Row *r);

/* Where each cell of a row stands while the row is split across pages:
 * the row offset of its first line not yet drawn. */
typedef struct RowSplit {
	double from[ROW_MAX_CELLS];
	bool continued;          /* a part has been drawn */
} RowSplit;

/* The next part of a row: for each cell, the offset where it stops. */
typedef struct RowPart {
	double to[ROW_MAX_CELLS];
	double head[ROW_MAX_CELLS];  /* pt of repeated title and label atop */
	double height;           /* on the page, padding included */
	bool last;               /* every cell ends in this part */
	bool first_on_page;
} RowPart;

void row_split_start(RowSplit *s);
/* Plans the part that fits room (pt), breaking each cell at its last
 * line boundary that fits and keeps two lines of a paragraph on each
 * side; loose (first_on_page and nothing placed that way) it breaks at
 * any line.  Returns false when not even one more line of any
 * unfinished cell fits. */
bool row_plan_part(const Row *r, const RowSplit *s, double room,
                   bool first_on_page, RowPart *part);
/* Draws the planned part at page offset y, with its fills, text and
 * rules; a part first on its page draws the repeated cell text (①) and
 * the title again (in a dry trial, nothing).  Then moves s on. */
int row_draw_part(const LayoutContext *ctx, Page *p, const Row *r, RowSplit *s,
                  const RowPart *part, double y, FieldRef ref);

#endif
