/* serve_form.h: the edit view of `goalsheet serve`: a sheet written in a
 * form laid out like its template, with its pages beside it.
 *
 * Owns: the edit page's markup (the template's bands, labels and
 * column order; a text area per field, fed by sheet_edit.h; the fiscal
 * year as its era, priority and stage from lists, SDG badges, buttons
 * that add, remove and move initiatives, steps and points), and what a
 * preview, a save, a new sheet and a next year's copy do: the form's state applied to the
 * file's bytes (sheet_edit.h), run through the same load, check and
 * layout as `goalsheet check` (cli.h) and, for a save, written over the
 * file atomically with its mode kept (outfile.h) only when it has no
 * errors and the file is still the one the form was filled from.  Each
 * answer is a status and a body; headers, the token and the request's
 * origin are cmd_serve.h's.
 */
#ifndef GOALSHEET_SERVE_FORM_H
#define GOALSHEET_SERVE_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "serve_html.h"

/* The most bytes a form's body may have (a real sheet's is some 30 kB). */
#define SERVE_FORM_MAX (2L * 1024 * 1024)

typedef struct ServeAnswer {
	unsigned status;     /* an HTTP status */
	char *body;          /* caller frees */
	const char *type;    /* its Content-Type */
	char *location;      /* for 201: the new document's edit page, or NULL */
} ServeAnswer;

/* The edit page of root/rel (it exists: cmd_serve.c checked), with the
 * server's token for the page's requests.  Caller frees. */
char *serve_edit_html(ServeView *v, const char *rel, const char *token);

/* The form's state in body applied to root/rel: with save false, the
 * pages and messages it would have (the preview); with save true, also
 * written when it has no errors.  409 when the file is no longer the
 * one the form was filled from (the form's "base"), 422 when the
 * result has errors (the file untouched), 400 for a form that does not
 * fit the file. */
ServeAnswer serve_edit_post(ServeView *v, const char *rel, const char *body,
                            size_t len, bool save);

/* A new sheet (what `goalsheet new` writes, from the template in use)
 * at the form's "name" below root, with its "priority" and
 * "fiscal-year"; never over a file that exists.  201 with its edit
 * page's address. */
ServeAnswer serve_new_sheet(ServeView *v, const char *body, size_t len);

/* The copy of root/rel for the next fiscal year (the form's to=year)
 * or the sheet's next stage (to=stage), by nextyear.h, into the form's
 * folder below root: 201 with the copy's page, or 409 with the
 * messages (nothing written). */
ServeAnswer serve_next_copy(ServeView *v, const char *rel, const char *body,
                            size_t len);

/* The index's form for a new sheet (name, priority, fiscal year as its
 * era) and the token its request carries.  Caller frees. */
char *serve_new_form(ServeView *v, const char *token);

#endif
