/* cli.c: see cli.h. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "i18n.h"
#include "layout.h"
#include "pdf.h"
#include "util.h"

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *datadir_candidate(const char *base, const char *rel)
{
	char *dir = xasprintf("%s/%s", base, rel);
	char *probe = xasprintf("%s/templates/goalsheet.rng", dir);
	bool ok = is_file(probe);
	free(probe);
	if (ok)
		return dir;
	free(dir);
	return NULL;
}

/* The folder of the executable, in exe. */
static void exe_dir(const char *argv0, char exe[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", exe, PATH_MAX - 1);
	if (n <= 0) {
		if (realpath(argv0, exe) == NULL)
			exe[0] = '\0';
	} else {
		exe[n] = '\0';
	}
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
}

char *find_datadir_quietly(const char *argv0)
{
	const char *env = getenv("GOALSHEET_DATADIR");
	if (env && env[0])
		return xstrdup(env);
	char exe[PATH_MAX];
	exe_dir(argv0, exe);
	/* Installed: PREFIX/bin/goalsheet → PREFIX/share/goalsheet.  In the
	 * source tree: ./goalsheet or build/<kind>/goalsheet. */
	static const char *const rels[] = {"../share/goalsheet", ".", "../..", ".."};
	for (size_t i = 0; i < sizeof rels / sizeof rels[0]; i++) {
		char *dir = datadir_candidate(exe, rels[i]);
		if (dir)
			return dir;
	}
	return NULL;
}

char *find_datadir(const char *argv0, Diag *d)
{
	char *dir = find_datadir_quietly(argv0);
	if (dir != NULL)
		return dir;
	char exe[PATH_MAX];
	exe_dir(argv0, exe);
	diag_system(d, _("cannot find goalsheet's data files (templates/goalsheet.rng) "
	            "near '%s'; set GOALSHEET_DATADIR to the folder that holds "
	            "templates/ and fonts/"), exe);
	return NULL;
}

/* 9999-12-31 23:59:59 UTC: a PDF date has a four-digit year. */
#define EPOCH_MAX 253402300799LL

static long long now_or_source_date(Diag *d)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde == NULL || sde[0] == '\0')
		return (long long)time(NULL);
	/* Digits only: strtoll would also take " 5", "+5" and "-5". */
	bool digits = strspn(sde, "0123456789") == strlen(sde);
	errno = 0;
	long long v = digits ? strtoll(sde, NULL, 10) : -1;
	if (!digits || errno != 0 || v > EPOCH_MAX) {
		diag_system(d, _("SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds "
		            "from 0 to %lld (9999-12-31 23:59:59 UTC); unset it or "
		            "give one in that range"), sde, EPOCH_MAX);
		return 0;
	}
	return v;
}

int session_open(Session *s, const char *argv0)
{
	diag_init(&s->diag, stderr);
	s->diag.quiet = s->opt.quiet;
	s->datadir = find_datadir(argv0, &s->diag);
	s->epoch = now_or_source_date(&s->diag);
	s->helpers = helpers_new(helpers_for_this_machine());
	return s->datadir && !s->diag.system_error ? 0 : -1;
}

void session_close(Session *s)
{
	session_forget_template(s);
	schema_close(s->schema);
	helpers_free(s->helpers);
	free(s->datadir);
	s->schema = NULL;
	s->datadir = NULL;
	s->helpers = NULL;
}

#define DEFAULT_TEMPLATE "ueda-a4"

char *user_template_dir(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/goalsheet/templates", xdg);
	const char *home = getenv("HOME");
	if (home && home[0])
		return xasprintf("%s/.local/share/goalsheet/templates", home);
	return NULL;
}

/* A name with a '/' or ending in .xml is a path; others are looked up. */
static bool names_a_path(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

char *template_find(const char *datadir, const char *name, const char *base,
                    Diag *d)
{
	if (names_a_path(name)) {
		char *path = name[0] == '/' || base == NULL
		             ? xstrdup(name) : xasprintf("%s/%s", base, name);
		if (is_file(path))
			return path;
		diag_system(d, _("no template '%s': cannot read %s"), name, path);
		free(path);
		return NULL;
	}
	char *user = user_template_dir();
	char *dirs[2] = {user, xasprintf("%s/templates", datadir)};
	char *found = NULL;
	for (int i = 0; i < 2 && found == NULL; i++) {
		char *path = dirs[i] ? xasprintf("%s/%s.xml", dirs[i], name) : NULL;
		if (path && is_file(path))
			found = path;
		else
			free(path);
	}
	if (found == NULL)
		diag_system(d, _("no template '%s' in %s or %s; `goalsheet templates` "
		            "lists them, or give a path"), name,
		            user ? user : "$XDG_DATA_HOME/goalsheet/templates", dirs[1]);
	free(dirs[0]);
	free(dirs[1]);
	return found;
}

static int entry_order(const void *a, const void *b)
{
	return strcmp(((const TemplateEntry *)a)->name, ((const TemplateEntry *)b)->name);
}

void template_list_dir(TemplateList *l, const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	size_t first = l->n;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t n = strlen(e->d_name);
		if (n <= 4 || strcmp(e->d_name + n - 4, ".xml") != 0 || e->d_name[0] == '.')
			continue;
		char *name = xstrndup(e->d_name, n - 4);
		bool known = false;
		for (size_t i = 0; i < first; i++)
			known = known || strcmp(l->v[i].name, name) == 0;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		char *title = known ? NULL : template_title(path);
		if (title == NULL) {
			free(name);
			free(path);
			continue;
		}
		xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
		l->v[l->n++] = (TemplateEntry){name, title, path};
	}
	closedir(d);
	qsort(l->v + first, l->n - first, sizeof *l->v, entry_order);
}

void template_list_free(TemplateList *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].title);
		free(l->v[i].path);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

const char *session_default_template(const Session *s)
{
	return s->opt.template_name ? s->opt.template_name : DEFAULT_TEMPLATE;
}

char *session_template_path(const Session *s)
{
	if (s->tmpl_path)
		return xstrdup(s->tmpl_path);
	Diag quiet = {0};
	char *path = template_find(s->datadir, s->opt.template_name ?
	                           s->opt.template_name : DEFAULT_TEMPLATE, NULL,
	                           &quiet);
	return path ? path : xstrdup(s->opt.template_name ? s->opt.template_name
	                                                  : DEFAULT_TEMPLATE);
}

/* Reads the template at path with its fonts, unless it is the one in use. */
static bool use_template(Session *s, char *path)
{
	if (s->tmpl && strcmp(s->tmpl_path, path) == 0) {
		free(path);
		return true;
	}
	session_forget_template(s);
	s->tmpl_path = path;
	s->tmpl = template_load(path, &s->diag);
	if (s->tmpl == NULL)
		return false;
	char *conf = xasprintf("%s/fonts/fonts.conf", s->datadir);
	char *packages = xasprintf("%s/fonts/packages", s->datadir);
	size_t failed = s->tmpl->nfonts;
	s->fonts = fonts_open_files(conf, packages,
	                            (const char *const *)s->tmpl->fonts,
	                            (const char *const *)s->tmpl->font_files,
	                            s->tmpl->nfonts, &failed, &s->diag);
	free(conf);
	free(packages);
	if (s->fonts == NULL && failed < s->tmpl->nfonts) {
		SrcPos at = s->tmpl->font_pos[failed];
		diag_at(&s->diag, DIAG_ERROR, s->tmpl->file, at.line, at.col, NULL,
		        _("the template's font family '%s' cannot be used"),
		        s->tmpl->fonts[failed]);
	}
	if (s->fonts == NULL)
		return false;
	fonts_keep_copies(s->fonts, s->many_documents);
	/* A template its fonts cannot print is the template's problem: exit 2. */
	LayoutContext ctx = {.t = s->tmpl, .fonts = s->fonts, .d = &s->diag};
	if (layout_check_template(&ctx) > 0) {
		s->diag.system_error = true;
		return false;
	}
	return true;
}

bool session_ready(Session *s)
{
	if (s->schema == NULL) {
		char *rng = xasprintf("%s/templates/goalsheet.rng", s->datadir);
		s->schema = schema_open(rng, &s->diag);
		free(rng);
		if (s->schema == NULL)
			return false;
	}
	if (s->tmpl == NULL) {
		char *path = template_find(s->datadir, s->opt.template_name ?
		                           s->opt.template_name : DEFAULT_TEMPLATE,
		                           NULL, &s->diag);
		if (path == NULL || !use_template(s, path))
			return false;
		schema_use_template(s->schema, s->tmpl);
	}
	return true;
}

/* The template a document asks for (its template attribute, relative
 * to its folder), unless -t chose one; else the default. */
static bool choose_template(Session *s, const Document *doc, const char *path)
{
	if (s->opt.template_name)
		return true;
	const char *name = doc->kind == DOC_BOOK ? doc->book.template_name
	                                          : doc->sheet.template_name;
	char *dir = path_dir(path);
	char *found = template_find(s->datadir, name ? name : DEFAULT_TEMPLATE, dir,
	                            &s->diag);
	free(dir);
	return found && use_template(s, found);
}

/* In the user's language, fields are named as the template names them. */
static void name_fields(const Session *s, Document *doc)
{
	if (!i18n_translated())
		return;
	if (doc->kind == DOC_SHEET)
		sheet_name_fields(&doc->sheet, (const char *const *)s->tmpl->field_names);
	for (size_t i = 0; doc->kind == DOC_BOOK && i < doc->book.nsheets; i++)
		sheet_name_fields(&doc->book.sheets[i],
		                  (const char *const *)s->tmpl->field_names);
}

static void override_stage(Session *s, Document *doc)
{
	if (s->opt.stage < 0)
		return;
	if (doc->kind == DOC_SHEET) {
		doc->sheet.stage = (Stage)s->opt.stage;
		doc->sheet.stage_given = true;
	}
	for (size_t i = 0; doc->kind == DOC_BOOK && i < doc->book.nsheets; i++) {
		doc->book.sheets[i].stage = (Stage)s->opt.stage;
		doc->book.sheets[i].stage_given = true;
	}
}

/* "案　2026-12-05 14:20 +0900": the draft's word and when it was made,
 * in local time with its offset from UTC (TZ), or in UTC when
 * SOURCE_DATE_EPOCH fixes the time (reproducible whatever the zone). */
static char *draft_note(const Session *s)
{
	time_t t = (time_t)s->epoch;
	struct tm tm;
	char when[40] = "";
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && sde[0]) {
		if (gmtime_r(&t, &tm))
			strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	} else if (localtime_r(&t, &tm)) {
		strftime(when, sizeof when, "%Y-%m-%d %H:%M %z", &tm);
	}
	return xasprintf("%s　%s", s->tmpl->draft, when);
}

static void set_info(Session *s, const Document *d, Doc *doc)
{
	const Block *dept = d->kind == DOC_SHEET ? &d->sheet.department
	                                         : &d->book.department;
	doc->info.author = block_join(dept, "・");
	doc->info.creator = xstrdup("goalsheet " GOALSHEET_VERSION);
	doc->info.epoch = s->epoch;
	if (d->kind == DOC_SHEET && doc->info.title == NULL)
		doc->info.title = block_join(&d->sheet.goal, "");
}

/* "[3/7] ３位 移住・定住・交流による…": the sheet's outline entry in
 * the template's words, cut to 24 characters. */
static void show_progress(void *arg, size_t index, size_t count, const Sheet *sh)
{
	const Session *s = arg;
	ContentEnv env = {.t = s->tmpl, .sheet = sh};
	char *entry = content_text(&s->tmpl->outline, &env);
	size_t cut = 0, chars = 0;
	while (entry[cut] && chars < 24) {
		cut++;
		while (((unsigned char)entry[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	diag_line(stderr, "[%zu/%zu] %.*s%s", index + 1, count, (int)cut, entry,
	          entry[cut] ? "…" : "");
	free(entry);
}

/* After the load (rc its result): the template, the fields' names, the
 * stage.  Returns rc, or -1 when there is no template. */
static int prepare_loaded(Session *s, const char *path, Document *out, int rc)
{
	if (rc != 0 && !out->checkable)
		return -1;
	if (!choose_template(s, out, path)) {
		out->checkable = false;
		return -1;
	}
	name_fields(s, out);
	override_stage(s, out);
	return rc;
}

int session_load(Session *s, const char *path, Document *out)
{
	return prepare_loaded(s, path, out,
	                      load_document(path, s->schema, s->helpers, out,
	                                    &s->diag));
}

/* The pipeline after session_load: check and layout (a book's pages
 * handed to sink, if any, as they are laid out). */
static int check_and_lay_out(Session *s, const char *path, Document *out,
                             Doc *doc, const LayoutSink *sink, int before)
{
	CheckOptions co = {.draft = s->opt.draft, .printed = s->tmpl->printed,
	                   .template_name = s->tmpl->name};
	if (out->kind == DOC_SHEET)
		check_sheet(&out->sheet, &co, &s->diag);
	else
		check_book(&out->book, &co, &s->diag);
	Doc scratch = {0};
	Doc *target = doc ? doc : &scratch;
	char *note = draft_note(s);
	LayoutContext ctx = {.t = s->tmpl, .fonts = s->fonts, .d = &s->diag,
	                     .opt = {s->opt.draft, note, path, s->opt.fit},
	                     .sink = sink, .helpers = s->helpers};
	/* Progress is for people watching a terminal, not for logs. */
	if (!s->opt.quiet && isatty(STDERR_FILENO)) {
		ctx.progress = show_progress;
		ctx.progress_arg = s;
	}
	if (out->kind == DOC_SHEET)
		layout_sheet(&ctx, &out->sheet, target, -1);
	else
		layout_book(&ctx, &out->book, target);
	free(note);
	set_info(s, out, target);
	doc_free(&scratch);
	return s->diag.errors > before ? -1 : 0;
}

static int process(Session *s, const char *path, Document *out, Doc *doc,
                   const LayoutSink *sink)
{
	int before = s->diag.errors;
	/* A book missing a sheet is checked and laid out still, for the
	 * errors of its other sheets; it is never written (errors > before). */
	if (session_load(s, path, out) != 0 && !out->checkable)
		return -1;
	return check_and_lay_out(s, path, out, doc, sink, before);
}

int session_process(Session *s, const char *path, Document *out, Doc *doc)
{
	return process(s, path, out, doc, NULL);
}

int session_process_bytes(Session *s, const char *path, const char *data,
                          size_t len, Document *out, Doc *doc)
{
	int before = s->diag.errors;
	int rc = load_sheet_bytes(path, data, len, s->schema, out, &s->diag);
	if (prepare_loaded(s, path, out, rc) != 0)
		return -1;
	return check_and_lay_out(s, path, out, doc, NULL, before);
}

/* True when path names the file st describes (the same device and
 * inode: a hard link or a symbolic link to it is the same file). */
static bool is_file_of(const struct stat *st, const char *path)
{
	struct stat other;
	return stat(path, &other) == 0 && other.st_dev == st->st_dev &&
	       other.st_ino == st->st_ino;
}

void report_output_is_input(Diag *d, const char *output)
{
	diag_system(d, _("the output '%s' is the input file; give another "
	            "name with -o"), output);
}

bool output_is_input(Diag *d, const char *output, const char *input)
{
	struct stat st;
	if (stat(output, &st) != 0 || !is_file_of(&st, input))
		return false;
	report_output_is_input(d, output);
	return true;
}

/* Refuses an output that is a file the render read besides its input:
 * a sheet the book includes, the template, a font.  Nothing a run reads
 * is ever overwritten. */
static bool output_is_source(Session *s, const char *output, const Document *d)
{
	struct stat st;
	if (stat(output, &st) != 0)
		return false;    /* a file yet to be made is none of them */
	for (size_t i = 0; d->kind == DOC_BOOK && i < d->book.nsheets; i++) {
		const Sheet *sh = &d->book.sheets[i];
		if (sh->included_at.line > 0 && is_file_of(&st, sh->file)) {
			diag_system(&s->diag, _("the output '%s' is one of the book's "
			            "sheets (%s:%ld:%ld); give another name with -o"),
			            output, d->book.file, sh->included_at.line,
			            sh->included_at.col);
			return true;
		}
	}
	if (is_file_of(&st, s->tmpl->file)) {
		diag_system(&s->diag, _("the output '%s' is the template (%s); give "
		            "another name with -o"), output, s->tmpl->file);
		return true;
	}
	for (size_t i = 0; i < fonts_count(s->fonts); i++)
		if (is_file_of(&st, fonts_path(s->fonts, i))) {
			diag_system(&s->diag, _("the output '%s' is a font the template "
			            "uses (%s); give another name with -o"), output,
			            fonts_path(s->fonts, i));
			return true;
		}
	return false;
}

void session_forget_template(Session *s)
{
	fonts_close(s->fonts);
	template_free(s->tmpl);
	free(s->tmpl_path);
	s->fonts = NULL;
	s->tmpl = NULL;
	s->tmpl_path = NULL;
}

void render_result_free(RenderResult *res)
{
	for (size_t i = 0; i < res->nfiles; i++)
		free(res->files[i]);
	free(res->files);
	memset(res, 0, sizeof *res);
}

/* The name a source is embedded under: relative to the input's folder
 * (a book's sheets keep the names its includes give them). */
static const char *source_name(const char *file, const char *dir)
{
	size_t n = strlen(dir);
	if (strcmp(dir, ".") != 0 && strncmp(file, dir, n) == 0 && file[n] == '/')
		return file + n + 1;
	return path_base(file);
}

/* The document's files, to be embedded in the PDF (pdf_meta.h).  They
 * are read again here: the loader keeps trees, not bytes.  Returns 0, or
 * -1 after reporting. */
static int attach_sources(Session *s, const Document *d, const char *input,
                          Doc *doc)
{
	size_t n;
	char **files = document_files(d, &n);
	char *dir = path_dir(input);
	int rc = 0;
	doc->info.sources = xcalloc(n + 1, sizeof *doc->info.sources);
	for (size_t i = 0; i < n; i++) {
		Attachment *src = &doc->info.sources[doc->info.nsources];
		src->data = rc == 0 ? read_file(files[i], &src->len) : NULL;
		if (rc == 0 && src->data == NULL) {
			diag_system(&s->diag, _("cannot read '%s' again to embed it: %s"),
			            files[i], strerror(errno));
			rc = -1;
		}
		if (src->data) {
			src->name = xstrdup(source_name(files[i], dir));
			doc->info.nsources++;
		}
		free(files[i]);
	}
	free(files);
	free(dir);
	return rc;
}

/* A book's pages go to the PDF writer as each sheet's are laid out
 * (LayoutSink): drawn into its compact form (pdf_draw.h) and their
 * display lists freed, so the book is never held whole: the 500-sheet
 * book's display lists were about 60 MB of its 164 MB peak RSS
 * (massif, ru_maxrss). */
typedef struct Drawing {
	Session *s;
	PdfDrawing *dr;      /* made with the template's fonts, when first needed */
} Drawing;

static void draw_laid_out(void *arg, Doc *doc, size_t first)
{
	Drawing *dw = arg;
	if (dw->dr == NULL)
		dw->dr = pdf_drawing_new(dw->s->fonts);
	pdf_draw_pages(dw->dr, doc, first, &dw->s->diag);
}

static void drawn_moved(void *arg, size_t page_offset, size_t node_offset)
{
	Drawing *dw = arg;
	if (dw->dr != NULL)
		pdf_drawing_moved(dw->dr, page_offset, node_offset);
}

int session_render(Session *s, const char *input, const char *output,
                   bool want_book, RenderResult *res)
{
	if (output_is_input(&s->diag, output, input) || !session_ready(s))
		return -1;
	Document d;
	Doc doc = {0};
	Drawing dw = {.s = s};
	LayoutSink sink = {draw_laid_out, drawn_moved, &dw};
	int rc = process(s, input, &d, &doc, &sink);
	if (rc == 0 && want_book && d.kind != DOC_BOOK) {
		diag_at(&s->diag, DIAG_ERROR, input, d.sheet.pos.line, d.sheet.pos.col,
		        NULL, _("this is a <sheet>; `goalsheet book` needs a <book> "
		        "(use `goalsheet render` for one sheet)"));
		rc = -1;
	}
	if (rc == 0 && output_is_source(s, output, &d))
		rc = -1;
	if (rc == 0)
		rc = attach_sources(s, &d, input, &doc);
	if (res != NULL) {
		res->pages = doc.npages;
		if (d.kind != DOC_NONE)
			res->files = document_files(&d, &res->nfiles);
	}
	/* The PDF is written from doc alone: the model goes first, out of
	 * the writer's peak (27 MB of a 500-sheet book's, ru_maxrss). */
	document_free(&d);
	if (rc == 0 && dw.dr != NULL)
		rc = pdf_write_drawn(&doc, dw.dr, s->fonts, s->helpers, output,
		                     &s->diag);
	else if (rc == 0)
		rc = pdf_write_consuming(&doc, s->fonts, s->helpers, output,
		                         &s->diag);
	pdf_drawing_free(dw.dr);
	doc_free(&doc);
	return rc;
}
