/* layout.c: see layout.h.  A sheet is laid out top to bottom: the
 * header band, 重点目標, the 位置付け block with SDG badges, the two
 * text blocks, the table (column header, then per initiative a title row
 * and a row per step), and 特記事項; rows flow across pages through
 * layout_row.h, and every page gets its frame and footer at the end. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout_row.h"
#include "sdg.h"
#include "util.h"

#define EPS 1e-6
static const Rgb BLACK = {0, 0, 0};

typedef struct Sheeter {
	const LayoutContext *ctx;
	const Template *t;
	const Sheet *s;
	Doc *doc;
	Page *page;
	size_t first_page;     /* index of the sheet's first page */
	double x0, width;      /* content area */
	double top, bottom;
	double y;              /* the cursor */
	double frame_top;
	bool table_open;       /* repeat the column header on new pages */
	bool page_fresh;       /* no row placed on this page yet */
	int errors;
} Sheeter;

static const Style *style(const Sheeter *sh, Role r)
{
	return &sh->t->styles[r];
}

static FieldRef template_ref(const Sheeter *sh, const char *what)
{
	return (FieldRef){sh->t->file, {0, 0}, what};
}

static FieldRef sheet_ref(const Sheeter *sh, const char *field)
{
	return (FieldRef){sh->s->file, sh->s->pos, field};
}

/* A fixed cell: optional shading, its text fitted, its frame.  The text
 * is text when it is not NULL, else the paragraphs. */
static void fixed_cell(Sheeter *sh, Box box, Role role, const char *text,
                       const Para *paras, size_t n, FieldRef ref, bool shaded)
{
	Lines l = {0};
	if (shaded)
		page_add_fill(sh->page, box, sh->t->shade);
	if (text == NULL)
		sh->errors += fit_paragraphs(sh->ctx, style(sh, role), box, paras, n,
		                             ref, &l);
	else
		sh->errors += fit_string(sh->ctx, style(sh, role), box, text, ref, &l);
	emit_in_box(sh->page, &l, box, BLACK);
	lines_free(&l);
	double w = sh->t->rule_inner;
	page_add_rule(sh->page, box.x, box.y, box.x + box.w, box.y, w);
	page_add_rule(sh->page, box.x, box.y + box.h, box.x + box.w, box.y + box.h, w);
	page_add_rule(sh->page, box.x, box.y, box.x, box.y + box.h, w);
	page_add_rule(sh->page, box.x + box.w, box.y, box.x + box.w, box.y + box.h, w);
}

static void label_cell(Sheeter *sh, Box box, LabelKey key)
{
	fixed_cell(sh, box, ROLE_LABEL, sh->t->labels[key], NULL, 0,
	           template_ref(sh, _("label")), true);
}

static char *priority_text(const Sheeter *sh)
{
	char *n = fullwidth_number(sh->s->priority);
	char *s = xasprintf("%s%s", n, sh->t->labels[LABEL_PRIORITY_SUFFIX]);
	free(n);
	return s;
}

/* ---------------------------------------------------------------- */
/* The header bands                                                  */

/* Department, priority label and priority: the right end of both bands. */
static void band_right(Sheeter *sh, double x, double h)
{
	const Template *t = sh->t;
	double y = sh->y;
	label_cell(sh, (Box){x, y, t->header_dept_label_w, h}, LABEL_DEPARTMENT);
	x += t->header_dept_label_w;
	fixed_cell(sh, (Box){x, y, t->header_dept_w, h}, ROLE_HEADER, NULL,
	           sh->s->department.paras, sh->s->department.n,
	           block_ref(&sh->s->department), false);
	x += t->header_dept_w;
	label_cell(sh, (Box){x, y, t->header_prio_label_w, h}, LABEL_PRIORITY);
	x += t->header_prio_label_w;
	char *prio = priority_text(sh);
	fixed_cell(sh, (Box){x, y, t->header_prio_w, h}, ROLE_HEADER, prio, NULL, 0,
	           sheet_ref(sh, _("priority")), false);
	free(prio);
}

static double band_right_width(const Template *t)
{
	return t->header_dept_label_w + t->header_dept_w + t->header_prio_label_w +
	       t->header_prio_w;
}

static void first_band(Sheeter *sh)
{
	const Template *t = sh->t;
	double h = t->header_h, x = sh->x0;
	double title_w = sh->width - t->header_year_w - band_right_width(t);
	char *era = era_year(sh->s->fiscal_year);
	fixed_cell(sh, (Box){x, sh->y, t->header_year_w, h}, ROLE_HEADER,
	           era ? era : "", NULL, 0, sheet_ref(sh, _("fiscal-year")), false);
	free(era);
	x += t->header_year_w;
	fixed_cell(sh, (Box){x, sh->y, title_w, h}, ROLE_TITLE, t->labels[LABEL_TITLE],
	           NULL, 0, template_ref(sh, _("title")), false);
	band_right(sh, x + title_w, h);
	sh->y += h;
}

static void continued_cells(Sheeter *sh);

/* The compact band of a continuation page: year and title, the goal
 * marked （続き）, department and priority. */
static void continued_band(Sheeter *sh)
{
	/* The first band already noted any shrinking of these fields. */
	Diag quiet = *sh->ctx->d;
	quiet.quiet = true;
	LayoutContext ctx = *sh->ctx;
	ctx.d = &quiet;
	const LayoutContext *outer = sh->ctx;
	sh->ctx = &ctx;
	continued_cells(sh);
	sh->ctx = outer;
	sh->ctx->d->errors = quiet.errors;
}

static void continued_cells(Sheeter *sh)
{
	const Template *t = sh->t;
	double h = t->continued_h, x = sh->x0;
	double goal_w = sh->width - t->header_year_w - band_right_width(t);
	char *era = era_year(sh->s->fiscal_year);
	char *left = xasprintf("%s\n%s", era ? era : "", t->labels[LABEL_TITLE]);
	fixed_cell(sh, (Box){x, sh->y, t->header_year_w, h}, ROLE_HEADER, left, NULL,
	           0, sheet_ref(sh, _("fiscal-year")), false);
	free(left);
	free(era);
	x += t->header_year_w;
	char *goal = block_join(&sh->s->goal, "");
	char *text = xasprintf("%s%s", goal, t->labels[LABEL_CONTINUED]);
	fixed_cell(sh, (Box){x, sh->y, goal_w, h}, ROLE_GOAL, text, NULL, 0,
	           block_ref(&sh->s->goal), false);
	free(text);
	free(goal);
	band_right(sh, x + goal_w, h);
	sh->y += h;
}

/* ---------------------------------------------------------------- */
/* Goal and alignment                                                */

static void goal_row(Sheeter *sh)
{
	const Template *t = sh->t;
	double h = t->goal_h;
	label_cell(sh, (Box){sh->x0, sh->y, t->goal_label_w, h}, LABEL_GOAL);
	/* A draft shows where the goal is still missing. */
	bool missing = sh->ctx->opt.draft && !block_has_text(&sh->s->goal);
	fixed_cell(sh, (Box){sh->x0 + t->goal_label_w, sh->y,
	                     sh->width - t->goal_label_w, h},
	           ROLE_GOAL, missing ? t->labels[LABEL_PLACEHOLDER] : NULL,
	           sh->s->goal.paras, sh->s->goal.n, block_ref(&sh->s->goal), false);
	sh->y += h;
}

static const LabelKey plan_labels[PLAN_COUNT] = {
	LABEL_COMPREHENSIVE_PLAN, LABEL_STRATEGIC_PLAN, LABEL_REFORM_PLAN};

static void alignment_block(Sheeter *sh)
{
	const Template *t = sh->t;
	double text_w = sh->width - t->plan_label_w - t->sdg_label_w - t->sdg_area_w;
	double y = sh->y;
	for (size_t i = 0; i < t->nplan_rows; i++) {
		Plan p = t->plan_rows[i];
		const Block *b = &sh->s->plans[p];
		double h = t->plan_row_h[i];
		label_cell(sh, (Box){sh->x0, y, t->plan_label_w, h}, plan_labels[p]);
		fixed_cell(sh, (Box){sh->x0 + t->plan_label_w, y, text_w, h}, ROLE_PLAN,
		           NULL, b->paras, b->n, block_ref(b), false);
		y += h;
	}
	double total = y - sh->y;
	double x = sh->x0 + t->plan_label_w + text_w;
	label_cell(sh, (Box){x, sh->y, t->sdg_label_w, total}, LABEL_SDGS);
	x += t->sdg_label_w;
	Box area = {x, sh->y, t->sdg_area_w, total};
	fixed_cell(sh, area, ROLE_SDG, "", NULL, 0, sheet_ref(sh, _("sdgs")), false);
	sh->errors += sdg_badges(sh->ctx, sh->page, sh->s, area);
	sh->y = y;
}

/* ---------------------------------------------------------------- */
/* Rows: text blocks, the table, 特記事項                             */

static void set_cell(Sheeter *sh, Cell *c, Role role, const char *label,
                     const Block *b, bool required, double top)
{
	const Style *st = style(sh, role);
	Lines l = {0};
	double inner_w = c->w - 2 * st->padding;
	if (block_has_text(b)) {
		sh->errors += check_block_glyphs(sh->ctx, st, b);
		sh->errors += set_paragraphs(sh->ctx, st, st->size, inner_w, label,
		                             b->paras, b->n, block_ref(b), &l);
	} else if (required && sh->ctx->opt.draft) {
		Para p = {NULL, sh->t->labels[LABEL_PLACEHOLDER], b->pos};
		sh->errors += set_paragraphs(sh->ctx, st, st->size, inner_w, label, &p, 1,
		                             block_ref(b), &l);
	}
	l.st = st;
	l.size = st->size;
	cell_add(c, &l, top + st->padding);
}

static Cell *add_cell(Row *r, double x, double w, bool shaded)
{
	Cell *c = &r->cells[r->ncells++];
	c->x = x;
	c->w = w;
	c->shaded = shaded;
	return c;
}

static void label_into(Sheeter *sh, Cell *c, Role role, const char *text)
{
	const Style *st = style(sh, role);
	Lines l = {0};
	sh->errors += set_string(sh->ctx, st, st->size, c->w - 2 * st->padding, text,
	                         template_ref(sh, _("label")), &l);
	cell_add(c, &l, st->padding);
}

static void new_page(Sheeter *sh);

/* Room for rows on a continuation page. */
static double fresh_room(const Sheeter *sh)
{
	return sh->bottom - sh->top - sh->t->continued_h -
	       (sh->table_open ? sh->t->table_head_h : 0);
}

/* Places a row, moving it to a new page when it fits there, splitting
 * it between lines when it is taller than a page. */
static void place_row(Sheeter *sh, Row *r, FieldRef ref, double keep_extra)
{
	double h = row_height(r);
	bool first_on_page = sh->page_fresh;
	if (h + keep_extra > sh->bottom - sh->y + EPS &&
	    h + keep_extra <= fresh_room(sh) + EPS) {
		new_page(sh);
		first_on_page = true;
	}
	RowSplit split;
	row_split_start(&split);
	for (;;) {
		RowPart part;
		if (!row_plan_part(r, &split, sh->bottom - sh->y, &part)) {
			if (first_on_page) {
				diag_at(sh->ctx->d, DIAG_ERROR, ref.file, ref.pos.line,
				        ref.pos.col, ref.field, "%s",
				        _("a line is taller than a page"));
				sh->errors++;
				return;
			}
			new_page(sh);
			first_on_page = true;
			continue;
		}
		sh->errors += row_draw_part(sh->ctx, sh->page, r, &split, &part, sh->y,
		                            first_on_page, ref);
		sh->y += part.height;
		sh->page_fresh = false;
		if (part.last)
			return;
		new_page(sh);
		first_on_page = true;
	}
}

static void block_row(Sheeter *sh, LabelKey key, const Block *b)
{
	const Template *t = sh->t;
	Row r = {.min_height = t->block_min_h, .rule_top = true, .rule_bottom = true};
	Cell *label = add_cell(&r, sh->x0, t->block_label_w, true);
	label_into(sh, label, ROLE_LABEL, t->labels[key]);
	Cell *text = add_cell(&r, sh->x0 + t->block_label_w,
	                      sh->width - t->block_label_w, false);
	set_cell(sh, text, ROLE_BLOCK, NULL, b, false, 0);
	place_row(sh, &r, block_ref(b), 0);
	row_free(&r);
}

static const LabelKey column_labels[COL_COUNT] = {
	LABEL_ACTION, LABEL_PERIOD, LABEL_TARGET, LABEL_INTERIM, LABEL_FINAL};

static void table_header(Sheeter *sh)
{
	const Template *t = sh->t;
	double h = t->table_head_h, x = sh->x0;
	Box number = {x, sh->y, t->number_w, h};
	page_add_fill(sh->page, number, t->shade);
	fixed_cell(sh, number, ROLE_COLUMN_HEAD, "", NULL, 0,
	           template_ref(sh, _("label")), true);
	x += t->number_w;
	for (size_t i = 0; i < t->ncolumns; i++) {
		double w = t->columns[i].width;
		fixed_cell(sh, (Box){x, sh->y, w, h}, ROLE_COLUMN_HEAD,
		           t->labels[column_labels[t->columns[i].field]], NULL, 0,
		           template_ref(sh, _("label")), true);
		x += w;
	}
	sh->y += h;
}

/* The table's cells of a row: number column, then the template's columns. */
static void table_cells(const Sheeter *sh, Row *r)
{
	double x = sh->x0;
	add_cell(r, x, sh->t->number_w, false);
	x += sh->t->number_w;
	for (size_t i = 0; i < sh->t->ncolumns; i++) {
		add_cell(r, x, sh->t->columns[i].width, false);
		x += sh->t->columns[i].width;
	}
}

static Cell *column_cell(const Sheeter *sh, Row *r, Column field)
{
	for (size_t i = 0; i < sh->t->ncolumns; i++)
		if (sh->t->columns[i].field == field)
			return &r->cells[i + 1];
	return NULL;
}

/* The initiative's number, set once and shown beside each of its rows. */
static void number_lines(Sheeter *sh, const Initiative *in, Lines *l)
{
	const Style *st = style(sh, ROLE_NUMBER);
	FieldRef ref = {sh->s->file, in->pos, _("initiative number")};
	sh->errors += check_glyphs(sh->ctx, st, in->number, ref);
	/* A number is never split ("(5" over "1)"): it shrinks instead. */
	sh->errors += fit_one_line(sh->ctx, st, sh->t->number_w - 2 * st->padding,
	                           in->number, ref, l);
}

static void title_row(Sheeter *sh, Row *r, const Initiative *in,
                      const Lines *number)
{
	table_cells(sh, r);
	r->rule_top = true;
	r->repeat = number;
	Cell *action = column_cell(sh, r, COL_ACTION);
	const Style *st = style(sh, ROLE_CELL);
	Lines l = {0};
	FieldRef ref = {sh->s->file, in->pos, NULL};
	char *initiative = field_name(NULL, _("initiative %s"), in->number);
	char *field = field_name(initiative, "%s", _("title"));
	free(initiative);
	ref.field = field;
	Para title = {in->mark[0] ? in->mark : NULL, in->title, in->pos};
	sh->errors += check_glyphs(sh->ctx, st, in->title, ref);
	sh->errors += check_glyphs(sh->ctx, st, in->mark, ref);
	sh->errors += set_paragraphs(sh->ctx, st, st->size,
	                             action->w - 2 * st->padding, NULL, &title, 1,
	                             ref, &l);
	if (block_has_text(&in->summary)) {
		sh->errors += check_block_glyphs(sh->ctx, st, &in->summary);
		sh->errors += set_paragraphs(sh->ctx, st, st->size,
		                             action->w - 2 * st->padding, NULL,
		                             in->summary.paras, in->summary.n,
		                             block_ref(&in->summary), &l);
	}
	cell_add(action, &l, st->padding);
	free(field);
}

/* Point rows: the columns right of the action (and of the period, when
 * the step gives one period for all its points) split into aligned rows. */
static void point_rows(Sheeter *sh, Row *r, const Step *st)
{
	const Stage stage = sh->s->stage;
	bool shared_period = block_has_text(&st->cells[COL_PERIOD]);
	const Style *cs = style(sh, ROLE_CELL);
	double top = 0;
	for (size_t k = 0; k < st->npoints; k++) {
		const Point *pt = &st->points[k];
		double bottom = top;
		for (int c = COL_PERIOD; c < COL_COUNT; c++) {
			if (c == COL_PERIOD && shared_period)
				continue;
			Cell *cell = column_cell(sh, r, (Column)c);
			if (cell == NULL)
				continue;
			size_t before = cell->nsegs;
			set_cell(sh, cell, ROLE_CELL, pt->label, &pt->cells[c],
			         row_requires(stage, (Column)c, pt->optional), top);
			const Segment *seg = &cell->segs[before];
			bottom = fmax(bottom, seg->top + (double)seg->lines.n *
			                                 line_height(&seg->lines));
		}
		top = bottom + cs->padding;
	}
}

/* Step and point labels are the sheet's text too: a character the
 * cell's font cannot draw is an error at the label's element. */
static char *check_row_labels(Sheeter *sh, const char *parent, const char *fmt,
                              const char *label, SrcPos pos)
{
	char *field = field_name(parent, fmt, label);
	FieldRef ref = {sh->s->file, pos, field};
	sh->errors += check_glyphs(sh->ctx, style(sh, ROLE_CELL), label, ref);
	return field;
}

static void step_row(Sheeter *sh, Row *r, const Step *st, bool last,
                     const Lines *number, const char *initiative)
{
	char *step = check_row_labels(sh, initiative, _("step %s"), st->label,
	                              st->pos);
	for (size_t k = 0; k < st->npoints; k++)
		free(check_row_labels(sh, step, _("point %s"), st->points[k].label,
		                      st->points[k].pos));
	free(step);
	table_cells(sh, r);
	r->rule_bottom = last;
	r->repeat = number;
	const char *label = st->label;
	for (int c = 0; c < COL_COUNT; c++) {
		Cell *cell = column_cell(sh, r, (Column)c);
		if (cell == NULL)
			continue;
		bool split = st->npoints > 0 && c != COL_ACTION &&
		             !(c == COL_PERIOD && block_has_text(&st->cells[c]));
		if (split)
			continue;
		bool required = row_requires(sh->s->stage, (Column)c, st->optional) &&
		                (st->npoints == 0 || c == COL_ACTION);
		set_cell(sh, cell, ROLE_CELL, label, &st->cells[c], required, 0);
	}
	if (st->npoints > 0)
		point_rows(sh, r, st);
}

static void initiative_rows(Sheeter *sh, const Initiative *in)
{
	Lines number = {0};
	number_lines(sh, in, &number);
	Row title = {0};
	title_row(sh, &title, in, &number);
	char *initiative = field_name(NULL, _("initiative %s"), in->number);
	Row first = {0};
	if (in->nsteps > 0)
		step_row(sh, &first, &in->steps[0], in->nsteps == 1, &number,
		         initiative);
	/* The title goes down with its whole first step when that fits a
	 * page, else with its first three lines. */
	const Style *cs = style(sh, ROLE_CELL);
	double keep = 0;
	if (in->nsteps > 0) {
		keep = row_height(&first);
		if (keep > fresh_room(sh) - row_height(&title))
			keep = 3 * cs->leading * cs->size + 2 * cs->padding;
	}
	FieldRef ref = {sh->s->file, in->pos, NULL};
	place_row(sh, &title, ref, keep);
	row_free(&title);
	for (size_t i = 0; i < in->nsteps; i++) {
		Row r = {0};
		if (i == 0)
			r = first;
		else
			step_row(sh, &r, &in->steps[i], i + 1 == in->nsteps, &number,
			         initiative);
		place_row(sh, &r, (FieldRef){sh->s->file, in->steps[i].pos, NULL}, 0);
		row_free(&r);
	}
	free(initiative);
	lines_free(&number);
}

static void remarks_row(Sheeter *sh)
{
	const Template *t = sh->t;
	const Sheet *s = sh->s;
	Row r = {.min_height = t->remarks_min_h, .rule_top = true, .rule_bottom = true};
	Cell *label = add_cell(&r, sh->x0, t->remarks_label_w, true);
	/* The template says whether 特記事項 stands vertically. */
	if (style(sh, ROLE_REMARKS_LABEL)->vertical) {
		label->vertical = t->labels[LABEL_REMARKS];
		label->vstyle = style(sh, ROLE_REMARKS_LABEL);
	} else {
		label_into(sh, label, ROLE_REMARKS_LABEL, t->labels[LABEL_REMARKS]);
	}
	double half = (sh->width - t->remarks_label_w) / 2;
	const Block *blocks[2] = {&s->participation, &s->outcomes};
	const LabelKey heads[2] = {LABEL_PARTICIPATION, LABEL_OUTCOMES};
	for (int i = 0; i < 2; i++) {
		Cell *c = add_cell(&r, sh->x0 + t->remarks_label_w + half * i, half, false);
		label_into(sh, c, ROLE_REMARKS_HEAD, t->labels[heads[i]]);
		set_cell(sh, c, ROLE_REMARKS, NULL, blocks[i], false,
		         cell_content_bottom(c) - style(sh, ROLE_REMARKS)->padding);
	}
	/* 特記事項 stays whole when it can: it moves to a new page. */
	place_row(sh, &r, sheet_ref(sh, _("remarks")), 0);
	row_free(&r);
}

/* ---------------------------------------------------------------- */
/* Pages                                                             */

static void finish_page(Sheeter *sh)
{
	if (sh->page == NULL)
		return;
	double w = sh->t->rule_outer, x1 = sh->x0 + sh->width;
	Page *p = sh->page;
	page_add_rule(p, sh->x0, sh->frame_top, x1, sh->frame_top, w);
	page_add_rule(p, sh->x0, sh->y, x1, sh->y, w);
	page_add_rule(p, sh->x0, sh->frame_top, sh->x0, sh->y, w);
	page_add_rule(p, x1, sh->frame_top, x1, sh->y, w);
}

static void watermark(Sheeter *sh)
{
	const Template *t = sh->t;
	const Style *st = style(sh, ROLE_TITLE);
	double size = fmin(t->page_w, t->page_h) * 0.6;
	const char *mark = t->labels[LABEL_DRAFT];
	FontMeasure fm = {sh->ctx->fonts, st->font};
	double w = text_width(mark, strlen(mark), fonts_measure, &fm) * size;
	Page *p = sh->page;
	double cx = t->page_w / 2, cy = t->page_h / 2;
	/* Turned 30° about the page centre. */
	double a = 30 * M_PI / 180;
	double ox = cx - (w / 2) * cos(a) + (0.38 * size) * sin(a);
	double oy = cy + (w / 2) * sin(a) + (0.38 * size) * cos(a);
	page_add_text(p, ox, oy, st->font, size, mark, strlen(mark), w,
	              (Rgb){0.88, 0.88, 0.88}, (Box){0, 0, t->page_w, t->page_h});
	p->items[p->nitems - 1].angle = 30;
}

static void new_page(Sheeter *sh)
{
	finish_page(sh);
	const Template *t = sh->t;
	bool first = sh->page == NULL;
	sh->page = doc_add_page(sh->doc, t->page_w, t->page_h);
	if (sh->ctx->opt.draft)
		watermark(sh);
	sh->y = sh->top;
	sh->frame_top = sh->top;
	sh->page_fresh = true;
	if (first)
		first_band(sh);
	else
		continued_band(sh);
	if (sh->table_open)
		table_header(sh);
}

/* The footer's draft note for the style's font: invalid UTF-8 (a
 * Shift_JIS file name, say) and every character the font cannot draw
 * (control characters, code points beyond U+FFFF, Thai in a Japanese
 * font) become 〓, or ? when the font lacks that too.  The note is
 * information, not the user's text, so nothing here is an error. */
static char *drawable_text(const Sheeter *sh, const Style *st, const char *s)
{
	uint32_t stand_in = fonts_has_glyph(sh->ctx->fonts, st->font, 0x3013)
	                    ? 0x3013 : '?';
	Buf out = {0};
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = utf8_decode(s + i, len - i, &cp);
		bool ok = n > 0 && cp >= 0x20 && cp != 0x7F && cp <= 0xFFFF &&
		          fonts_has_glyph(sh->ctx->fonts, st->font, cp);
		buf_add_utf8(&out, ok ? cp : stand_in);
		i += n ? n : 1;
	}
	return buf_take(&out);
}

static double text_pt(const Sheeter *sh, const Style *st, const char *s)
{
	FontMeasure fm = {sh->ctx->fonts, st->font};
	return text_width(s, strlen(s), fonts_measure, &fm) * st->size;
}

/* "案　time　path" shortened to width (pt): leading folders give way to
 * "…/folder/sheet.xml", and a file name too long even alone keeps its
 * end ("…et.xml").  note is drawable already. */
static char *draft_line(const Sheeter *sh, const Style *st, const char *prefix,
                        const char *path, double width)
{
	char *line = xasprintf("%s　%s", prefix, path);
	const char *base = path_base(path);
	for (const char *p = path; text_pt(sh, st, line) > width && *p; p++) {
		bool cut = p < base ? *p == '/' && p > path
		                    : ((unsigned char)*p & 0xC0) != 0x80 && p > base;
		if (!cut)
			continue;
		free(line);
		line = xasprintf("%s　…%s", prefix, p);
	}
	return line;
}

static void draft_note(Sheeter *sh, Page *p, Box box)
{
	const LayoutOptions *opt = &sh->ctx->opt;
	Style left = *style(sh, ROLE_FOOTER);
	left.align = ALIGN_LEFT;
	char *prefix = drawable_text(sh, &left, opt->draft_note);
	char *path = drawable_text(sh, &left, opt->draft_source ? opt->draft_source : "");
	/* The page number keeps the right 30 % of the footer. */
	double width = box.w * 0.7 - 2 * left.padding;
	char *note = draft_line(sh, &left, prefix, path, width);
	Lines l = {0};
	sh->errors += set_string(sh->ctx, &left, left.size, width, note,
	                         template_ref(sh, _("footer")), &l);
	emit_in_box(p, &l, box, BLACK);
	lines_free(&l);
	free(note);
	free(path);
	free(prefix);
}

static void footers(Sheeter *sh, long book_offset)
{
	const Template *t = sh->t;
	const Style *st = style(sh, ROLE_FOOTER);
	size_t m = sh->doc->npages - sh->first_page;
	double y = t->page_h - t->margin_bottom - t->footer_h;
	Box box = {sh->x0, y, sh->width, t->footer_h};
	for (size_t i = 0; i < m; i++) {
		Page *p = &sh->doc->pages[sh->first_page + i];
		char *text = book_offset >= 0
		             ? xasprintf("%zu / %zu　　%zu", i + 1, m,
		                         sh->first_page + i + 1 + (size_t)book_offset)
		                     : xasprintf("%zu / %zu", i + 1, m);
		Lines l = {0};
		sh->errors += set_string(sh->ctx, st, st->size, box.w, text,
		                         template_ref(sh, _("footer")), &l);
		emit_in_box(p, &l, box, BLACK);
		lines_free(&l);
		if (sh->ctx->opt.draft_note && sh->ctx->opt.draft)
			draft_note(sh, p, box);
		free(text);
	}
}

/* The roles each template label is drawn in (at most two). */
static const Role label_roles[LABEL_COUNT][2] = {
	[LABEL_TITLE] = {ROLE_TITLE, ROLE_COVER_TITLE},
	[LABEL_DEPARTMENT] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_PRIORITY] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_PRIORITY_SUFFIX] = {ROLE_HEADER, ROLE_COVER},
	[LABEL_GOAL] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_COMPREHENSIVE_PLAN] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_STRATEGIC_PLAN] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_REFORM_PLAN] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_SDGS] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_SITUATION] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_PURPOSE] = {ROLE_LABEL, ROLE_LABEL},
	[LABEL_ACTION] = {ROLE_COLUMN_HEAD, ROLE_COLUMN_HEAD},
	[LABEL_PERIOD] = {ROLE_COLUMN_HEAD, ROLE_COLUMN_HEAD},
	[LABEL_TARGET] = {ROLE_COLUMN_HEAD, ROLE_COLUMN_HEAD},
	[LABEL_INTERIM] = {ROLE_COLUMN_HEAD, ROLE_COLUMN_HEAD},
	[LABEL_FINAL] = {ROLE_COLUMN_HEAD, ROLE_COLUMN_HEAD},
	[LABEL_REMARKS] = {ROLE_REMARKS_LABEL, ROLE_REMARKS_LABEL},
	[LABEL_PARTICIPATION] = {ROLE_REMARKS_HEAD, ROLE_REMARKS_HEAD},
	[LABEL_OUTCOMES] = {ROLE_REMARKS_HEAD, ROLE_REMARKS_HEAD},
	[LABEL_CONTINUED] = {ROLE_GOAL, ROLE_GOAL},
	[LABEL_PLACEHOLDER] = {ROLE_GOAL, ROLE_CELL},
	[LABEL_DRAFT] = {ROLE_TITLE, ROLE_FOOTER},
	[LABEL_COVER_TITLE] = {ROLE_COVER_TITLE, ROLE_COVER_TITLE},
	[LABEL_COVER_PAGE] = {ROLE_COVER, ROLE_COVER},
};

int layout_check_labels(const LayoutContext *ctx)
{
	const Template *t = ctx->t;
	int errors = 0;
	for (int k = 0; k < LABEL_COUNT; k++) {
		FieldRef ref = {t->file, t->label_pos[k], NULL};
		errors += check_glyphs(ctx, &t->styles[label_roles[k][0]],
		                       t->labels[k], ref);
		if (label_roles[k][1] != label_roles[k][0] &&
		    t->styles[label_roles[k][1]].font != t->styles[label_roles[k][0]].font)
			errors += check_glyphs(ctx, &t->styles[label_roles[k][1]],
			                       t->labels[k], ref);
	}
	return errors;
}

int layout_sheet(const LayoutContext *ctx, const Sheet *s, Doc *doc,
                 long book_offset)
{
	const Template *t = ctx->t;
	Sheeter sh = {.ctx = ctx, .t = t, .s = s, .doc = doc};
	sh.first_page = doc->npages;
	sh.x0 = t->margin_left;
	sh.width = template_content_width(t);
	sh.top = t->margin_top;
	sh.bottom = t->page_h - t->margin_bottom - t->footer_h;
	sh.errors += check_block_glyphs(ctx, style(&sh, ROLE_HEADER), &s->department);
	sh.errors += check_block_glyphs(ctx, style(&sh, ROLE_GOAL), &s->goal);
	for (int p = 0; p < PLAN_COUNT; p++)
		sh.errors += check_block_glyphs(ctx, style(&sh, ROLE_PLAN), &s->plans[p]);
	new_page(&sh);
	goal_row(&sh);
	alignment_block(&sh);
	block_row(&sh, LABEL_SITUATION, &s->situation);
	block_row(&sh, LABEL_PURPOSE, &s->purpose);
	if (sh.bottom - sh.y < t->table_head_h + 3 * style(&sh, ROLE_CELL)->size)
		new_page(&sh);
	table_header(&sh);
	sh.table_open = true;
	for (size_t i = 0; i < s->ninitiatives; i++)
		initiative_rows(&sh, &s->initiatives[i]);
	sh.table_open = false;
	if (s->has_remarks)
		remarks_row(&sh);
	finish_page(&sh);
	footers(&sh, book_offset);
	return sh.errors;
}
