/* page.h: positioned text, rules and fills; the hand-off from layout to
 * a backend.
 *
 * Owns: the display list.  Layout builds it (layout.h), the PDF backend
 * draws it (pdf.h), tests read it.  Units are PostScript points; the
 * origin is a page's top-left corner, y grows downwards.  Items are
 * drawn in order, so text items appear in reading order, and text
 * extraction of the PDF follows that order.
 */
#ifndef GOALSHEET_PAGE_H
#define GOALSHEET_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct Rgb {
	double r, g, b;      /* 0..1 */
} Rgb;

typedef struct Box {
	double x, y, w, h;
} Box;

typedef enum ItemKind { ITEM_TEXT, ITEM_RULE, ITEM_FILL } ItemKind;

typedef struct Item {
	ItemKind kind;
	/* ITEM_TEXT: one line of text, baseline origin (x, y). */
	double x, y;
	size_t font;         /* index into the document's FontSet */
	double size;         /* pt */
	char *text;          /* UTF-8, owned */
	double width;        /* advance width, pt */
	double angle;        /* degrees counter-clockwise about (x, y); 0 mostly */
	Rgb color;
	Box cell;            /* the inner box the text must stay in (tests) */
	/* ITEM_RULE: a line from (x, y) to (x2, y2) of width line_width.
	 * ITEM_FILL: the rectangle box, in color. */
	double x2, y2, line_width;
	Box box;
} Item;

typedef struct Link {
	Box rect;            /* on the page that holds the link */
	size_t target_page;  /* 0-based page index in the document */
} Link;

typedef struct Page {
	double width, height;   /* pt */
	Item *items;
	size_t nitems, cap;
	Link *links;
	size_t nlinks, links_cap;
} Page;

typedef struct OutlineEntry {
	char *title;
	size_t page;
} OutlineEntry;

/* A page-label range (PDF 12.4.2): from page first on, labels are
 * prefix followed by decimal numbers from start (no numbers if !numbered). */
typedef struct PageLabel {
	size_t first;
	char *prefix;
	bool numbered;
	int start;
} PageLabel;

typedef struct DocInfo {
	char *title, *author, *subject, *keywords, *creator;
	long long epoch;     /* creation time, seconds since 1970 (UTC) */
} DocInfo;

typedef struct Doc {
	Page *pages;
	size_t npages, cap;
	OutlineEntry *outline;
	size_t noutline, outline_cap;
	PageLabel *labels;
	size_t nlabels, labels_cap;
	DocInfo info;
} Doc;

Page *doc_add_page(Doc *d, double width, double height);
void page_add_text(Page *p, double x, double y, size_t font, double size,
                   const char *text, size_t len, double width, Rgb color,
                   Box cell);
void page_add_rule(Page *p, double x1, double y1, double x2, double y2,
                   double line_width);
void page_add_fill(Page *p, Box box, Rgb color);
void page_add_link(Page *p, Box rect, size_t target_page);
void doc_add_outline(Doc *d, const char *title, size_t page);
void doc_add_label(Doc *d, size_t first, const char *prefix, bool numbered,
                   int start);
void doc_free(Doc *d);
/* Frees the page's items (and their texts); the page keeps its links. */
void page_free_items(Page *p);

/* Writes the display list as text, one item a line, for tests and for
 * `goalsheet layout`: "page N W H", then
 * "text X Y W SIZE FONT CX CY CW CH |TEXT|", "rule X1 Y1 X2 Y2 W",
 * "fill X Y W H" (pt, top-left origin). */
void doc_dump(const Doc *d, FILE *out);

#endif
