/* serve_html.c: see serve_html.h. */
#define _GNU_SOURCE   /* memmem */
#include "serve_html.h"

#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "sdg.h"
#include "svg.h"
#include "util.h"
#include "webpath.h"

/* Folders deeper than this below the root are not searched. */
#define MAX_DEPTH 8
#define MAX_DOCUMENTS 4000
#define NAMESPACE "urn:goalsheet:1"

void good_pages_free(GoodPages *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->items[i].rel);
		free(g->items[i].svg);
	}
	free(g->items);
	*g = (GoodPages){0};
}

static char **good_slot(GoodPages *g, const char *rel, bool create)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->items[i].rel, rel) == 0)
			return &g->items[i].svg;
	if (!create)
		return NULL;
	xgrow((void **)&g->items, &g->cap, g->n + 1, sizeof *g->items);
	g->items[g->n] = (GoodPage){xstrdup(rel), NULL};
	return &g->items[g->n++].svg;
}

/* ---- finding documents -------------------------------------------------- */

static bool in_namespace(const char *path)
{
	char head[4097];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, head, sizeof head - 1);
	close(fd);
	if (n <= 0)
		return false;
	head[n] = '\0';
	return memmem(head, (size_t)n, NAMESPACE, strlen(NAMESPACE)) != NULL;
}

static bool ends_with_xml(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

typedef struct Found {
	const char *root;
	char **rel;
	size_t n, cap;
} Found;

static void find_in(Found *f, const char *sub, int depth)
{
	char *dir = sub[0] ? xasprintf("%s/%s", f->root, sub) : xstrdup(f->root);
	DIR *dp = opendir(dir);
	struct dirent *e;
	while (dp != NULL && (e = readdir(dp)) != NULL && f->n < MAX_DOCUMENTS) {
		if (e->d_name[0] == '.')
			continue;
		char *rel = sub[0] ? xasprintf("%s/%s", sub, e->d_name) : xstrdup(e->d_name);
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < MAX_DEPTH) {
			find_in(f, rel, depth + 1);
		} else if (ends_with_xml(e->d_name) && webpath_document_ok(rel) &&
		           in_namespace(path)) {
			char *ok = serve_resolve(f->root, rel);
			if (ok != NULL) {
				xgrow((void **)&f->rel, &f->cap, f->n + 1, sizeof *f->rel);
				f->rel[f->n++] = rel;
				rel = NULL;
			}
			free(ok);
		}
		free(rel);
		free(path);
	}
	if (dp != NULL)
		closedir(dp);
	free(dir);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **serve_find_documents(const char *root, size_t *n)
{
	Found f = {.root = root};
	find_in(&f, "", 0);
	if (f.n > 0)
		qsort(f.rel, f.n, sizeof *f.rel, by_name);
	*n = f.n;
	return f.rel;
}

char *serve_resolve(const char *root, const char *rel)
{
	if (!webpath_document_ok(rel))
		return NULL;
	char *joined = xasprintf("%s/%s", root, rel);
	char *real = realpath(joined, NULL);
	free(joined);
	size_t n = strlen(root);
	struct stat st;
	if (real == NULL || strncmp(real, root, n) != 0 || real[n] != '/' ||
	    stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(real);
		return NULL;
	}
	return real;
}

/* ---- running the pipeline ------------------------------------------------ */

typedef struct Outcome {
	int rc;
	int errors, warnings;
	char *messages;      /* the diagnostics, one a line */
	Document d;
	Doc doc;
} Outcome;

static void outcome_free(Outcome *o)
{
	free(o->messages);
	document_free(&o->d);
	doc_free(&o->doc);
}

void serve_capture_begin(Capture *c, ServeView *v, char **messages)
{
	*c = (Capture){.s = v->s, .out = v->s->diag.out};
	if (v->lang != NULL) {
		c->saved_locale = xstrdup(setlocale(LC_MESSAGES, NULL));
		setlocale(LC_MESSAGES, v->lang);
	}
	*messages = NULL;
	c->mem = open_memstream(messages, &c->len);
	if (c->mem == NULL) {       /* out of memory: as util.h's allocators */
		perror("goalsheet");
		abort();
	}
	c->s->diag = (Diag){.out = c->mem, .quiet = c->s->diag.quiet};
}

void serve_capture_end(Capture *c, int *errors, int *warnings)
{
	Diag *d = &c->s->diag;
	*errors = d->errors + d->system_error;
	*warnings = d->warnings;
	*d = (Diag){.out = c->out, .quiet = d->quiet};
	fclose(c->mem);
	if (c->saved_locale != NULL) {
		setlocale(LC_MESSAGES, c->saved_locale);
		free(c->saved_locale);
	}
}

/* root/rel, or NULL after saying so in the capture. */
static char *resolve_or_say(const Capture *c, const char *root, const char *rel)
{
	char *path = serve_resolve(root, rel);
	if (path == NULL)
		fprintf(c->mem, "%s: error: %s\n", rel, _("cannot open this file"));
	return path;
}

/* Loads, checks and lays out root/rel with the session. */
static void run_document(ServeView *v, const char *rel, Outcome *o)
{
	*o = (Outcome){.rc = -1};
	Capture c;
	serve_capture_begin(&c, v, &o->messages);
	char *path = resolve_or_say(&c, v->root, rel);
	if (path != NULL && session_ready(v->s))
		o->rc = session_process(v->s, path, &o->d, &o->doc);
	free(path);
	serve_capture_end(&c, &o->errors, &o->warnings);
}

int serve_render_pdf(ServeView *v, const char *rel, const char *output,
                     char **messages)
{
	Capture c;
	serve_capture_begin(&c, v, messages);
	char *path = resolve_or_say(&c, v->root, rel);
	int rc = path ? session_render(v->s, path, output, false, NULL) : -1;
	free(path);
	int errors, warnings;
	serve_capture_end(&c, &errors, &warnings);
	return rc;
}

/* ---- markup -------------------------------------------------------------- */

/* rel as a URL path: unreserved characters and '/' stay, the rest is
 * %-encoded. */
void serve_url_path(Buf *b, const char *rel)
{
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			buf_addc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

void serve_head(Buf *b, const char *title, const char *view, unsigned long gen,
                const char *script)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
	         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	         "<title>");
	markup_escape(b, title);
	buf_adds(b, " — goalsheet</title>\n"
	         "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
	         "<link rel=\"stylesheet\" href=\"/fonts.css\">\n"
	         "<script src=\"/static/");
	buf_adds(b, script);
	buf_adds(b, "\" defer></script>\n</head>\n");
	buf_adds(b, "<body data-view=\"");
	markup_escape(b, view);
	buf_printf(b, "\" data-gen=\"%lu\">\n", gen);
}

const char *const SERVE_STATUS_HTML =
	"<span id=\"status\" role=\"status\" aria-live=\"polite\">接続中…</span>\n";

/* "dir/file.xml:12:5: error: field: message" as a list item, the file
 * name relative to the root. */
/* The key of the field a message about rel's line:col is about, as a
 * data-key attribute. */
static void diag_key(Buf *b, const char *loc, const DiagKeys *keys)
{
	size_t n = keys ? strlen(keys->rel) : 0;
	long line, col;
	char end;
	if (keys == NULL || strncmp(loc, keys->rel, n) != 0 ||
	    sscanf(loc + n, ":%ld:%ld%c", &line, &col, &end) != 2)
		return;
	char *key = keys->key(keys->arg, line, col);
	if (key != NULL) {
		buf_adds(b, " data-key=\"");
		markup_escape(b, key);
		buf_addc(b, '"');
	}
	free(key);
}

static void diag_item(Buf *b, const char *line, size_t len, const char *root,
                      const DiagKeys *keys)
{
	size_t rn = strlen(root);
	if (len > rn && strncmp(line, root, rn) == 0 && line[rn] == '/') {
		line += rn + 1;
		len -= rn + 1;
	}
	static const char *const levels[] = {"error", "warning", "note"};
	char *text = xstrndup(line, len);
	const char *level = "error", *at = NULL;
	for (size_t i = 0; i < 3 && at == NULL; i++) {
		char *marker = xasprintf(": %s: ", levels[i]);
		at = strstr(text, marker);
		level = levels[i];
		free(marker);
	}
	buf_printf(b, "<li class=\"%s\"", at ? level : "error");
	char *loc = at ? xstrndup(text, (size_t)(at - text)) : NULL;
	if (loc != NULL)
		diag_key(b, loc, keys);
	buf_addc(b, '>');
	if (at != NULL) {
		buf_adds(b, "<code class=\"loc\">");
		markup_escape(b, loc);
		buf_printf(b, "</code> <span class=\"level\">%s</span> ", level);
		markup_escape(b, at + strlen(level) + 4);
		free(loc);
	} else {
		markup_escape(b, text);
	}
	buf_adds(b, "</li>\n");
	free(text);
}

void serve_diag_list(Buf *b, const char *messages, int errors, int warnings,
                     const char *root, const DiagKeys *keys)
{
	if (messages == NULL || messages[0] == '\0') {
		buf_adds(b, "<p id=\"diags\" class=\"clean\">エラー・警告はありません。</p>\n");
		return;
	}
	buf_printf(b, "<section id=\"diags\" class=\"diags\" aria-label=\"診断\">\n"
	           "<h2>エラー %d 件、警告 %d 件</h2>\n<ul>\n", errors, warnings);
	for (const char *p = messages; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > 0)
			diag_item(b, p, n, root, keys);
		p += n + (nl != NULL);
	}
	buf_adds(b, "</ul>\n</section>\n");
}

char *serve_pages_svg(const Doc *doc)
{
	Buf b = {0};
	for (size_t p = 0; p < doc->npages; p++)
		svg_page(&b, doc, p);
	return buf_take(&b);
}

char *serve_view_html(ServeView *v, const char *rel)
{
	Outcome o;
	run_document(v, rel, &o);
	char **good = good_slot(v->good, rel, o.rc == 0);
	if (o.rc == 0) {
		free(*good);
		*good = serve_pages_svg(&o.doc);
	}
	const char *state = o.rc == 0 ? "ok" : good && *good ? "stale" : "broken";
	Buf b = {0};
	buf_printf(&b, "<main id=\"live\" data-gen=\"%lu\" data-state=\"%s\">\n",
	           v->gen, state);
	serve_diag_list(&b, o.messages, o.errors, o.warnings, v->root, NULL);
	if (o.rc != 0 && good && *good)
		buf_adds(&b, "<p class=\"stale-note\">保存された内容にエラーがあるため、"
		         "最後に正しく表示できたページを表示しています（古い表示）。</p>\n");
	buf_printf(&b, "<div id=\"pages\" class=\"pages%s\">\n",
	           o.rc != 0 ? " stale" : "");
	if (good && *good)
		buf_adds(&b, *good);
	buf_adds(&b, "</div>\n</main>\n");
	outcome_free(&o);
	return buf_take(&b);
}

char *serve_doc_html(ServeView *v, const char *rel)
{
	Buf view = {0}, b = {0};
	buf_adds(&view, "/view/");
	serve_url_path(&view, rel);
	serve_head(&b, rel, view.data, v->gen, "app.js");
	buf_adds(&b, "<header>\n<nav><a href=\"/\">← 一覧</a></nav>\n<h1>");
	markup_escape(&b, rel);
	buf_adds(&b, "</h1>\n<a class=\"button\" href=\"/pdf/");
	serve_url_path(&b, rel);
	buf_adds(&b, "\" download>PDF をダウンロード</a>\n");
	buf_adds(&b, SERVE_STATUS_HTML);
	buf_adds(&b, "</header>\n");
	char *live = serve_view_html(v, rel);
	buf_adds(&b, live);
	buf_adds(&b, "</body>\n</html>\n");
	free(live);
	buf_free(&view);
	return buf_take(&b);
}

/* ---- the index ----------------------------------------------------------- */

static const char *stage_ja(Stage s)
{
	static const char *const names[] = {"計画", "中間報告", "期末報告"};
	return s <= STAGE_FINAL ? names[s] : "";
}

static void index_cells(Buf *b, const Outcome *o)
{
	if (o->d.kind == DOC_SHEET) {
		char *goal = block_join(&o->d.sheet.goal, "");
		buf_adds(b, "<td>");
		markup_escape(b, goal);
		buf_printf(b, "</td><td class=\"num\">%d</td><td>%s</td>",
		           o->d.sheet.priority, stage_ja(o->d.sheet.stage));
		free(goal);
	} else if (o->d.kind == DOC_BOOK) {
		buf_printf(b, "<td>冊子（シート %zu 枚）</td><td class=\"num\">—</td>"
		           "<td>—</td>", o->d.book.nsheets);
	} else {
		buf_adds(b, "<td>（読み込めません）</td><td class=\"num\">—</td><td>—</td>");
	}
	if (o->errors > 0)
		buf_printf(b, "<td class=\"error\">エラー %d 件</td>", o->errors);
	else if (o->warnings > 0)
		buf_printf(b, "<td class=\"warning\">警告 %d 件</td>", o->warnings);
	else
		buf_adds(b, "<td class=\"ok\">問題なし</td>");
}

/* Buttons that copy a document for the next fiscal year (into the
 * folder YEAR beside it) or a sheet for its next stage (into the folder
 * named after the stage); edit.js's twin in app.js sends them. */
static void next_buttons(Buf *b, const char *rel, const Document *d)
{
	int year = d->kind == DOC_SHEET ? d->sheet.fiscal_year : d->book.fiscal_year;
	char *dir = strchr(rel, '/') ? path_dir(rel) : xstrdup("");
	const char *sep = dir[0] ? "/" : "";
	buf_printf(b, " <span class=\"next\" data-doc=\"");
	serve_url_path(b, rel);
	buf_printf(b, "\"><button type=\"button\" data-to=\"year\" data-folder=\"");
	markup_escape(b, dir);
	buf_printf(b, "%s%d\">次の年度へ写す</button>", sep, year + 1);
	if (d->kind == DOC_SHEET && d->sheet.stage < STAGE_FINAL) {
		buf_adds(b, " <button type=\"button\" data-to=\"stage\" data-folder=\"");
		markup_escape(b, dir);
		buf_printf(b, "%s%d-%s\">%sへ写す</button>", sep, year,
		           stage_name(d->sheet.stage + 1), stage_ja(d->sheet.stage + 1));
	}
	buf_adds(b, "<span class=\"next-status\" role=\"status\"></span></span>");
	free(dir);
}

char *serve_index_html(ServeView *v, const char *after)
{
	Buf b = {0};
	serve_head(&b, v->root, "/", v->gen, "app.js");
	buf_adds(&b, "<header>\n<h1>");
	markup_escape(&b, v->root);
	buf_adds(&b, "</h1>\n");
	buf_adds(&b, SERVE_STATUS_HTML);
	buf_printf(&b, "</header>\n<main id=\"live\" data-gen=\"%lu\" data-state=\"ok\">\n",
	           v->gen);
	size_t n;
	char **docs = serve_find_documents(v->root, &n);
	if (n == 0)
		buf_adds(&b, "<p>このフォルダーにシートも冊子もありません。</p>\n");
	else
		buf_adds(&b, "<table class=\"index\">\n<thead><tr><th>ファイル</th>"
		         "<th>重点目標</th><th>順位</th><th>段階</th><th>確認結果</th>"
		         "<th>編集</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		Outcome o;
		run_document(v, docs[i], &o);
		buf_adds(&b, "<tr><td><a href=\"/doc/");
		serve_url_path(&b, docs[i]);
		buf_adds(&b, "\">");
		markup_escape(&b, docs[i]);
		buf_adds(&b, "</a></td>");
		index_cells(&b, &o);
		buf_adds(&b, "<td>");
		if (o.d.kind == DOC_SHEET) {
			buf_adds(&b, "<a class=\"edit\" href=\"/edit/");
			serve_url_path(&b, docs[i]);
			buf_adds(&b, "\">編集</a>");
		}
		if (v->writable)
			next_buttons(&b, docs[i], &o.d);
		buf_adds(&b, "</td>");
		buf_adds(&b, "</tr>\n");
		outcome_free(&o);
		free(docs[i]);
	}
	free(docs);
	buf_adds(&b, n ? "</tbody>\n</table>\n</main>\n" : "</main>\n");
	buf_adds(&b, after ? after : "");
	buf_adds(&b, "</body>\n</html>\n");
	return buf_take(&b);
}

/* ---- fonts and languages ------------------------------------------------- */

char *serve_fonts_css(FontSet *fonts)
{
	Buf b = {0};
	size_t n = fonts_count(fonts);
	for (size_t f = 0; f < n; f++) {
		size_t canon = 0;
		while (strcmp(fonts_path(fonts, canon), fonts_path(fonts, f)) != 0)
			canon++;
		if (canon == f)
			buf_printf(&b, "@font-face { font-family: \"goalsheet-%zu\"; "
			           "src: url(\"/font/%zu\"); font-display: block; }\n", f, f);
		buf_printf(&b, "svg .f%zu { font-family: \"goalsheet-%zu\"; }\n", f, canon);
	}
	/* The edit view's SDG badges in the goals' colours (sdg.h): here,
	 * since the page's policy allows no inline style. */
	for (int g = 1; g <= 17; g++)
		buf_printf(&b, ".sdg-%d { --sdg: #%06x; }\n", g, sdg_colour(g));
	return buf_take(&b);
}

/* True if the language range at p is lang ("ja", "ja-JP", "ja;q=0.9"). */
static bool language_is(const char *p, const char *lang)
{
	size_t n = strlen(lang);
	return strncasecmp(p, lang, n) == 0 && strchr("-;, \t", p[n]) != NULL;
}

const char *serve_messages_locale(const char *accept_language)
{
	for (const char *p = accept_language; p != NULL && *p;) {
		p += strspn(p, " \t,");
		if (language_is(p, "ja"))
			return "ja_JP.UTF-8";
		if (language_is(p, "en"))
			return "C";
		p = strchr(p, ',');
	}
	return NULL;
}
