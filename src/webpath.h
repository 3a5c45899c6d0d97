/* webpath.h: what a request path of `goalsheet serve` asks for.
 *
 * Owns: the server's URL space and the first line of its defence: a pure
 * function from the (already %-decoded) path to a route, refusing every
 * document path that is absolute, has an empty, "." or ".." segment, a
 * hidden name, a control character or a backslash, or does not end in
 * ".xml".  No file system access here (the server also checks that the
 * real path stays below its folder); fuzzed by tests/fuzz/fuzz_webpath.c.
 *
 *   /                  the index of DIR's sheets and books
 *   /doc/REL           a document's page (HTML)
 *   /view/REL          its diagnostics and pages (an HTML fragment)
 *   /pdf/REL           its PDF, rendered on request
 *   /edit/REL          a sheet's edit view: the form and its pages (HTML)
 *   /preview/REL       POST: the form's state → its pages and messages
 *   /save/REL          POST: the form's state → the file, when it is valid
 *   /new               POST: a new sheet from the template
 *   /next/REL          POST: REL's copy for the next fiscal year or stage
 *   /events            server-sent events: "change" after every save
 *   /fonts.css         @font-face rules for the template's fonts
 *   /font/N            font file N of the template
 *   /static/NAME       the front end's own files (share/goalsheet/web/)
 */
#ifndef GOALSHEET_WEBPATH_H
#define GOALSHEET_WEBPATH_H

#include <stddef.h>

typedef enum WebKind {
	WEB_NOT_FOUND,       /* no such route: 404 */
	WEB_BAD,             /* a route with a refused argument: 400 */
	WEB_INDEX, WEB_DOC, WEB_VIEW, WEB_PDF, WEB_EVENTS, WEB_FONTS_CSS,
	WEB_FONT, WEB_STATIC, WEB_EDIT, WEB_PREVIEW, WEB_SAVE, WEB_NEW, WEB_NEXT
} WebKind;

typedef struct WebRoute {
	WebKind kind;
	const char *arg;     /* REL or NAME, pointing into the path; or NULL */
	size_t font;         /* WEB_FONT */
} WebRoute;

/* The longest document path accepted. */
#define WEB_PATH_MAX 1024

WebRoute webpath_parse(const char *path);

/* True for the routes that take a POST (and only a POST): they write,
 * or work on what the browser sends. */
int webpath_posts(WebKind kind);

/* Decodes %XX in place, except %00, which stays as it is (so a NUL can
 * never cut a path short); returns the new length. */
size_t webpath_unescape(char *s);

/* True if rel is a document path the server may open (see above). */
int webpath_document_ok(const char *rel);

#endif
