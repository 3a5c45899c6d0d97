/* layout.h: sheets and books onto pages (sheet-grid.md, typesetting.md §4–§6).
 *
 * Owns: the geometry of every page: where each label, field, rule and
 * fill goes, how text is set in its cell (hanging labels, fitting by
 * shrinking within the template's limits), how the table flows across
 * pages (rows move whole, split only when taller than a page, between
 * lines), continuation headers, 特記事項, SDG badges, footers, the
 * book's cover.  Output is a Doc (page.h); no PDF call is made here.
 * Diagnostics: characters no font can draw, text that cannot fit, and
 * notes for shrunk text, each with file, line and field.
 */
#ifndef GOALSHEET_LAYOUT_H
#define GOALSHEET_LAYOUT_H

#include <stdbool.h>

#include "diag.h"
#include "fonts.h"
#include "model.h"
#include "page.h"
#include "template.h"
#include "thread_job.h"

typedef struct LayoutOptions {
	bool draft;              /* 案 watermark, （未記入） placeholders */
	const char *draft_note;  /* footer line in draft mode: 案, the time */
	const char *draft_source;/* the input's path, after the note; any bytes */
	int fit;                 /* --fit N: at most N pages a sheet; 0: the template's budget */
} LayoutOptions;

/* Called before each sheet of a book is laid out (index from 0). */
typedef void (*LayoutProgress)(void *arg, size_t index, size_t count,
                               const Sheet *s);

/* Receives a book's pages as each sheet's are laid out, so that a
 * backend can draw them and free their items (page_free_items) instead
 * of the whole book's display lists being held at once. */
typedef struct LayoutSink {
	/* Pages [first, doc->npages) of doc are final. */
	void (*pages_done)(void *arg, Doc *doc, size_t first);
	/* The pages given so far were appended to the book's document after
	 * its cover (doc_append): page i is now page i + page_offset, node
	 * k > 1 node k + node_offset. */
	void (*pages_moved)(void *arg, size_t page_offset, size_t node_offset);
	void *arg;
} LayoutSink;

typedef struct LayoutContext {
	const Template *t;
	FontSet *fonts;          /* opened with t->fonts, in order */
	Diag *d;
	LayoutOptions opt;
	LayoutProgress progress; /* may be NULL */
	void *progress_arg;
	size_t page_limit;       /* a trial (layout_fit.h) stops past this many
	                          * pages of a sheet; 0: no limit */
	bool dry;                /* a trial that only counts pages (layout_fit.h):
	                          * rows and bands take their room, but nothing
	                          * is drawn or put in a footer; of the checks
	                          * only the text's glyphs (to remember the
	                          * clean) */
	struct LayoutCache *cache; /* layout_cache.h; NULL: nothing is kept */
	const LayoutSink *sink;  /* layout_book's; may be NULL */
	Helpers *helpers;        /* layout_book's search of the next sheet's fit */
} LayoutContext;

/* Reports every character of the template's own words (labels,
 * headers, the cover's, the draft's mark) that its fonts cannot draw,
 * at the template's line and column.  Returns the number of errors. */
int layout_check_template(const LayoutContext *ctx);

/* Appends the pages of one sheet to doc.  With book_offset >= 0 the
 * footers carry the book's page number too: the page's index in doc
 * plus book_offset, plus one.  Returns the number of errors reported. */
int layout_sheet(const LayoutContext *ctx, const Sheet *s, Doc *doc,
                 long book_offset);

/* Page furniture the sheet and the book's cover share (layout.c): the
 * draft's watermark, and the footer band with content c evaluated in
 * env, with the draft's note in a draft.  Returns errors reported. */
void layout_watermark(const LayoutContext *ctx, Page *p);
int layout_footer(const LayoutContext *ctx, Page *p, const Content *c,
                  const ContentEnv *env);

/* Lays out a whole book: cover, then every sheet in priority order,
 * with outline entries, cover links and page labels. */
int layout_book(const LayoutContext *ctx, const Book *b, Doc *doc);

#endif
