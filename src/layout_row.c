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
		free(r->cells[i].vertical);
		free(r->cells[i].text);
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

void row_split_start(RowSplit *s)
{
	memset(s, 0, sizeof *s);
}

/* The row offset that page offset 0 of this part stands for, in a cell:
 * a continued part starts with fresh padding above its first line. */
static double part_base(const RowSplit *s, size_t cell, double pad)
{
	return s->continued ? s->from[cell] - pad : 0;
}

/* Plans one cell: *to is the top of its first line that does not fit
 * (INFINITY when all of them do); *extent the page offset below its last
 * line that does.  Returns how many of its lines fit. */
static size_t plan_cell(const Cell *c, double from, double base, double limit,
                        double *to, double *extent)
{
	*to = INFINITY;
	*extent = 0;
	size_t placed = 0;
	for (size_t j = 0; j < c->nsegs; j++) {
		const Segment *seg = &c->segs[j];
		double lh = seg->lines.n ? line_height(&seg->lines) : 0;
		for (size_t k = 0; k < seg->lines.n; k++) {
			double top = seg->top + (double)k * lh;
			if (top < from - EPS)
				continue;
			if (top + lh - base <= limit + EPS && top < *to) {
				*extent = fmax(*extent, top + lh - base);
				placed++;
			} else {
				*to = fmin(*to, top);
			}
		}
	}
	return placed;
}

bool row_plan_part(const Row *r, const RowSplit *s, double room, RowPart *part)
{
	double pad = row_padding(r);
	double limit = room - pad;
	double extent = 0;
	bool progress = false;
	part->last = true;
	for (size_t i = 0; i < r->ncells; i++) {
		double cell_extent;
		if (plan_cell(&r->cells[i], s->from[i], part_base(s, i, pad), limit,
		              &part->to[i], &cell_extent) > 0)
			progress = true;
		extent = fmax(extent, cell_extent);
		if (part->to[i] != INFINITY)
			part->last = false;
	}
	part->height = extent + pad;
	if (!s->continued)
		part->height = fmax(part->height, r->min_height);
	if (part->last && !s->continued)
		part->height = fmax(part->height, row_height(r));
	return progress || (part->last && part->height <= room + EPS);
}

static bool line_in_part(double top, double from, double to)
{
	return top >= from - EPS && top < to - EPS;
}

static void draw_cell_text(Page *p, const Cell *c, double from, double to,
                           double y_shift)
{
	for (size_t j = 0; j < c->nsegs; j++) {
		const Segment *s = &c->segs[j];
		if (s->lines.n == 0)
			continue;
		double lh = line_height(&s->lines);
		size_t first = s->lines.n, end = 0;
		for (size_t k = 0; k < s->lines.n; k++)
			if (line_in_part(s->top + (double)k * lh, from, to)) {
				first = k < first ? k : first;
				end = k + 1;
			}
		if (first >= end)
			continue;
		double pad = s->lines.st->padding;
		double top = y_shift + s->top + (double)first * lh;
		Box inner = {c->x + pad, top, c->w - 2 * pad,
		             (double)(end - first) * lh};
		emit_lines(p, &s->lines, first, end, inner, top, (Rgb){0, 0, 0});
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

int row_draw_part(const LayoutContext *ctx, Page *p, const Row *r, RowSplit *s,
                  const RowPart *part, double y, bool first_on_page,
                  FieldRef ref)
{
	double pad = row_padding(r);
	int errors = 0;
	for (size_t i = 0; i < r->ncells; i++)
		if (r->cells[i].shaded)
			page_add_fill(p, (Box){r->cells[i].x, y, r->cells[i].w,
			                       part->height}, ctx->t->shade);
	for (size_t i = 0; i < r->ncells; i++) {
		const Cell *c = &r->cells[i];
		/* The repeat is content in the row it heads, where the row's
		 * first part starts; the vertical label in the first part. */
		if (i == r->repeat_cell && r->repeat &&
		    ((!s->continued && r->rule_top) || first_on_page)) {
			double rp = r->repeat->st->padding;
			Box inner = {c->x + rp, y + rp, c->w - 2 * rp,
			             (double)r->repeat->n * line_height(r->repeat)};
			page_tag(p, !s->continued && r->rule_top ? r->repeat_node
			                                        : NODE_ARTIFACT);
			emit_lines(p, r->repeat, 0, r->repeat->n, inner, y + rp,
			           (Rgb){0, 0, 0});
		}
		page_tag(p, s->continued ? NODE_ARTIFACT : c->node);
		if (c->vertical)
			errors += emit_vertical(ctx, p, c->vstyle,
			                        (Box){c->x, y, c->w, part->height},
			                        c->vertical, ref);
		page_tag(p, c->node);
		draw_cell_text(p, c, s->from[i], part->to[i],
		               y - part_base(s, i, pad));
		page_tag(p, NODE_ARTIFACT);
	}
	bool top = (!s->continued && r->rule_top) || first_on_page;
	bool bottom = (part->last && r->rule_bottom) || !part->last;
	draw_rules(p, r, y, part->height, top, bottom, ctx->t->rule_inner);
	for (size_t i = 0; i < r->ncells; i++)
		s->from[i] = part->to[i];
	s->continued = true;
	return errors;
}
