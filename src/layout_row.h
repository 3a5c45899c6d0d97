/* layout_row.h: rows of cells that grow with their text and flow across
 * pages (sheet-grid.md, "Continuation pages").  Internal to layout.
 *
 * Owns: the Row (cells holding segments of set lines at offsets), its
 * height, and drawing a part of it: a row moves whole to the next page
 * when it fits there, and splits between lines (never inside one, and at
 * the same offset in every cell so rows stay aligned) only when it is
 * taller than a page.
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
	const char *vertical;    /* a label set vertically in every part */
	const Style *vstyle;
	double padding;          /* pt, for the cell's bottom */
} Cell;

typedef struct Row {
	Cell cells[ROW_MAX_CELLS];
	size_t ncells;
	double min_height;
	bool rule_top, rule_bottom;  /* horizontal rules at its ends */
	bool keep_with_next;         /* an initiative's title row */
	Lines *repeat;               /* drawn in cell 0 atop each page (①) */
} Row;

/* Adds a segment of lines at top (pt) to the cell; takes the lines. */
void cell_add(Cell *c, Lines *lines, double top);
/* The offset just below the cell's last line (padding not included). */
double cell_content_bottom(const Cell *c);
double row_height(const Row *r);
void row_free(Row *r);

/* The largest offset b in (a, a + room] such that no line of the row
 * straddles b; a when not even one line fits. */
double row_cut(const Row *r, double a, double room);

/* The height of the part [a, b) of a row drawn on a page. */
double row_part_height(const Row *r, double a, double b);

/* Draws the part [a, b) of the row at page offset y, with its fills,
 * text and rules.  first_on_page draws the repeated cell-0 text. */
int row_draw_part(const LayoutContext *ctx, Page *p, const Row *r, double a,
                  double b, double y, bool first_on_page, FieldRef ref);

#endif
