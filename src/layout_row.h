/* layout_row.h: rows of cells that grow with their text and flow across
 * pages (sheet-grid.md, "Continuation pages").  Internal to layout.
 *
 * Owns: the Row (cells holding segments of set lines at offsets), its
 * height, and drawing a part of it: a row moves whole to the next page
 * when it fits there, and splits between lines (never inside one) only
 * when it is taller than a page.  Each cell breaks at its own last line
 * that fits: cells whose lines do not line up (point rows, headings in
 * another size) still split, and nothing is lost.
 */
#ifndef GOALSHEET_LAYOUT_ROW_H
#define GOALSHEET_LAYOUT_ROW_H

#include "layout_text.h"

#define ROW_MAX_CELLS 8

typedef struct Segment {
	Lines lines;
	double top;          /* pt from the row's top */
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
} Row;

/* Adds a segment of lines at top (pt) to the cell; takes the lines. */
void cell_add(Cell *c, Lines *lines, double top);
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
	double height;           /* on the page, padding included */
	bool last;               /* every cell ends in this part */
} RowPart;

void row_split_start(RowSplit *s);
/* Plans the part that fits room (pt).  Returns false when not even one
 * more line of any unfinished cell fits. */
bool row_plan_part(const Row *r, const RowSplit *s, double room, RowPart *part);
/* Draws the planned part at page offset y, with its fills, text and
 * rules; first_on_page draws the repeated cell-0 text.  Then moves s on. */
int row_draw_part(const LayoutContext *ctx, Page *p, const Row *r, RowSplit *s,
                  const RowPart *part, double y, bool first_on_page,
                  FieldRef ref);

#endif
