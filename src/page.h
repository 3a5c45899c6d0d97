/* page.h: positioned text, rules and fills; the hand-off from layout to
 * a backend.
 *
 * Owns: the display list.  Layout builds it (layout.h), the PDF backend
 * draws it (pdf.h), tests read it.  Units are PostScript points; the
 * origin is a page's top-left corner, y grows downwards.  Items are
 * drawn in order, so text items appear in reading order, and text
 * extraction of the PDF follows that order.
 *
 * Also owns the logical structure (PDF 14.7, for PDF/UA): a tree of
 * Nodes that layout makes from the template's cells (tables, rows,
 * header and data cells, headings, figures, the cover's contents).
 * Every text item and link belongs to a node, or to NODE_ARTIFACT
 * (page furniture: footers, repeated headers, the watermark); rules and
 * fills are always artifacts.  The backend turns nodes into structure
 * elements and items into marked content; it decides nothing about them.
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

/* The node of things that are not content (PDF 14.8.2.2). */
#define NODE_ARTIFACT 0
#define NODE_MAX_HEADERS 4

typedef enum Scope { SCOPE_NONE, SCOPE_ROW, SCOPE_COLUMN } Scope;

/* One structure element.  Nodes are numbered from 1 (0 is
 * NODE_ARTIFACT); a node's children are the nodes naming it as parent,
 * in the order they were made, which is the reading order. */
typedef struct Node {
	const char *role;    /* a standard structure type: "TD", "H1", … */
	size_t parent;       /* 0 for the root, which is a "Document" */
	char *alt;           /* Figure: its Alt; Link: the link's Contents */
	char *actual;        /* ActualText: a label set a character at a time */
	Scope scope;         /* TH */
	int rowspan;         /* TH or TD over several rows; 0 or 1: one */
	bool has_id;         /* a TH that TDs name in their Headers */
	size_t headers[NODE_MAX_HEADERS];  /* TD: the THs that head it */
	size_t nheaders;
	Box bbox;            /* Figure: on the page of its first item */
} Node;

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
	size_t node;         /* the structure node; NODE_ARTIFACT */
} Item;

typedef struct Link {
	Box rect;            /* on the page that holds the link */
	size_t target_page;  /* 0-based page index in the document */
	size_t node;         /* its "Link" node (the page's node when added) */
} Link;

typedef struct Page {
	double width, height;   /* pt */
	Item *items;
	size_t nitems, cap;
	Link *links;
	size_t nlinks, links_cap;
	size_t node;            /* the node text added now belongs to */
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

/* A file the PDF carries (the sheet's XML, a book's files), by the
 * name it is extracted under: relative, '/' between folders. */
typedef struct Attachment {
	char *name;
	char *data;
	size_t len;
} Attachment;

typedef struct DocInfo {
	char *title, *author, *subject, *keywords, *creator;
	long long epoch;     /* creation time, seconds since 1970 (UTC) */
	Attachment *sources;
	size_t nsources;
} DocInfo;

typedef struct Doc {
	Page *pages;
	size_t npages, cap;
	OutlineEntry *outline;
	size_t noutline, outline_cap;
	PageLabel *labels;
	size_t nlabels, labels_cap;
	DocInfo info;
	Node *nodes;            /* [0] stands for NODE_ARTIFACT */
	size_t nnodes, nodes_cap;
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

/* The root node, a "Document", made on first use. */
size_t doc_root(Doc *d);
/* A new node of role (a static string) under parent; returns its number. */
size_t doc_node(Doc *d, size_t parent, const char *role);
/* Names th among the headers of the data cell td. */
void doc_node_header(Doc *d, size_t td, size_t th);
/* Sets the node that text added to p from now on belongs to; returns
 * the one it replaces. */
size_t page_tag(Page *p, size_t node);
/* Appends body's pages and nodes to doc (body's root becomes doc's),
 * leaving body empty.  Returns what was added to body's node numbers
 * above 1. */
size_t doc_append(Doc *doc, Doc *body);

/* Writes the display list as text, one item a line, for tests and for
 * `goalsheet layout`: "page N W H", then
 * "text X Y W SIZE FONT CX CY CW CH |TEXT|", "rule X1 Y1 X2 Y2 W",
 * "fill X Y W H" (pt, top-left origin); "tag N" (or "tag artifact")
 * before an item whose node differs from the one before; at the end
 * the structure, "node N ROLE parent P" with its attributes. */
void doc_dump(const Doc *d, FILE *out);

#endif
