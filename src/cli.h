/* cli.h: the goalsheet command line, shared by main.c and its commands.
 *
 * Owns: finding the data folder (templates, schema, fontconfig file)
 * and templates by name, the options every rendering command takes,
 * and the pipeline load → template → check → layout → pdf for one
 * document (the document may name its template; -t overrides).  Fonts and the schema
 * are opened once per run and reused for every document.
 */
#ifndef GOALSHEET_CLI_H
#define GOALSHEET_CLI_H

#include <stdbool.h>

#include "diag.h"
#include "fonts.h"
#include "load.h"
#include "model.h"
#include "page.h"
#include "template.h"

typedef struct RunOptions {
	const char *template_name;   /* name in templates/ or a path */
	const char *output;          /* -o */
	bool draft;
	bool quiet;
	int stage;                   /* -1, or a Stage that overrides the documents' */
	int fit;                     /* --fit N: at most N pages a sheet; 0: the template's */
	int port;                    /* serve --port; -1: the default */
	const char *bind;            /* serve --bind; NULL: 127.0.0.1 */
	bool keep_targets;           /* next-year --keep targets */
	const char *format;          /* status --format; NULL: text */
	int jobs;                    /* render -j N: worker processes; 0: one */
} RunOptions;

typedef struct Session {
	char *datadir;
	RunOptions opt;
	Diag diag;
	Schema *schema;              /* opened on first use */
	Template *tmpl;              /* the template in use, read from tmpl_path */
	char *tmpl_path;
	FontSet *fonts;
	long long epoch;             /* SOURCE_DATE_EPOCH or now */
	Helpers *helpers;            /* each document's; NULL when -j gives a
	                              * worker one core (main.c) */
	bool many_documents;         /* serve, watch, several files (fonts.h's
	                              * fonts_keep_copies) */
} Session;

/* Finds the data folder next to the executable (source tree) or in
 * PREFIX/share/goalsheet (installed); GOALSHEET_DATADIR overrides.
 * Returns NULL after reporting. */
char *find_datadir(const char *argv0, Diag *d);
/* The same, NULL without a message (before messages are set up). */
char *find_datadir_quietly(const char *argv0);

int session_open(Session *s, const char *argv0);
void session_close(Session *s);
bool session_ready(Session *s);          /* schema, template, fonts */

/* Loads one file, with the template it asks for (unless -t) and --stage
 * applied; no checks.  Returns 0 or -1 (after reporting; a book that
 * is out->checkable still has its template and stage applied). */
int session_load(Session *s, const char *path, Document *out);

/* Loads, checks (and lays out to find what does not fit) one file.
 * With doc != NULL the layout is kept there.  Returns 0 or -1. */
int session_process(Session *s, const char *path, Document *out, Doc *doc);

/* The same for a sheet's bytes not yet in a file at path (the
 * browser's unsaved form): path names it in messages and finds its
 * template as the file's would. */
int session_process_bytes(Session *s, const char *path, const char *data,
                          size_t len, Document *out, Doc *doc);

/* What a render made and read, for `watch`. */
typedef struct RenderResult {
	size_t pages;
	char **files;        /* the sources read (book and sheets) */
	size_t nfiles;
} RenderResult;

/* Reports and returns true when output names the file input (by device
 * and inode, so links to it count). */
bool output_is_input(Diag *d, const char *output, const char *input);
/* Its message, for a caller that compared the files itself. */
void report_output_is_input(Diag *d, const char *output);

/* The whole of `render` or `book` for one input and one output path.
 * An output that is a file the render reads (the input, a sheet of the
 * book, the template, a font) is refused, before anything is written.
 * res may be NULL; otherwise the caller frees it with
 * render_result_free.  Returns 0 or -1. */
int session_render(Session *s, const char *input, const char *output,
                   bool want_book, RenderResult *res);
void render_result_free(RenderResult *res);

/* The template a document without a template attribute gets: -t's,
 * else the default (what `goalsheet new` writes a sheet for). */
const char *session_default_template(const Session *s);
/* The template file the session uses. Caller frees. */
char *session_template_path(const Session *s);

/* The user's templates folder: $XDG_DATA_HOME/goalsheet/templates, by
 * default ~/.local/share/goalsheet/templates; NULL without a home. */
char *user_template_dir(void);
/* The file of a template: name is a path (with a '/' or ending in .xml;
 * relative ones from base, NULL for the working folder), or NAME for
 * NAME.xml in the user's templates folder, then in datadir/templates.
 * NULL after reporting. */
char *template_find(const char *datadir, const char *name, const char *base,
                    Diag *d);

/* Templates found in folders, for `goalsheet templates`. */
typedef struct TemplateEntry {
	char *name, *title, *path;
} TemplateEntry;
typedef struct TemplateList {
	TemplateEntry *v;
	size_t n, cap;
} TemplateList;
/* Adds dir's NAME.xml templates in name order, but not a name the list
 * holds already (the first folder wins, as with -t). */
void template_list_dir(TemplateList *l, const char *dir);
void template_list_free(TemplateList *l);
/* Forgets the template and fonts so that the next render reads them
 * again (the template file changed). */
void session_forget_template(Session *s);

#endif
