/* template.c: see template.h.  Reading a template file is
 * template_read.c's; here is what a read template does: evaluating
 * content, and freeing. */
#include "template.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

double template_content_width(const Template *t)
{
	return t->page_w - t->margin_left - t->margin_right;
}

const Block *content_field(const ContentEnv *env, Field f)
{
	if (env->sheet)
		return sheet_field(env->sheet, f);
	if (env->book && f == FIELD_DEPARTMENT)
		return &env->book->department;
	return NULL;
}

static int fiscal_year(const ContentEnv *env)
{
	return env->sheet ? env->sheet->fiscal_year
	                  : env->book ? env->book->fiscal_year : 0;
}

static void add_number(Buf *out, long long n, bool wide)
{
	if (!wide) {
		buf_printf(out, "%lld", n);
		return;
	}
	char *s = fullwidth_number((int)n);
	buf_adds(out, s);
	free(s);
}

/* A book's sheet's section: its department's lines after the book's. */
static void add_section(Buf *out, const char *join, const ContentEnv *env)
{
	if (env->sheet == NULL || env->book == NULL)
		return;
	const Block *mine = &env->sheet->department;
	for (size_t i = env->book->department.n; i < mine->n; i++) {
		if (i > env->book->department.n && join)
			buf_adds(out, join);
		buf_adds(out, mine->paras[i].text);
	}
}

static void add_value(Buf *out, const Piece *p, const ContentEnv *env)
{
	switch ((Value)p->which) {
	case VALUE_ERA_YEAR: {
		char *era = era_year(fiscal_year(env));
		buf_adds(out, era ? era : "");
		free(era);
		return;
	}
	case VALUE_FISCAL_YEAR:
		add_number(out, fiscal_year(env), p->wide);
		return;
	case VALUE_PRIORITY:
		add_number(out, env->sheet ? env->sheet->priority : 0, p->wide);
		return;
	case VALUE_PAGE:
		add_number(out, (long long)env->page, p->wide);
		return;
	case VALUE_PAGES:
		add_number(out, (long long)env->pages, p->wide);
		return;
	case VALUE_BOOK_PAGE:
		add_number(out, (long long)env->book_page, p->wide);
		return;
	case VALUE_SHEETS:
		add_number(out, env->book ? (long long)env->book->nsheets : 1, p->wide);
		return;
	case VALUE_CITY:
		buf_adds(out, env->t->city);
		return;
	case VALUE_SECTION:
		add_section(out, p->text, env);
		return;
	case VALUE_STAGE:
		if (env->sheet && env->t->stage_names[env->sheet->stage])
			buf_adds(out, env->t->stage_names[env->sheet->stage]);
		return;
	case VALUE_INITIATIVE_NUMBER:
	case VALUE_COUNT:
		return;
	}
}

char *content_text(const Content *c, const ContentEnv *env)
{
	Buf out = {0};
	buf_adds(&out, "");
	for (size_t i = 0; i < c->n; i++) {
		const Piece *p = &c->v[i];
		if (p->kind == PIECE_TEXT) {
			buf_adds(&out, p->text);
		} else if (p->kind == PIECE_VALUE) {
			add_value(&out, p, env);
		} else {
			const Block *b = content_field(env, (Field)p->which);
			if (b) {
				char *s = block_join(b, p->text ? p->text : "");
				buf_adds(&out, s);
				free(s);
			}
		}
	}
	return buf_take(&out);
}

bool content_is_label(const Content *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].kind != PIECE_TEXT)
			return false;
	return true;
}

const char *value_subject(Value v)
{
	/* What messages about a value name (translated where used). */
	static const char *const subjects[VALUE_COUNT] = {
		N_("fiscal-year"), N_("fiscal-year"), N_("priority"), N_("footer"),
		N_("footer"), N_("footer"), N_("cover"), N_("label"),
		N_("initiative number"), N_("department"), N_("stage")};
	return (v >= 0 && v < VALUE_COUNT) ? subjects[v] : N_("label");
}

void content_free(Content *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].text);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

void template_cell_free(TCell *c)
{
	content_free(&c->content);
	content_free(&c->heading);
	free(c->name);
	for (size_t i = 0; i < c->nrows; i++) {
		for (size_t j = 0; j < c->rows[i].ncells; j++)
			template_cell_free(&c->rows[i].cells[j]);
		free(c->rows[i].cells);
	}
	free(c->rows);
}

void template_band_free(TBand *b)
{
	for (size_t i = 0; i < b->ncells; i++)
		template_cell_free(&b->cells[i]);
	free(b->cells);
	for (size_t i = 0; i < b->table.ncols; i++) {
		content_free(&b->table.cols[i].head);
		free(b->table.cols[i].name);
	}
	free(b->table.title_after);
	free(b->table.label_after);
}

void template_free(Template *t)
{
	if (t == NULL)
		return;
	free(t->file);
	free(t->name);
	free(t->title);
	free(t->city);
	for (size_t i = 0; i < t->nfonts; i++) {
		free(t->fonts[i]);
		free(t->font_ids[i]);
		free(t->font_files[i]);
	}
	free(t->fonts);
	free(t->font_ids);
	free(t->font_files);
	free(t->font_pos);
	for (size_t i = 0; i < t->nstyles; i++)
		free(t->styles[i].name);
	free(t->styles);
	free(t->placeholder);
	for (size_t i = 0; i < 17; i++)
		free(t->sdg_names[i]);
	free(t->draft);
	for (int f = 0; f < FIELD_COUNT; f++)
		free(t->field_names[f]);
	for (size_t i = 0; i < t->nbands; i++)
		template_band_free(&t->bands[i]);
	free(t->bands);
	template_band_free(&t->continued);
	content_free(&t->footer);
	content_free(&t->footer_book);
	content_free(&t->footer_cover);
	for (int i = 0; i < 3; i++)
		free(t->stage_names[i]);
	for (size_t i = 0; i < t->cover.nheadings; i++)
		content_free(&t->cover.headings[i].content);
	free(t->cover.headings);
	for (size_t i = 0; i < t->cover.nentry; i++)
		template_cell_free(&t->cover.entry[i]);
	free(t->cover.entry);
	Content *contents[] = {&t->cover_label, &t->sheet_label, &t->outline,
	                       &t->info_title, &t->info_subject, &t->info_keywords};
	for (size_t i = 0; i < sizeof contents / sizeof contents[0]; i++)
		content_free(contents[i]);
	free(t);
}
