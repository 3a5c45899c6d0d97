/* serve_html.h: what `goalsheet serve` shows, as HTML.
 *
 * Owns: finding the documents below the served folder, running each
 * through cli.h's pipeline with its diagnostics captured (in the
 * language the browser asks for), and the markup of the index, of a
 * document's page and of its live part (diagnostics above the pages,
 * drawn by svg.h), including the last good pages of every document,
 * shown marked as stale while a save is broken.  The labels are
 * Japanese (the city's staff read them); the diagnostics are the
 * program's own messages.  Nothing here knows HTTP (cmd_serve.h does).
 */
#ifndef GOALSHEET_SERVE_HTML_H
#define GOALSHEET_SERVE_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

#include "cli.h"

/* The pages of every document as last drawn without errors. */
typedef struct GoodPage {
	char *rel;           /* document path below the root */
	char *svg;           /* its pages, <svg> elements */
} GoodPage;

typedef struct GoodPages {
	GoodPage *items;
	size_t n, cap;
} GoodPages;

void good_pages_free(GoodPages *g);

typedef struct ServeView {
	Session *s;
	const char *root;    /* the served folder, a real path */
	const char *lang;    /* messages locale for this request, NULL: the server's */
	unsigned long gen;   /* bumped by every save; pages reload when it changes */
	GoodPages *good;
	bool writable;       /* saves and new files are allowed (loopback) */
} ServeView;

/* The documents (XML files in goalsheet's namespace) below root,
 * recursively, as sorted paths relative to root; hidden names and
 * symbolic links to folders are skipped.  Caller frees each and the
 * array. */
char **serve_find_documents(const char *root, size_t *n);

/* root/rel when its real path is a regular file below root; else NULL.
 * Caller frees. */
char *serve_resolve(const char *root, const char *rel);

/* The index page: every document with its goal, priority, stage, the
 * result of check and, for a sheet, its edit view; after (may be NULL)
 * follows the list.  Caller frees. */
char *serve_index_html(ServeView *v, const char *after);
/* A document's page around its live part.  Caller frees. */
char *serve_doc_html(ServeView *v, const char *rel);
/* The live part alone (what the page fetches after a save).  Caller frees. */
char *serve_view_html(ServeView *v, const char *rel);
/* Renders root/rel to the PDF output (outside root) with the session's
 * options; *messages gets the diagnostics (caller frees).  0 or -1. */
int serve_render_pdf(ServeView *v, const char *rel, const char *output,
                     char **messages);
/* @font-face rules for the template's fonts (/font/N) and a class fN per
 * FontSet index (svg.h).  Caller frees. */
char *serve_fonts_css(FontSet *fonts);

/* ---- shared with serve_form.h ---- */

/* Diagnostics of a run, captured in the request's language. */
typedef struct Capture {
	Session *s;
	FILE *mem, *out;     /* the capture, and where messages went before */
	size_t len;          /* open_memstream's, written at each flush */
	char *saved_locale;
} Capture;
/* From here to serve_capture_end, the session's messages go into
 * *messages (caller frees), in v's language. */
void serve_capture_begin(Capture *c, ServeView *v, char **messages);
void serve_capture_end(Capture *c, int *errors, int *warnings);

/* rel as a URL path (%-encoded but for unreserved characters and '/'). */
void serve_url_path(Buf *b, const char *rel);
/* The head of a page and the start of its body, with its script
 * (a name in src/web/). */
void serve_head(Buf *b, const char *title, const char *view, unsigned long gen,
                const char *script);
/* The status line of the header. */
extern const char *const SERVE_STATUS_HTML;
/* Every page of doc as <svg>.  Caller frees. */
char *serve_pages_svg(const Doc *doc);

/* Tells which form field a message about rel's line:col is about:
 * key returns it (caller frees) or NULL. */
typedef struct DiagKeys {
	const char *rel;
	char *(*key)(void *arg, long line, long col);
	void *arg;
} DiagKeys;
/* The messages (one a line) as the list above the pages; each message
 * about keys->rel gets its field's key as data-key (keys may be NULL). */
void serve_diag_list(Buf *b, const char *messages, int errors, int warnings,
                     const char *root, const DiagKeys *keys);

/* The locale for messages the Accept-Language header asks for:
 * "ja_JP.UTF-8" when Japanese comes before English, "C" when English
 * comes first, NULL when it names neither (or is absent). */
const char *serve_messages_locale(const char *accept_language);

#endif
