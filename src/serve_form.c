/* serve_form.c: see serve_form.h.  Sections: reading the file, the
 * form's parts, the template's bands, the initiatives, the page, the
 * preview and the save, a new sheet. */
#include "serve_form.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd_new.h"
#include "i18n.h"
#include "nextyear.h"
#include "outfile.h"
#include "sdg.h"
#include "sheet_edit.h"
#include "svg.h"
#include "util.h"
#include "webpath.h"

/* Years the fiscal-year list offers around the sheet's. */
#define YEARS_AROUND 3
/* Priorities the list offers (more when the sheet has a higher one). */
#define PRIORITIES 20

/* ---- reading the file ------------------------------------------------------ */

/* root/rel's bytes (NULL when it cannot be read or is too big). */
static char *read_document(const char *root, const char *rel, char **path,
                           size_t *len)
{
	*path = serve_resolve(root, rel);
	char *data = *path ? read_file(*path, len) : NULL;
	if (data != NULL && *len > (size_t)MAX_INPUT_BYTES) {
		free(data);
		data = NULL;
	}
	return data;
}

/* What the session made of some bytes of the sheet at path: messages,
 * the model, the pages. */
typedef struct Run {
	int rc, errors, warnings;
	char *messages;
	Document d;
	Doc doc;
} Run;

static void run_bytes(ServeView *v, const char *path, const char *data,
                      size_t len, Run *r)
{
	*r = (Run){.rc = -1};
	Capture c;
	serve_capture_begin(&c, v, &r->messages);
	if (session_ready(v->s))
		r->rc = session_process_bytes(v->s, path, data, len, &r->d, &r->doc);
	serve_capture_end(&c, &r->errors, &r->warnings);
}

static void run_free(Run *r)
{
	free(r->messages);
	document_free(&r->d);
	doc_free(&r->doc);
}

static char *key_at(void *arg, long line, long col)
{
	return edit_key_at(arg, line, col);
}

/* The preview: messages (each with its field's key) and pages. */
static void put_live(Buf *b, ServeView *v, const char *rel, const Run *r,
                     EditSheet *keys, const char *hash)
{
	buf_printf(b, "<main id=\"live\" data-state=\"%s\" data-hash=\"%s\">\n",
	           r->rc == 0 ? "ok" : "broken", hash);
	DiagKeys dk = {rel, key_at, keys};
	serve_diag_list(b, r->messages, r->errors, r->warnings, v->root,
	                keys ? &dk : NULL);
	/* A sheet that checks with errors (a field the stage requires still
	 * empty) is still laid out: the pages show what there is. */
	buf_adds(b, "<div id=\"pages\" class=\"pages\">\n");
	if (r->doc.npages > 0) {
		char *svg = serve_pages_svg(&r->doc);
		buf_adds(b, svg);
		free(svg);
	}
	buf_adds(b, "</div>\n</main>\n");
}

/* ---- the form's parts -------------------------------------------------------- */

/* A text area of a field (data-field: its key within its item). */
static void put_area(Buf *b, const char *field, const char *text, const char *label,
                     int rows)
{
	buf_printf(b, "<textarea data-field=\"%s\" rows=\"%d\" aria-label=\"", field,
	           rows);
	markup_escape(b, label ? label : field);
	buf_adds(b, "\">");
	markup_escape(b, text);
	buf_adds(b, "</textarea>");
}

static void put_field_area(Buf *b, const EditSheet *e, const char *key,
                           const char *field, const char *label, int rows)
{
	char *text = edit_text(e, key);
	put_area(b, field, text, label, rows);
	free(text);
}

/* The fiscal years around year as their era (令和７年度), year chosen;
 * attrs names the list. */
static void put_years(Buf *b, int year, const char *attrs)
{
	int around = year < 1989 || year > 2100 ? 2025 : year;
	buf_printf(b, "<select %s aria-label=\"年度\">", attrs);
	for (int y = around - YEARS_AROUND; y <= around + YEARS_AROUND; y++) {
		char *era = era_year(y);
		if (era != NULL)
			buf_printf(b, "<option value=\"%d\"%s>%s（%d）</option>", y,
			           y == year ? " selected" : "", era, y);
		free(era);
	}
	buf_adds(b, "</select>");
}

static void put_priorities(Buf *b, int now, const char *attrs)
{
	int top = now > PRIORITIES ? now : PRIORITIES;
	buf_printf(b, "<select %s aria-label=\"優先順位\">", attrs);
	for (int p = 1; p <= top; p++) {
		char *wide = fullwidth_number(p);
		buf_printf(b, "<option value=\"%d\"%s>%s</option>", p,
		           now == p ? " selected" : "", wide);
		free(wide);
	}
	buf_adds(b, "</select>");
}

static void put_fiscal_year(Buf *b, const EditSheet *e)
{
	char *now = edit_text(e, "fiscal-year");
	put_years(b, atoi(now), "data-field=\"fiscal-year\"");
	free(now);
}

static void put_priority(Buf *b, const EditSheet *e)
{
	char *now = edit_text(e, "priority");
	put_priorities(b, atoi(now), "data-field=\"priority\"");
	free(now);
}

static void put_stage(Buf *b, const EditSheet *e)
{
	static const struct { const char *value, *label; } stages[] = {
		{"plan", "目標設定（計画）"}, {"interim", "中間報告"}, {"final", "期末報告"}};
	char *now = edit_text(e, "stage");
	buf_adds(b, "<label class=\"stage\">段階 <select data-field=\"stage\">");
	for (size_t i = 0; i < 3; i++)
		buf_printf(b, "<option value=\"%s\"%s>%s</option>", stages[i].value,
		           strcmp(now, stages[i].value) == 0 ? " selected" : "",
		           stages[i].label);
	buf_adds(b, "</select></label>");
	free(now);
}

/* The seventeen badges, pressed for the sheet's goals; the hidden field
 * keeps the file's order (edit.js adds new goals at the end). */
static void put_sdgs(Buf *b, const EditSheet *e)
{
	char *now = edit_text(e, "sdgs");
	buf_adds(b, "<div class=\"sdgs\" role=\"group\" aria-label=\"SDGs\">"
	         "<input type=\"hidden\" data-field=\"sdgs\" value=\"");
	markup_escape(b, now);
	buf_adds(b, "\">");
	for (int g = 1; g <= 17; g++) {
		char num[12];
		snprintf(num, sizeof num, "%d", g);
		bool on = false;
		char *copy = xstrdup(now), *save = NULL;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
			on = on || strcmp(t, num) == 0;
		free(copy);
		buf_printf(b, "<button type=\"button\" class=\"sdg sdg-%d\" data-goal=\"%d\" "
		           "aria-pressed=\"%s\" title=\"%d %s\">%d</button>", g, g,
		           on ? "true" : "false", g, sdg_name(g), g);
	}
	buf_adds(b, "</div>");
	free(now);
}

/* ---- the template's bands ------------------------------------------------- */

typedef struct FormCtx {
	Buf *b;
	const EditSheet *e;
	const Template *t;
	unsigned long shown;     /* fields already given a text area (1 << Field) */
	bool year_shown, priority_shown;
} FormCtx;

/* Template text with its line breaks. */
static void put_label_text(Buf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '\n')
			buf_adds(b, "<br>");
		else if (*p == '<')
			buf_adds(b, "&lt;");
		else if (*p == '&')
			buf_adds(b, "&amp;");
		else
			buf_addc(b, *p);
	}
}

static void put_value(FormCtx *f, const Piece *p)
{
	if ((p->which == VALUE_ERA_YEAR || p->which == VALUE_FISCAL_YEAR) &&
	    !f->year_shown) {
		put_fiscal_year(f->b, f->e);
		f->year_shown = true;
	} else if (p->which == VALUE_PRIORITY && !f->priority_shown) {
		put_priority(f->b, f->e);
		f->priority_shown = true;
	} else if (p->which == VALUE_CITY && f->t->city) {
		markup_escape(f->b, f->t->city);
	}
}

static void put_field(FormCtx *f, Field field, const char *label, int rows)
{
	if (f->shown & (1ul << field))
		return;
	f->shown |= 1ul << field;
	if (field == FIELD_SDGS) {
		put_sdgs(f->b, f->e);
		return;
	}
	const char *name = field_xml_name(field);
	put_field_area(f->b, f->e, name, name, label ? label : f->t->field_names[field],
	               rows);
}

static void put_content(FormCtx *f, const Content *c, const char *label, int rows)
{
	for (size_t i = 0; i < c->n; i++) {
		const Piece *p = &c->v[i];
		if (p->kind == PIECE_TEXT)
			put_label_text(f->b, p->text);
		else if (p->kind == PIECE_VALUE)
			put_value(f, p);
		else
			put_field(f, (Field)p->which, label, rows);
	}
}

static void put_rows(FormCtx *f, const TRow *rows, size_t n, double width);

/* A row of cells as a table, each cell its share of width. */
static void put_cells(FormCtx *f, const TCell *cells, size_t n, double width,
                      int rows)
{
	buf_adds(f->b, "<table class=\"band\"><colgroup>");
	double rest = width;
	for (size_t i = 0; i < n; i++)
		rest -= cells[i].w > 0 ? cells[i].w : 0;
	for (size_t i = 0; i < n; i++) {
		double w = cells[i].w > 0 ? cells[i].w : rest;
		buf_printf(f->b, "<col width=\"%.2f%%\">", width > 0 ? 100 * w / width : 0);
	}
	buf_adds(f->b, "</colgroup><tr>");
	for (size_t i = 0; i < n; i++) {
		const TCell *c = &cells[i];
		bool label = c->nrows == 0 && content_is_label(&c->content);
		buf_printf(f->b, "<td class=\"%s%s\">", label ? "label" : "cell",
		           c->shaded ? " shaded" : "");
		if (c->nrows > 0) {
			put_rows(f, c->rows, c->nrows, c->w > 0 ? c->w : rest);
		} else {
			if (c->heading.n > 0) {
				buf_adds(f->b, "<div class=\"heading\">");
				put_content(f, &c->heading, NULL, rows);
				buf_adds(f->b, "</div>");
			}
			put_content(f, &c->content, c->name, rows);
		}
		buf_adds(f->b, "</td>");
	}
	buf_adds(f->b, "</tr></table>\n");
}

static void put_rows(FormCtx *f, const TRow *rows, size_t n, double width)
{
	for (size_t i = 0; i < n; i++)
		put_cells(f, rows[i].cells, rows[i].ncells, width, 2);
}

/* ---- the initiatives ------------------------------------------------------- */

static void put_colgroup(Buf *b, const TTable *tb, double width)
{
	buf_adds(b, "<colgroup>");
	for (size_t i = 0; i < tb->ncols; i++)
		buf_printf(b, "<col width=\"%.2f%%\">", 100 * tb->cols[i].w / width);
	buf_adds(b, "</colgroup>");
}

static const char *const ITEM_BUTTONS =
	"<span class=\"moves\"><button type=\"button\" data-act=\"up\" title=\"上へ\">↑</button>"
	"<button type=\"button\" data-act=\"down\" title=\"下へ\">↓</button>"
	"<button type=\"button\" data-act=\"remove\" title=\"削除\">×</button></span>";

/* The cells of a step's row (or a point's): the template's columns in
 * order, a text area where the row has that column. */
static void put_row_cells(Buf *b, const EditSheet *e, const TTable *tb,
                          const char *key, bool point, bool has_points)
{
	for (size_t i = 0; i < tb->ncols; i++) {
		const TColumn *col = &tb->cols[i];
		buf_adds(b, "<td>");
		if ((int)i == tb->number_col || col->field < 0) {
			/* edit.js writes the label: (1), ①, as the rows stand. */
			buf_printf(b, "<span class=\"row-label\"></span>%s", ITEM_BUTTONS);
		} else {
			Column c = (Column)col->field;
			bool here = point ? c != COL_ACTION
			                  : !has_points || c == COL_ACTION || c == COL_PERIOD;
			if (here) {
				char *k = key ? xasprintf("%s.%s", key, column_name(c)) : NULL;
				char *text = k ? edit_text(e, k) : xstrdup("");
				put_area(b, column_name(c), text, col->name, 3);
				free(text);
				free(k);
			}
		}
		buf_adds(b, "</td>");
	}
}

static void put_point(Buf *b, const EditSheet *e, const TTable *tb,
                      const char *key, size_t k)
{
	if (key != NULL)
		buf_printf(b, "<tr class=\"point\" data-origin=\"%zu\">", k);
	else
		buf_adds(b, "<tr class=\"point\" data-origin=\"\">");
	put_row_cells(b, e, tb, key, true, false);
	buf_adds(b, "</tr>\n");
}

/* A step's <tbody>: its row, its points, and the button for a point. */
static void put_step(Buf *b, const EditSheet *e, const TTable *tb,
                     const char *key, size_t index)
{
	char *points = key ? xasprintf("%s.p", key) : NULL;
	size_t np = points ? edit_count(e, points) : 0;
	if (key)
		buf_printf(b, "<tbody class=\"step\" data-origin=\"%zu\">", index);
	else
		buf_adds(b, "<tbody class=\"step\" data-origin=\"\">");
	buf_adds(b, "<tr class=\"step-row\">");
	put_row_cells(b, e, tb, key, false, np > 0);
	buf_adds(b, "</tr>\n");
	for (size_t k = 0; k < np; k++) {
		char *pk = xasprintf("%s.%zu", points, k);
		put_point(b, e, tb, pk, k);
		free(pk);
	}
	buf_printf(b, "<tr class=\"adds\"><td colspan=\"%zu\"><button type=\"button\" "
	           "data-act=\"add-point\">＋ 小項目（①②…）を追加</button></td></tr>"
	           "</tbody>\n", tb->ncols);
	free(points);
}

static void put_initiative(Buf *b, const EditSheet *e, const TTable *tb,
                           double width, const char *key, size_t index)
{
	if (key)
		buf_printf(b, "<div class=\"initiative\" data-origin=\"%zu\">", index);
	else
		buf_adds(b, "<div class=\"initiative\" data-origin=\"\">");
	buf_adds(b, "<div class=\"initiative-head\"><span class=\"number\"></span>"
	         "<input type=\"text\" data-field=\"title\" aria-label=\"取組の見出し\" "
	         "placeholder=\"取組の見出し\" value=\"");
	char *k = key ? xasprintf("%s.title", key) : NULL;
	char *title = k ? edit_text(e, k) : xstrdup("");
	markup_escape(b, title);
	free(title);
	free(k);
	buf_printf(b, "\">%s</div>", ITEM_BUTTONS);
	k = key ? xasprintf("%s.summary", key) : NULL;
	char *summary = k ? edit_text(e, k) : xstrdup("");
	put_area(b, "summary", summary, "取組の補足（見出しの下の行）", 1);
	free(summary);
	free(k);
	buf_adds(b, "<table class=\"steps\">");
	put_colgroup(b, tb, width);
	char *steps = key ? xasprintf("%s.s", key) : NULL;
	size_t ns = steps ? edit_count(e, steps) : 1;
	for (size_t s = 0; s < ns; s++) {
		char *sk = steps ? xasprintf("%s.%zu", steps, s) : NULL;
		put_step(b, e, tb, sk, s);
		free(sk);
	}
	free(steps);
	buf_adds(b, "</table><button type=\"button\" data-act=\"add-step\">＋ 行（(1)(2)…）を追加"
	         "</button></div>\n");
}

static void put_table(FormCtx *f, const TTable *tb)
{
	double width = 0;
	for (size_t i = 0; i < tb->ncols; i++)
		width += tb->cols[i].w;
	ContentEnv env = {.t = f->t};
	buf_adds(f->b, "<table class=\"table-head\">");
	put_colgroup(f->b, tb, width);
	buf_adds(f->b, "<tr>");
	for (size_t i = 0; i < tb->ncols; i++) {
		char *head = content_text(&tb->cols[i].head, &env);
		buf_adds(f->b, "<th>");
		put_label_text(f->b, head);
		buf_adds(f->b, "</th>");
		free(head);
	}
	buf_adds(f->b, "</tr></table>\n<div id=\"initiatives\">\n");
	size_t n = edit_count(f->e, "i");
	for (size_t i = 0; i < n; i++) {
		char *key = xasprintf("i.%zu", i);
		put_initiative(f->b, f->e, tb, width, key, i);
		free(key);
	}
	buf_adds(f->b, "</div>\n<button type=\"button\" data-act=\"add-initiative\">"
	         "＋ 取組（①②…）を追加</button>\n");
	/* What the buttons add: new, empty items (edit.js clones them). */
	buf_adds(f->b, "<template id=\"new-initiative\">");
	put_initiative(f->b, f->e, tb, width, NULL, 0);
	buf_adds(f->b, "</template>\n<template id=\"new-step\"><table>");
	put_step(f->b, f->e, tb, NULL, 0);
	buf_adds(f->b, "</table></template>\n<template id=\"new-point\"><table><tbody>");
	put_point(f->b, f->e, tb, NULL, 0);
	buf_adds(f->b, "</tbody></table></template>\n");
}

static void put_bands(FormCtx *f)
{
	double width = template_content_width(f->t);
	for (size_t i = 0; i < f->t->nbands; i++) {
		const TBand *band = &f->t->bands[i];
		if (band->kind == BAND_TABLE)
			put_table(f, &band->table);
		else
			put_cells(f, band->cells, band->ncells, width,
			          band->kind == BAND_BLOCK ? 4 : 2);
	}
}

/* ---- the page ---------------------------------------------------------------- */

static void put_page_head(Buf *b, ServeView *v, const char *rel, const char *token)
{
	Buf view = {0};
	buf_adds(&view, "/edit/");
	serve_url_path(&view, rel);
	serve_head(b, rel, view.data, v->gen, "edit.js");
	buf_free(&view);
	buf_adds(b, "<header>\n<nav><a href=\"/\">← 一覧</a> <a href=\"/doc/");
	serve_url_path(b, rel);
	buf_adds(b, "\">表示のみ</a></nav>\n<h1>");
	markup_escape(b, rel);
	buf_adds(b, " を編集</h1>\n<button type=\"button\" id=\"save\" class=\"primary\">"
	         "保存</button>\n");
	buf_adds(b, "<span id=\"status\" role=\"status\" aria-live=\"polite\"></span>\n"
	         "</header>\n");
	buf_printf(b, "<meta name=\"goalsheet-token\" content=\"%s\">\n", token);
}

char *serve_edit_html(ServeView *v, const char *rel, const char *token)
{
	size_t len = 0;
	char *path, *data = read_document(v->root, rel, &path, &len);
	char *messages = NULL;
	Capture c;
	serve_capture_begin(&c, v, &messages);
	EditSheet *e = data ? edit_open(path, data, len, &v->s->diag) : NULL;
	int errors, warnings;
	serve_capture_end(&c, &errors, &warnings);
	Buf b = {0};
	put_page_head(&b, v, rel, token);
	if (e == NULL) {
		buf_adds(&b, "<main id=\"live\">\n<p class=\"refused\">このファイルは"
		         "ブラウザーでは編集できません。</p>\n");
		serve_diag_list(&b, messages, errors, warnings, v->root, NULL);
		buf_adds(&b, "</main>\n</body>\n</html>\n");
		free(messages);
		free(data);
		free(path);
		return buf_take(&b);
	}
	free(messages);
	Run r;
	run_bytes(v, path, data, len, &r);
	char hash[17];
	edit_hash(data, len, hash);
	Buf url = {0};
	serve_url_path(&url, rel);
	buf_printf(&b, "<div class=\"editor\">\n<form id=\"sheet\" data-base=\"%s\" "
	           "data-preview=\"/preview/%s\" data-save=\"/save/%s\" "
	           "autocomplete=\"off\">\n<div class=\"toolbar\">", hash, url.data,
	           url.data);
	buf_free(&url);
	put_stage(&b, e);
	buf_adds(&b, "<span class=\"hint\">一行が一段落です。段落の中で改行するときは "
	         "Shift+Enter。行頭の「・」「○」「※」などは見出し記号になります。</span>"
	         "</div>\n");
	FormCtx f = {.b = &b, .e = e, .t = v->s->tmpl};
	put_bands(&f);
	buf_adds(&b, "</form>\n<section id=\"preview\" aria-label=\"プレビュー\">\n");
	put_live(&b, v, rel, &r, e, hash);
	buf_adds(&b, "</section>\n</div>\n</body>\n</html>\n");
	run_free(&r);
	edit_close(e);
	free(data);
	free(path);
	return buf_take(&b);
}

/* ---- the preview and the save ------------------------------------------- */

static ServeAnswer answer(unsigned status, char *body)
{
	return (ServeAnswer){status, body, "text/html; charset=utf-8", NULL};
}

static ServeAnswer refusal(unsigned status, const char *text)
{
	Buf b = {0};
	buf_adds(&b, "<main id=\"live\" data-state=\"refused\">\n<p class=\"refused\">");
	markup_escape(&b, text);
	buf_adds(&b, "</p>\n</main>\n");
	return answer(status, buf_take(&b));
}

typedef struct Bytes {
	const char *data;
	size_t len;
} Bytes;

static int write_bytes(int fd, void *arg)
{
	const Bytes *w = arg;
	for (size_t done = 0; done < w->len;) {
		ssize_t n = write(fd, w->data + done, w->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* Writes the new bytes over path; the messages on failure. */
static bool save_file(ServeView *v, const char *path, const char *data,
                      size_t len, char **messages)
{
	Capture c;
	serve_capture_begin(&c, v, messages);
	Bytes w = {data, len};
	int rc = outfile_replace(path, write_bytes, &w, &v->s->diag);
	int errors, warnings;
	serve_capture_end(&c, &errors, &warnings);
	return rc == 0;
}

ServeAnswer serve_edit_post(ServeView *v, const char *rel, const char *body,
                            size_t len, bool save)
{
	Form form;
	if (form_parse(&form, body, len) != 0)
		return refusal(400, "フォームの内容が UTF-8 ではありません。");
	size_t flen = 0;
	char *path, *data = read_document(v->root, rel, &path, &flen);
	char hash[17] = "";
	if (data != NULL)
		edit_hash(data, flen, hash);
	const char *base = form_get(&form, "base");
	Diag quiet = {0};       /* the messages come from the run below */
	ServeAnswer a;
	EditSheet *e = NULL;
	char *out = NULL;
	const char *why = NULL;
	size_t olen = 0;
	if (data == NULL) {
		a = refusal(404, "ファイルを読めません。");
	} else if (base == NULL || strcmp(base, hash) != 0) {
		a = refusal(409, "このファイルは、このページを開いた後でほかの場所で"
		            "変更されました。上書きしないように、保存を止めました。"
		            "ページを読み込み直してから、もう一度入力してください。");
	} else if ((e = edit_open(path, data, flen, &quiet)) == NULL) {
		a = refusal(422, "このファイルはブラウザーでは編集できません。");
	} else if ((out = edit_apply(e, &form, &olen, &why)) == NULL) {
		a = refusal(400, why);
	} else {
		Run r;
		run_bytes(v, path, out, olen, &r);
		EditSheet *keys = edit_open(path, out, olen, &quiet);
		Buf b = {0};
		unsigned status = 200;
		char *failed = NULL;
		if (save && r.rc != 0) {
			status = 422;
		} else if (save && strcmp(out, data) != 0 &&
		           !save_file(v, path, out, olen, &failed)) {
			status = 500;
		} else if (save) {
			edit_hash(out, olen, hash);
		}
		if (failed != NULL && failed[0] != '\0') {
			buf_adds(&b, "<p class=\"refused\">");
			markup_escape(&b, failed);
			buf_adds(&b, "</p>\n");
		}
		put_live(&b, v, rel, &r, keys, hash);
		free(failed);
		edit_close(keys);
		run_free(&r);
		a = answer(status, buf_take(&b));
	}
	free(out);
	edit_close(e);
	free(data);
	free(path);
	form_free(&form);
	return a;
}

/* ---- a new sheet -------------------------------------------------------- */

static int form_int(const Form *f, const char *key, int lo, int hi)
{
	const char *s = form_get(f, key);
	char *end;
	long v = s ? strtol(s, &end, 10) : 0;
	return s && *s && *end == '\0' && v >= lo && v <= hi ? (int)v : -1;
}

/* The name's folder is the root or a real folder below it. */
static bool folder_below(const char *root, const char *rel)
{
	char *joined = xasprintf("%s/%s", root, rel);
	char *dir = path_dir(joined);
	char *real = realpath(dir, NULL);
	size_t n = strlen(root);
	bool ok = real && (strcmp(real, root) == 0 ||
	                   (strncmp(real, root, n) == 0 && real[n] == '/'));
	free(real);
	free(dir);
	free(joined);
	return ok;
}

/* The template of a sheet without a template attribute, read afresh
 * (the session's may be another document's); problems to the terminal. */
static Template *default_template(ServeView *v)
{
	char *path = template_find(v->s->datadir, session_default_template(v->s),
	                           NULL, &v->s->diag);
	Template *t = path ? template_load(path, &v->s->diag) : NULL;
	free(path);
	return t;
}

static ServeAnswer text_answer(unsigned status, const char *text)
{
	return (ServeAnswer){status, xasprintf("%s\n", text),
	                     "text/plain; charset=utf-8", NULL};
}

ServeAnswer serve_new_sheet(ServeView *v, const char *body, size_t len)
{
	Form form;
	if (form_parse(&form, body, len) != 0)
		return text_answer(400, "フォームの内容が UTF-8 ではありません。");
	const char *name = form_get(&form, "name");
	char *rel = name == NULL || name[0] == '\0' ? NULL :
		strlen(name) > 4 && strcmp(name + strlen(name) - 4, ".xml") == 0 ?
		xstrdup(name) : xasprintf("%s.xml", name);
	int priority = form_int(&form, "priority", 1, 999);
	int year = form_int(&form, "fiscal-year", 1989, 2100);
	form_free(&form);
	ServeAnswer a;
	Template *t;
	if (rel == NULL || !webpath_document_ok(rel) || !folder_below(v->root, rel)) {
		a = text_answer(400, "ファイル名には、このフォルダーの中の名前（例: "
		                "sheet-8.xml）を書いてください。");
	} else if (priority < 0 || year < 0) {
		a = text_answer(400, "優先順位（1〜）と年度（1989〜2100）を選んでください。");
	} else if ((t = default_template(v)) == NULL) {
		a = text_answer(503, "テンプレートを読めません（端末の表示を見てください）。");
	} else {
		char *text = NULL;
		size_t tlen = 0;
		FILE *mem = open_memstream(&text, &tlen);
		if (mem == NULL)
			abort();
		write_skeleton(mem, t, NULL, priority, year, NULL, 0);
		fclose(mem);
		template_free(t);
		char *path = xasprintf("%s/%s", v->root, rel);
		Bytes w = {text, tlen};
		char *messages = NULL;
		Capture c;
		serve_capture_begin(&c, v, &messages);
		struct stat st;
		int rc = lstat(path, &st) == 0 ? -1
		         : outfile_create(path, write_bytes, &w, &v->s->diag);
		bool exists = rc != 0 && lstat(path, &st) == 0;
		int errors, warnings;
		serve_capture_end(&c, &errors, &warnings);
		if (rc == 0) {
			a = text_answer(201, rel);
			Buf loc = {0};
			buf_adds(&loc, "/edit/");
			serve_url_path(&loc, rel);
			a.location = buf_take(&loc);
		} else {
			a = text_answer(exists ? 409 : 500, exists ?
			                "その名前のファイルはもうあります。別の名前にしてください。" :
			                messages ? messages : "");
		}
		free(messages);
		free(path);
		free(text);
	}
	free(rel);
	return a;
}

char *serve_new_form(ServeView *v, const char *token)
{
	/* The fiscal year running now (it starts in April), and the first
	 * free sheet-N.xml. */
	time_t now = (time_t)v->s->epoch;
	struct tm tm;
	int year = gmtime_r(&now, &tm) ? tm.tm_year + 1900 - (tm.tm_mon < 3) : 2025;
	char *name = NULL;
	struct stat st;
	for (int n = 1; name == NULL || lstat(name, &st) == 0; n++) {
		free(name);
		name = xasprintf("%s/sheet-%d.xml", v->root, n);
	}
	Buf b = {0};
	buf_printf(&b, "<meta name=\"goalsheet-token\" content=\"%s\">\n", token);
	buf_adds(&b, "<section id=\"new-sheet\" aria-label=\"新しいシート\">\n"
	         "<h2>新しいシートを作る</h2>\n<form id=\"new-form\">"
	         "<label>ファイル名 <input type=\"text\" name=\"name\" value=\"");
	markup_escape(&b, path_base(name));
	buf_adds(&b, "\"></label> <label>優先順位 ");
	put_priorities(&b, 1, "name=\"priority\"");
	buf_adds(&b, "</label> <label>年度 ");
	put_years(&b, year, "name=\"fiscal-year\"");
	buf_adds(&b, "</label> <button type=\"submit\" class=\"primary\">作る</button> "
	         "<span id=\"new-status\" role=\"status\"></span></form>\n"
	         "<p class=\"hint\">テンプレートの空のシート（goalsheet new と同じ）を作り、"
	         "編集の画面を開きます。</p>\n</section>\n");
	free(name);
	return buf_take(&b);
}

/* ---- the next year's or stage's copy ------------------------------------- */

/* A folder below root for copies: its name's parts as a document path's
 * must be, its real parent the root or below it, and itself (when it
 * exists) too. */
static char *copy_folder(const char *root, const char *rel)
{
	char *probe = xasprintf("%s/x.xml", rel ? rel : "");
	bool ok = rel && rel[0] && webpath_document_ok(probe) && folder_below(root, rel);
	free(probe);
	char *dir = ok ? xasprintf("%s/%s", root, rel) : NULL;
	char *real = dir ? realpath(dir, NULL) : NULL;
	size_t n = strlen(root);
	if (real && !(strncmp(real, root, n) == 0 && real[n] == '/')) {
		free(dir);
		dir = NULL;
	}
	free(real);
	return dir;
}

ServeAnswer serve_next_copy(ServeView *v, const char *rel, const char *body,
                            size_t len)
{
	Form form;
	if (form_parse(&form, body, len) != 0)
		return text_answer(400, "フォームの内容が UTF-8 ではありません。");
	const char *to = form_get(&form, "to");
	char *dir = copy_folder(v->root, form_get(&form, "folder"));
	bool stage = to && strcmp(to, "stage") == 0;
	ServeAnswer a;
	if (dir == NULL || to == NULL || (!stage && strcmp(to, "year") != 0)) {
		a = text_answer(400, "写す先のフォルダー（このフォルダーの中）と、"
		                "次の年度か次の段階かを選んでください。");
		form_free(&form);
		free(dir);
		return a;
	}
	form_free(&form);
	char *path = serve_resolve(v->root, rel);
	char *messages = NULL;
	Capture c;
	serve_capture_begin(&c, v, &messages);
	Document d;
	NextResult res = {0};
	int rc = path && session_ready(v->s) ? session_load(v->s, path, &d) : -1;
	if (rc == 0) {
		NextOptions opt = {.stage = -1};
		if (stage)
			opt.stage = d.kind == DOC_SHEET ? (int)d.sheet.stage + 1 : STAGE_FINAL + 1;
		rc = opt.stage > STAGE_FINAL ? -1 : next_copy(&d, &opt, dir, &res, &v->s->diag);
		document_free(&d);
	}
	int errors, warnings;
	serve_capture_end(&c, &errors, &warnings);
	if (rc == 0 && res.n > 0) {
		const char *made = res.files[0] + strlen(v->root) + 1;
		bool sheet = res.n == 1;
		a = text_answer(201, made);
		Buf loc = {0};
		buf_adds(&loc, sheet ? "/edit/" : "/doc/");
		serve_url_path(&loc, made);
		a.location = buf_take(&loc);
	} else {
		Buf b = {0};
		buf_adds(&b, "写しを作れませんでした（何も書いていません）。\n");
		buf_adds(&b, messages ? messages : "");
		a = text_answer(409, b.data);
		buf_free(&b);
	}
	next_result_free(&res);
	free(messages);
	free(path);
	free(dir);
	return a;
}
