/* layout_row.c: see layout_row.h. */
#include "layout_row.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define EPS 1e-6

void cell_add(Cell *c, Lines *lines, double top)
{
	xgrow((void **)&c->segs, &c->cap, c->nsegs + 1, sizeof *c->segs);
	c->segs[c->nsegs++] = (Segment){*lines, top};
	if (lines->st && lines->st->padding > c->padding)
		c->padding = lines->st->padding;
	memset(lines, 0, sizeof *lines);
}

double cell_content_bottom(const Cell *c)
{
	double bottom = 0;
	for (size_t i = 0; i < c->nsegs; i++) {
		const Segment *s = &c->segs[i];
		if (s->lines.n > 0)
			bottom = fmax(bottom, s->top + (double)s->lines.n * line_height(&s->lines));
	}
	return bottom;
}

double row_height(const Row *r)
{
	double h = r->min_height;
	for (size_t i = 0; i < r->ncells; i++) {
		const Cell *c = &r->cells[i];
		if (c->nsegs > 0)
			h = fmax(h, cell_content_bottom(c) + c->padding);
	}
	return h;
}

void row_free(Row *r)
{
	for (size_t i = 0; i < r->ncells; i++) {
		for (size_t j = 0; j < r->cells[i].nsegs; j++)
			lines_free(&r->cells[i].segs[j].lines);
		free(r->cells[i].segs);
	}
	if (r->repeat) {
		lines_free(r->repeat);
		free(r->repeat);
	}
	memset(r, 0, sizeof *r);
}

static double row_padding(const Row *r)
{
	double pad = 0;
	for (size_t i = 0; i < r->ncells; i++)
		pad = fmax(pad, r->cells[i].padding);
	return pad;
}

double row_part_height(const Row *r, double a, double b)
{
	double h = row_height(r);
	double pad = row_padding(r);
	double part = b - a;
	if (a > EPS)
		part += pad;     /* a continued part starts with fresh padding */
	if (b < h - EPS)
		part += pad;     /* and a part that continues ends with it */
	return part;
}

/* Moves b up to the top of any line that straddles it, in every cell,
 * until no line does. */
static double settle_cut(const Row *r, double b)
{
	bool moved = true;
	while (moved) {
		moved = false;
		for (size_t i = 0; i < r->ncells; i++) {
			const Cell *c = &r->cells[i];
			for (size_t j = 0; j < c->nsegs; j++) {
				const Segment *s = &c->segs[j];
				double lh = s->lines.n ? line_height(&s->lines) : 0;
				for (size_t k = 0; k < s->lines.n; k++) {
					double top = s->top + (double)k * lh;
					if (top < b - EPS && top + lh > b + EPS) {
						b = top;
						moved = true;
					}
				}
			}
		}
	}
	return b;
}

double row_cut(const Row *r, double a, double room)
{
	double h = row_height(r);
	double pad = row_padding(r);
	if (row_part_height(r, a, h) <= room + EPS)
		return h;
	double b = a + room - pad - (a > EPS ? pad : 0);
	if (b <= a + EPS)
		return a;
	b = settle_cut(r, b);
	return b > a + EPS ? b : a;
}

static bool line_in_part(double top, double a, double b)
{
	return top >= a - EPS && top < b - EPS;
}

static void draw_cell_text(Page *p, const Cell *c, double a, double b,
                           double y_shift)
{
	for (size_t j = 0; j < c->nsegs; j++) {
		const Segment *s = &c->segs[j];
		if (s->lines.n == 0)
			continue;
		double lh = line_height(&s->lines);
		size_t from = s->lines.n, to = 0;
		for (size_t k = 0; k < s->lines.n; k++)
			if (line_in_part(s->top + (double)k * lh, a, b)) {
				from = k < from ? k : from;
				to = k + 1;
			}
		if (from >= to)
			continue;
		double pad = s->lines.st->padding;
		Box inner = {c->x + pad, 0, c->w - 2 * pad, 0};
		double top = y_shift + s->top + (double)from * lh;
		inner.y = top;
		inner.h = (double)(to - from) * lh;
		emit_lines(p, &s->lines, from, to, inner, top, (Rgb){0, 0, 0});
	}
}

static void draw_rules(Page *p, const Row *r, double y, double h, bool top,
                       bool bottom, double width)
{
	const Cell *first = &r->cells[0], *last = &r->cells[r->ncells - 1];
	double x0 = first->x, x1 = last->x + last->w;
	for (size_t i = 0; i < r->ncells; i++)
		page_add_rule(p, r->cells[i].x, y, r->cells[i].x, y + h, width);
	page_add_rule(p, x1, y, x1, y + h, width);
	if (top)
		page_add_rule(p, x0, y, x1, y, width);
	if (bottom)
		page_add_rule(p, x0, y + h, x1, y + h, width);
}

int row_draw_part(const LayoutContext *ctx, Page *p, const Row *r, double a,
                  double b, double y, bool first_on_page, FieldRef ref)
{
	double h = row_height(r);
	double part_h = row_part_height(r, a, b);
	double pad = row_padding(r);
	/* Page offset of row offset t: continued parts start with padding. */
	double y_shift = y - a + (a > EPS ? pad : 0);
	int errors = 0;
	for (size_t i = 0; i < r->ncells; i++)
		if (r->cells[i].shaded)
			page_add_fill(p, (Box){r->cells[i].x, y, r->cells[i].w, part_h},
			              ctx->t->shade);
	for (size_t i = 0; i < r->ncells; i++) {
		const Cell *c = &r->cells[i];
		if (i == 0 && r->repeat && ((a <= EPS && r->rule_top) || first_on_page)) {
			double rp = r->repeat->st->padding;
			Box inner = {c->x + rp, y + rp, c->w - 2 * rp,
			             (double)r->repeat->n * line_height(r->repeat)};
			emit_lines(p, r->repeat, 0, r->repeat->n, inner, y + rp,
			           (Rgb){0, 0, 0});
		}
		if (c->vertical)
			errors += emit_vertical(ctx, p, c->vstyle,
			                        (Box){c->x, y, c->w, part_h}, c->vertical, ref);
		draw_cell_text(p, c, a, b, y_shift);
	}
	bool top = (a <= EPS && r->rule_top) || first_on_page;
	bool bottom = (b >= h - EPS && r->rule_bottom) || b < h - EPS;
	draw_rules(p, r, y, part_h, top, bottom, ctx->t->rule_inner);
	return errors;
}
