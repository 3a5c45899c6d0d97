/* check.c: see check.h. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

#define MIN_YEAR 1989
#define MAX_YEAR 2100

static void error_at(Diag *d, const char *file, SrcPos pos, const char *field,
                     const char *msg)
{
	diag_at(d, DIAG_ERROR, file, pos.line, pos.col, field, "%s", msg);
}

static int check_year(const char *file, SrcPos pos, int year, Diag *d)
{
	if (year >= MIN_YEAR && year <= MAX_YEAR)
		return 0;
	char *msg = xasprintf(_("fiscal-year %d is out of range: give the Western "
	                      "year in which the fiscal year starts, %d to %d "
	                      "(2019 prints as 令和元年度)"), year, MIN_YEAR, MAX_YEAR);
	error_at(d, file, pos, NULL, msg);
	free(msg);
	return 1;
}

static int check_sdgs(const Sheet *s, Diag *d)
{
	int errors = 0;
	for (size_t i = 0; i < s->nsdgs; i++) {
		int g = s->sdgs[i].goal;
		char *msg = NULL;
		if (g < 1 || g > 17) {
			msg = xasprintf(_("SDG goal %d does not exist; the goals are 1 "
			                "to 17"), g);
		} else {
			for (size_t j = 0; j < i; j++)
				if (s->sdgs[j].goal == g) {
					msg = xasprintf(_("SDG goal %d is listed twice (first "
					                "at line %ld)"), g, s->sdgs[j].pos.line);
					break;
				}
		}
		if (msg) {
			error_at(d, s->file, s->sdgs[i].pos, _("sdgs"), msg);
			free(msg);
			errors++;
		}
	}
	return errors;
}

/* A missing column is an error for a finished document and a warning in
 * draft mode (vocabulary.md, "Stages"). */
static int require(const Block *b, Stage stage, const CheckOptions *opt,
                   const char *file, SrcPos owner, Diag *d)
{
	if (block_has_text(b))
		return 0;
	SrcPos pos = b->present ? b->pos : owner;
	DiagLevel level = opt->draft ? DIAG_WARNING : DIAG_ERROR;
	const char *fmt;
	if (opt->draft)
		fmt = b->present ? _("is empty but required at stage %s; shown as a "
		                     "placeholder in this draft")
		                 : _("is required at stage %s; shown as a placeholder "
		                     "in this draft");
	else
		fmt = b->present ? _("is empty but required at stage %s; write it, or "
		                     "render with --draft")
		                 : _("is required at stage %s; write it, or render "
		                     "with --draft");
	diag_at(d, level, file, pos.line, pos.col, b->field, fmt, stage_label(stage));
	return level == DIAG_ERROR;
}

/* True when the template prints the field (all fields without one). */
static bool printed(const CheckOptions *opt, Field f)
{
	return opt->printed == 0 || (opt->printed & (1ul << f)) != 0;
}

/* Text the template has no place for would be lost: an error. */
static int unprinted(const Block *b, const CheckOptions *opt, Field f, Diag *d)
{
	if (printed(opt, f) || !block_has_text(b))
		return 0;
	diag_at(d, DIAG_ERROR, b->file, b->pos.line, b->pos.col, b->field,
	        _("the template %s has no place for %s; its text would not be "
	        "printed: use another template or leave the field out"),
	        opt->template_name ? opt->template_name : "", field_xml_name(f));
	return 1;
}

static void visit_cell(CellCheck *c, const Block *b, Column col,
                       unsigned optional, SrcPos owner, Stage stage,
                       const CheckOptions *opt, CellVisit visit, void *arg)
{
	c->col = col;
	c->b = b;
	c->optional = optional;
	c->owner = owner;
	/* Required unless the row leaves it empty on purpose or the
	 * template has no such column. */
	c->printed = printed(opt, (Field)col);
	c->required = c->printed && row_requires(stage, col, optional);
	visit(arg, c);
}

void check_each_cell(const Sheet *s, Stage stage, const CheckOptions *opt,
                     CellVisit visit, void *arg)
{
	for (size_t i = 0; i < s->ninitiatives; i++)
		for (size_t j = 0; j < s->initiatives[i].nsteps; j++) {
			const Step *st = &s->initiatives[i].steps[j];
			CellCheck c = {.in = &s->initiatives[i], .st = st};
			for (int k = 0; k < COL_COUNT; k++)
				if (step_column_source(st, (Column)k) == FROM_STEP)
					visit_cell(&c, &st->cells[k], (Column)k, st->optional,
					           st->pos, stage, opt, visit, arg);
			for (size_t p = 0; p < st->npoints; p++) {
				c.pt = &st->points[p];
				for (int k = 0; k < COL_COUNT; k++)
					if (step_column_source(st, (Column)k) == FROM_POINTS)
						visit_cell(&c, &c.pt->cells[k], (Column)k,
						           c.pt->optional, c.pt->pos, stage, opt,
						           visit, arg);
			}
		}
}

typedef struct CellErrors {
	const Sheet *s;
	const CheckOptions *opt;
	Diag *d;
	int errors;
} CellErrors;

static void check_cell(void *arg, const CellCheck *c)
{
	CellErrors *ce = arg;
	if (!c->printed)
		ce->errors += unprinted(c->b, ce->opt, (Field)c->col, ce->d);
	else if (c->required)
		ce->errors += require(c->b, ce->s->stage, ce->opt, ce->s->file,
		                      c->owner, ce->d);
}

/* Sheet fields outside the table that the template does not print. */
static int check_printed(const Sheet *s, const CheckOptions *opt, Diag *d)
{
	int errors = 0;
	for (int f = COL_COUNT; f < FIELD_COUNT; f++) {
		const Block *b = sheet_field(s, (Field)f);
		if (b)
			errors += unprinted(b, opt, (Field)f, d);
	}
	if (!printed(opt, FIELD_SDGS) && s->nsdgs > 0) {
		diag_at(d, DIAG_ERROR, s->file, s->sdgs_pos.line, s->sdgs_pos.col,
		        _("sdgs"), _("the template %s has no place for %s; its text "
		        "would not be printed: use another template or leave the "
		        "field out"), opt->template_name ? opt->template_name : "",
		        "sdgs");
		errors++;
	}
	return errors;
}

static void count_later_cells(const Block cells[COL_COUNT], int *empty,
                              bool *any_text)
{
	for (int c = COL_INTERIM; c <= COL_FINAL; c++) {
		if (block_has_text(&cells[c]))
			*any_text = true;
		else
			(*empty)++;
	}
}

/* The empty interim and final cells a final sheet would require. */
static int empty_later_cells(const Sheet *s, bool *any_text)
{
	int empty = 0;
	for (size_t i = 0; i < s->ninitiatives; i++)
		for (size_t j = 0; j < s->initiatives[i].nsteps; j++) {
			const Step *st = &s->initiatives[i].steps[j];
			if (st->npoints == 0)
				count_later_cells(st->cells, &empty, any_text);
			for (size_t k = 0; k < st->npoints; k++)
				count_later_cells(st->points[k].cells, &empty, any_text);
		}
	return empty;
}

/* A sheet without stage is checked as final (vocabulary.md).  When none
 * of its interim and final cells has text, its writer most likely meant
 * an earlier stage: one message says so and how to say it, instead of
 * one per empty cell.  Returns the stage whose columns are then required. */
static Stage default_stage_note(const Sheet *s, const CheckOptions *opt,
                                int *errors, Diag *d)
{
	bool any_text = false;
	int empty = s->stage_given || s->stage != STAGE_FINAL ? 0
	            : empty_later_cells(s, &any_text);
	if (empty == 0 || any_text)
		return s->stage;
	DiagLevel level = opt->draft ? DIAG_WARNING : DIAG_ERROR;
	diag_at(d, level, s->file, s->pos.line, s->pos.col, NULL,
	        ngettext("no stage is given, so the sheet is checked as final "
	                 "(期末報告), and its %d interim or final cell is empty: "
	                 "write stage=\"plan\" or stage=\"interim\" on <sheet>, or "
	                 "give --stage plan",
	                 "no stage is given, so the sheet is checked as final "
	                 "(期末報告), and all its %d interim and final cells are "
	                 "empty: write stage=\"plan\" or stage=\"interim\" on "
	                 "<sheet>, or give --stage plan", empty), empty);
	*errors += level == DIAG_ERROR;
	return STAGE_PLAN;
}

int check_sheet(const Sheet *s, const CheckOptions *opt, Diag *d)
{
	int errors = check_year(s->file, s->pos, s->fiscal_year, d);
	if (s->priority < 1) {
		char *msg = xasprintf(_("priority %d: priorities are 1, 2, 3 …"),
		                      s->priority);
		error_at(d, s->file, s->pos, NULL, msg);
		free(msg);
		errors++;
	}
	errors += check_sdgs(s, d);
	errors += check_printed(s, opt, d);
	if (!block_has_text(&s->department))
		errors += require(&s->department, s->stage, opt, s->file, s->pos, d);
	if (!block_has_text(&s->goal))
		errors += require(&s->goal, s->stage, opt, s->file, s->pos, d);
	Stage stage = default_stage_note(s, opt, &errors, d);
	for (size_t i = 0; i < s->ninitiatives; i++) {
		const Initiative *in = &s->initiatives[i];
		if (in->title[0] == '\0') {
			char *field = field_name(NULL, _("initiative %s"), in->number);
			DiagLevel level = opt->draft ? DIAG_WARNING : DIAG_ERROR;
			diag_at(d, level, s->file, in->pos.line, in->pos.col, field, "%s",
			        _("the title is empty"));
			free(field);
			errors += level == DIAG_ERROR;
		}
	}
	/* stage: the one whose columns are required (default_stage_note). */
	CellErrors ce = {s, opt, d, 0};
	check_each_cell(s, stage, opt, check_cell, &ce);
	return errors + ce.errors;
}

/* A sheet's department is the book's, or the book's followed by the
 * sheet's own lines (its section, 課). */
static bool within_department(const Block *sheet, const Block *book)
{
	if (sheet->n < book->n)
		return false;
	for (size_t i = 0; i < book->n; i++)
		if (strcmp(sheet->paras[i].text, book->paras[i].text) != 0)
			return false;
	return true;
}

static int check_book_sheet(const Book *b, const Sheet *s, Diag *d)
{
	int errors = 0;
	if (s->fiscal_year != b->fiscal_year) {
		diag_at(d, DIAG_ERROR, s->file, s->pos.line, s->pos.col, NULL,
		        _("fiscal-year %d differs from the book's %d (%s:%ld:%ld)"),
		        s->fiscal_year, b->fiscal_year, b->file, b->pos.line, b->pos.col);
		errors++;
	}
	if (!within_department(&s->department, &b->department)) {
		char *mine = block_join(&s->department, "／");
		char *book = block_join(&b->department, "／");
		diag_at(d, DIAG_ERROR, s->file, s->department.pos.line,
		        s->department.pos.col, _("department"),
		        _("「%s」 differs from the book's 「%s」 (%s:%ld:%ld); a sheet "
		        "may add its own lines (its section) after the book's"), mine,
		        book, b->file, b->department.pos.line, b->department.pos.col);
		free(mine);
		free(book);
		errors++;
	}
	return errors;
}

/* Where the book brings the sheet in: its <xi:include>, or the sheet. */
static SrcPos book_place(const Sheet *s)
{
	return s->included_at.line > 0 ? s->included_at : s->pos;
}

static int check_priorities(const Book *b, Diag *d)
{
	int errors = 0;
	for (size_t i = 0; i < b->nsheets; i++) {
		const Sheet *s = &b->sheets[i];
		for (size_t j = 0; j < i; j++) {
			const Sheet *t = &b->sheets[j];
			if (t->priority != s->priority)
				continue;
			SrcPos here = book_place(s), there = book_place(t);
			diag_at(d, DIAG_ERROR, s->file, s->pos.line, s->pos.col, NULL,
			        _("priority %d is also the priority of %s:%ld:%ld; the book "
			        "(%s:%ld:%ld and :%ld:%ld) needs priorities 1 to %zu, each "
			        "once"), s->priority, t->file, t->pos.line, t->pos.col,
			        b->file, there.line, there.col, here.line, here.col,
			        b->nsheets + b->nunread);
			errors++;
			break;
		}
		size_t all = b->nsheets + b->nunread;
		if (s->priority > (int)all) {
			diag_at(d, DIAG_ERROR, s->file, s->pos.line, s->pos.col, NULL,
			        _("priority %d, but the book %s:%ld:%ld has only %zu sheets "
			        "(priorities 1 to %zu, each once)"), s->priority, b->file,
			        b->pos.line, b->pos.col, all, all);
			errors++;
		}
	}
	return errors;
}

int check_book(const Book *b, const CheckOptions *opt, Diag *d)
{
	int errors = check_year(b->file, b->pos, b->fiscal_year, d);
	for (size_t i = 0; i < b->nsheets; i++) {
		errors += check_sheet(&b->sheets[i], opt, d);
		errors += check_book_sheet(b, &b->sheets[i], d);
	}
	return errors + check_priorities(b, d);
}
