/* model.c: see model.h. */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

void block_free(Block *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->paras[i].label);
		free(b->paras[i].text);
	}
	free(b->paras);
	free(b->field);
	memset(b, 0, sizeof *b);
}

static void step_free(Step *st)
{
	free(st->label);
	for (int c = 0; c < COL_COUNT; c++)
		block_free(&st->cells[c]);
	for (size_t i = 0; i < st->npoints; i++) {
		free(st->points[i].label);
		for (int c = 0; c < COL_COUNT; c++)
			block_free(&st->points[i].cells[c]);
	}
	free(st->points);
}

static void initiative_free(Initiative *in)
{
	free(in->number);
	free(in->mark);
	free(in->title);
	free(in->title_field);
	block_free(&in->summary);
	for (size_t i = 0; i < in->nsteps; i++)
		step_free(&in->steps[i]);
	free(in->steps);
}

void sheet_free(Sheet *s)
{
	if (s == NULL)
		return;
	free(s->file);
	free(s->template_name);
	block_free(&s->department);
	block_free(&s->goal);
	for (int p = 0; p < PLAN_COUNT; p++)
		block_free(&s->plans[p]);
	free(s->sdgs);
	block_free(&s->situation);
	block_free(&s->purpose);
	for (size_t i = 0; i < s->ninitiatives; i++)
		initiative_free(&s->initiatives[i]);
	free(s->initiatives);
	block_free(&s->participation);
	block_free(&s->outcomes);
	memset(s, 0, sizeof *s);
}

void book_free(Book *b)
{
	if (b == NULL)
		return;
	free(b->file);
	free(b->template_name);
	block_free(&b->department);
	for (size_t i = 0; i < b->nsheets; i++)
		sheet_free(&b->sheets[i]);
	free(b->sheets);
	memset(b, 0, sizeof *b);
}

bool block_has_text(const Block *b)
{
	/* Text is collapsed: only <br/>s ('\n') would print nothing. */
	for (size_t i = 0; i < b->n; i++)
		if (b->paras[i].text[strspn(b->paras[i].text, "\n")] != '\0')
			return true;
	return false;
}

char *block_join(const Block *b, const char *sep)
{
	Buf out = {0};
	for (size_t i = 0; i < b->n; i++) {
		if (i > 0)
			buf_adds(&out, sep);
		buf_adds(&out, b->paras[i].text);
	}
	return buf_take(&out);
}

const char *column_name(Column c)
{
	static const char *const names[COL_COUNT] = {
		"action", "period", "target", "interim", "final"};
	return (c >= 0 && c < COL_COUNT) ? names[c] : "?";
}

const char *stage_name(Stage s)
{
	switch (s) {
	case STAGE_PLAN:
		return "plan";
	case STAGE_INTERIM:
		return "interim";
	case STAGE_FINAL:
		return "final";
	}
	return "?";
}

const char *column_label(Column c)
{
	static const char *const labels[COL_COUNT] = {
		/* TRANSLATORS: the columns of the initiatives' table, as field
		 * names in messages ("initiative ①, step (1), interim"): the
		 * sheet's own column labels, shortened. */
		N_("action"), N_("period"), N_("target"), N_("interim"),
		N_("final")};
	return (c >= 0 && c < COL_COUNT) ? _(labels[c]) : "?";
}

const char *stage_label(Stage s)
{
	switch (s) {
	case STAGE_PLAN:
		/* TRANSLATORS: the stage of a sheet (stage="plan"): goals set. */
		return _("plan");
	case STAGE_INTERIM:
		/* TRANSLATORS: the stage of a sheet (stage="interim"): the
		 * interim report, the same word as the column. */
		return _("interim");
	case STAGE_FINAL:
		/* TRANSLATORS: the stage of a sheet (stage="final"): the
		 * year-end report, the same word as the column. */
		return _("final");
	}
	return "?";
}

char *field_name(const char *parent, const char *fmt, ...)
{
	Buf b = {0};
	if (parent != NULL && parent[0] != '\0') {
		buf_adds(&b, parent);
		/* TRANSLATORS: separates the parts of a field name in
		 * messages: "initiative ①, step (1), interim". */
		buf_adds(&b, _(", "));
	}
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_take(&b);
}

static const char *const field_names[FIELD_COUNT] = {
	"action", "period", "target", "interim", "final", "department", "goal",
	"comprehensive-plan", "strategic-plan", "reform-plan", "sdgs",
	"situation", "purpose", "participation", "outcomes"};

const char *field_xml_name(Field f)
{
	return (f >= 0 && f < FIELD_COUNT) ? field_names[f] : "?";
}

int field_by_name(const char *name)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		if (strcmp(field_names[f], name) == 0)
			return f;
	return -1;
}

int field_plan(Field f)
{
	switch (f) {
	case FIELD_COMPREHENSIVE_PLAN:
		return PLAN_COMPREHENSIVE;
	case FIELD_STRATEGIC_PLAN:
		return PLAN_STRATEGIC;
	case FIELD_REFORM_PLAN:
		return PLAN_REFORM;
	default:
		return -1;
	}
}

const Block *sheet_field(const Sheet *s, Field f)
{
	switch (f) {
	case FIELD_DEPARTMENT:
		return &s->department;
	case FIELD_GOAL:
		return &s->goal;
	case FIELD_SITUATION:
		return &s->situation;
	case FIELD_PURPOSE:
		return &s->purpose;
	case FIELD_PARTICIPATION:
		return &s->participation;
	case FIELD_OUTCOMES:
		return &s->outcomes;
	default:
		break;
	}
	int p = field_plan(f);
	return p >= 0 ? &s->plans[p] : NULL;
}

bool field_required(const Sheet *s, Field f)
{
	if ((int)f < (int)COL_COUNT)
		return stage_requires(s->stage, (Column)f);
	return f == FIELD_DEPARTMENT || f == FIELD_GOAL;
}

static void rename_block(Block *b, const char *name)
{
	if (name == NULL || b->field == NULL)
		return;
	free(b->field);
	b->field = xstrdup(name);
}

/* "initiative ①, step (1), interim" → "initiative ①, step (1), NAME". */
static void rename_column(Block *b, Column c, const char *name)
{
	const char *old = column_label(c);
	size_t n = b->field ? strlen(b->field) : 0, k = strlen(old);
	if (name == NULL || n < k || strcmp(b->field + n - k, old) != 0)
		return;
	char *renamed = xasprintf("%.*s%s", (int)(n - k), b->field, name);
	free(b->field);
	b->field = renamed;
}

void sheet_name_fields(Sheet *s, const char *const names[FIELD_COUNT])
{
	for (int f = COL_COUNT; f < FIELD_COUNT; f++) {
		Block *b = (Block *)sheet_field(s, (Field)f);
		if (b)
			rename_block(b, names[f]);
	}
	for (size_t i = 0; i < s->ninitiatives; i++)
		for (size_t j = 0; j < s->initiatives[i].nsteps; j++) {
			Step *st = &s->initiatives[i].steps[j];
			for (int c = 0; c < COL_COUNT; c++) {
				rename_column(&st->cells[c], (Column)c, names[c]);
				for (size_t k = 0; k < st->npoints; k++)
					rename_column(&st->points[k].cells[c], (Column)c, names[c]);
			}
		}
}

CellSource step_column_source(const Step *st, Column c)
{
	if (st->npoints == 0 || c == COL_ACTION)
		return FROM_STEP;
	if (c == COL_PERIOD && block_has_text(&st->cells[COL_PERIOD]))
		return FROM_STEP;
	return FROM_POINTS;
}

bool stage_requires(Stage s, Column c)
{
	switch (c) {
	case COL_ACTION:
	case COL_PERIOD:
	case COL_TARGET:
		return true;
	case COL_INTERIM:
		return s >= STAGE_INTERIM;
	case COL_FINAL:
		return s >= STAGE_FINAL;
	case COL_COUNT:
		break;
	}
	return false;
}

bool row_requires(Stage s, Column c, unsigned optional)
{
	return stage_requires(s, c) && !(optional & (1u << c));
}

char *fullwidth_number(int n)
{
	char ascii[16];
	snprintf(ascii, sizeof ascii, "%d", n);
	Buf b = {0};
	for (const char *p = ascii; *p; p++) {
		if (*p >= '0' && *p <= '9')
			buf_add_utf8(&b, 0xFF10 + (uint32_t)(*p - '0'));
		else
			buf_add_utf8(&b, 0xFF0D); /* full-width minus */
	}
	return buf_take(&b);
}

char *era_year(int fiscal_year)
{
	if (fiscal_year < 1989 || fiscal_year > 2100)
		return NULL;
	const char *era = fiscal_year >= 2019 ? "令和" : "平成";
	int year = fiscal_year - (fiscal_year >= 2019 ? 2018 : 1988);
	if (year == 1)
		return xasprintf("%s元年度", era);
	char *digits = fullwidth_number(year);
	char *s = xasprintf("%s%s年度", era, digits);
	free(digits);
	return s;
}

char *circled_number(int n)
{
	Buf b = {0};
	if (n >= 1 && n <= 20)
		buf_add_utf8(&b, 0x2460 + (uint32_t)(n - 1));
	else if (n >= 21 && n <= 35)
		buf_add_utf8(&b, 0x3251 + (uint32_t)(n - 21));
	else if (n >= 36 && n <= 50)
		buf_add_utf8(&b, 0x32B1 + (uint32_t)(n - 36));
	else
		buf_printf(&b, "(%d)", n);
	return buf_take(&b);
}
