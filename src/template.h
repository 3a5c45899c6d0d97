/* template.h: a sheet's grid as data (the files in templates/,
 * goalsheet-template(5)).
 *
 * Owns: the Template: page size and margins, rules, shading, fonts,
 * named text styles, and the page as bands of cells (the sheet's bands
 * top to bottom, the band of continuation pages, the initiatives'
 * table with its columns, the footer, the book's cover, page labels,
 * outline and document info).  A cell holds Content: template text,
 * fields of the sheet by name and generated values (era year,
 * priority, page numbers, the city's name).  Reading and validating a
 * template file is template_read.c's; evaluating Content is here.
 * Lengths are read in mm and kept in points; no size, label or order
 * of any city's sheet is in the C code.
 */
#ifndef GOALSHEET_TEMPLATE_H
#define GOALSHEET_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "page.h"
#include "text.h"

#define MM_TO_PT (72.0 / 25.4)

typedef enum Align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;

typedef struct Style {
	size_t font;       /* index into Template.fonts */
	double size;       /* pt */
	double min_size;   /* pt; fixed-height cells shrink down to this */
	double leading;    /* line box height in em */
	double padding;    /* pt, on every side of the cell */
	double label_gap;  /* em between a hanging label and its text */
	Align align;
	BreakMode mode;
	bool vertical;     /* one character under another (typesetting.md §6) */
} Style;

typedef struct NamedStyle {
	char *name;
	Style st;
	SrcPos pos;        /* its padding attribute (or element), for messages */
} NamedStyle;

/* Values a template's text can hold besides its own words and fields. */
typedef enum Value {
	VALUE_ERA_YEAR,          /* 令和５年度 */
	VALUE_FISCAL_YEAR,       /* 2023 */
	VALUE_PRIORITY,          /* the sheet's priority */
	VALUE_PAGE,              /* the page within the sheet, 1… */
	VALUE_PAGES,             /* the sheet's pages */
	VALUE_BOOK_PAGE,         /* the page within the book */
	VALUE_SHEETS,            /* the book's sheets */
	VALUE_CITY,              /* the template's city attribute */
	VALUE_INITIATIVE_NUMBER, /* ①, in the table's number column */
	VALUE_SECTION,           /* a book's sheet: its department lines after
	                          * the book's (its 課), joined by the join */
	VALUE_STAGE,             /* the sheet's stage, in the template's words */
	VALUE_COUNT
} Value;

typedef enum PieceKind { PIECE_TEXT, PIECE_FIELD, PIECE_VALUE } PieceKind;

typedef struct Piece {
	PieceKind kind;
	char *text;        /* PIECE_TEXT: the words; PIECE_FIELD and
	                    * VALUE_SECTION: the joiner (NULL: none) */
	int which;         /* Field or Value */
	bool wide;         /* digits of a value in full width (１２) */
} Piece;

/* A cell's text: pieces in order. */
typedef struct Content {
	Piece *v;
	size_t n;
} Content;

typedef struct TRow TRow;

typedef struct TCell {
	double x, w;           /* pt, from the content area's left edge */
	Style st;              /* the named style, with the cell's overrides */
	size_t style;          /* which one, in Template.styles */
	bool shaded;
	Content content;
	Content heading;       /* set above the field (growing blocks) */
	Style heading_st;
	int field;             /* the Field the content is only of, or -1 */
	char *name;            /* the field's name in messages, or NULL */
	SrcPos pos;
	/* A cell of FIELD_SDGS: the badges' largest side, their gap (pt),
	 * and the number's size and share of a badge's height. */
	double badge, badge_gap, badge_number, badge_split;
	bool names_beside;     /* names="beside": each name right of its badge */
	TRow *rows;            /* cells stacked in rows inside this one */
	size_t nrows;
} TCell;

struct TRow {
	double height;         /* pt */
	TCell *cells;
	size_t ncells;
};

typedef struct TColumn {
	double x, w;           /* pt */
	int field;             /* a Column, or -1 for the initiative number */
	Style st;              /* its cells */
	size_t style;          /* which one, in Template.styles */
	Content head;          /* the column header's text */
	char *name;            /* the field's name in messages */
	SrcPos pos;
} TColumn;

#define TABLE_MAX_COLUMNS 8
#define PAGES_FEWEST (-1)

typedef struct TTable {
	double head_h;         /* pt */
	Style head_st;
	TColumn cols[TABLE_MAX_COLUMNS];
	size_t ncols;
	int number_col;        /* index of the number column, or -1 */
	int action_col;        /* where titles go */
	double keep_lines;     /* lines a title keeps with it at a page end */
	/* <carry-over>: what follows the title atop a continuation page and
	 * a step label atop a cell carried over (「(2)（続き）」); NULL: they
	 * are not repeated. */
	char *title_after, *label_after;
} TTable;

typedef enum BandKind {
	BAND_FIXED,            /* cells of fixed height (header, goal, alignment) */
	BAND_BLOCK,            /* a row that grows with its text, across pages */
	BAND_TABLE             /* the initiatives */
} BandKind;

typedef struct TBand {
	BandKind kind;
	double height;         /* fixed: its height; block: its minimum */
	TCell *cells;
	size_t ncells;
	TTable table;
	SrcPos pos;
} TBand;

typedef struct THeading {
	Style st;
	Content content;
	SrcPos pos;
} THeading;

typedef struct TCover {
	double top, gap, indent;    /* pt */
	THeading *headings;         /* atop every cover page */
	size_t nheadings;
	TCell *entry;               /* one line per sheet */
	size_t nentry;
} TCover;

typedef struct Template {
	char *file;
	char *name, *title, *city;
	double page_w, page_h;                 /* pt */
	double margin_top, margin_right, margin_bottom, margin_left;
	double rule_outer, rule_inner;         /* pt */
	Rgb shade;
	char **fonts;                          /* family names */
	char **font_ids;                       /* their ids in the template */
	char **font_files;                     /* file="…" (absolute), or NULL */
	SrcPos *font_pos;
	size_t nfonts;
	NamedStyle *styles;
	size_t nstyles;
	char *placeholder;                     /* an empty required field, in drafts */
	/* <sdg-names>: goal g's name is sdg_names[g - 1], its phrases parted
	 * by '/', the only places it may break; NULL: the built-in name,
	 * broken anywhere. */
	char *sdg_names[17];
	char *draft;                           /* the draft's mark and footer word */
	/* The sheet: its bands, top to bottom, and what tops a continuation page. */
	TBand *bands;
	size_t nbands;
	TBand continued;
	/* The sheet's page budget (<sheet pages>): 0 none, PAGES_FEWEST, or
	 * at most that many pages.  Growing text tightens to meet it: its
	 * leading down to min_leading (em), then its size toward min-size. */
	int pages;
	double min_leading;
	double footer_h;
	Style footer_st;
	Content footer, footer_book;           /* alone; in a book */
	Content footer_cover;                  /* a book's cover pages */
	char *stage_names[3];                  /* VALUE_STAGE's words, by Stage */
	/* The draft's watermark: the draft word turned about the page centre. */
	Style mark_st;
	double mark_scale, mark_angle, mark_gray;
	SrcPos mark_pos;
	/* The book. */
	TCover cover;
	/* Page labels: the book's page numbers 1…N, the ones <value
	 * name="book-page"/> prints (labels_by_book_page), or the older
	 * scheme of a label for the cover and a prefix per sheet. */
	bool labels_by_book_page;
	Content cover_label, sheet_label;
	Content outline;
	Content info_title, info_subject, info_keywords;
	/* The fields the sheet prints (1 << Field), and their names: a
	 * cell's name attribute, else the label to its left (a column's:
	 * its name, else its header), NULL for a field not printed. */
	unsigned long printed;
	char *field_names[FIELD_COUNT];
} Template;

/* Reads path.  Returns NULL after reporting every problem (as
 * file:line:col errors) through d. */
Template *template_load(const char *path, Diag *d);
void template_free(Template *t);
/* The template's title attribute of the file at path, or NULL; for
 * listing templates without reading them whole.  Caller frees. */
char *template_title(const char *path);

/* The inner width of the page between the margins, pt. */
double template_content_width(const Template *t);

/* What Content is evaluated against. */
typedef struct ContentEnv {
	const Template *t;
	const Sheet *sheet;    /* may be NULL (a cover) */
	const Book *book;      /* may be NULL */
	size_t page, pages, book_page;
} ContentEnv;

/* The content as one string: fields joined with their joiner.  Caller frees. */
char *content_text(const Content *c, const ContentEnv *env);
/* The block a field stands for in env (the book's department on a cover). */
const Block *content_field(const ContentEnv *env, Field f);
/* True when c holds only template text. */
bool content_is_label(const Content *c);
/* What a message about a value names, untranslated (a msgid). */
const char *value_subject(Value v);

void content_free(Content *c);

/* Template-reading helpers shared with template_read.c. */
void template_cell_free(TCell *c);
void template_band_free(TBand *b);

#endif
