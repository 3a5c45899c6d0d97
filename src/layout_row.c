/* layout_row.c: see layout_row.h. */
#include "layout_row.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define EPS 1e-6

void cell_add(Cell *c, Lines *lines, double top)
{
	/* Two at first: most cells hold one or two segments, and eight
	 * (xgrow's first) take a slower malloc: the book took 200.6 instead
	 * of 199.4 M instructions (callgrind), its layout_book 46.0 instead
	 * of 44.8 M. */
	if (c->nsegs == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 2;
		c->segs = xrealloc(c->segs, c->cap * sizeof *c->segs);
	}
	c->segs[c->nsegs++] = (Segment){.lines = *lines, .top = top};
	if (lines->st && lines->st->padding > c->padding)
		c->padding = lines->st->padding;
	memset(lines, 0, sizeof *lines);
}

void cell_set_again(Cell *c, const char *label, const char *mark,
                    const Style *st, double width, FieldRef ref)
{
	if (c->nsegs == 0)
		return;
	Segment *s = &c->segs[c->nsegs - 1];
	lines_free(&s->again);
	free(s->again_text);
	s->again_text = NULL;
	s->again_label = label;
	s->again_mark = mark;
	s->again_st = st;
	s->again_w = width;
	s->again_ref = ref;
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
		for (size_t j = 0; j < r->cells[i].nsegs; j++) {
			lines_free(&r->cells[i].segs[j].lines);
			lines_free(&r->cells[i].segs[j].again);
			free(r->cells[i].segs[j].again_text);
		}
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
 * a continued part starts with fresh padding above its first line, and
 * what is repeated atop the cell pushes its lines down. */
static double part_base(const RowSplit *s, size_t cell, double pad, double head)
{
	return (s->continued ? s->from[cell] - pad : 0) - head;
}

static double lines_tall(const Lines *l)
{
	return l && l->n ? (double)l->n * line_height(l) : 0;
}

/* The segment holding the cell's first line from offset from on, or
 * NULL when the cell is done. */
static const Segment *segment_at(const Cell *c, double from)
{
	for (size_t j = 0; j < c->nsegs; j++) {
		const Segment *seg = &c->segs[j];
		double lh = seg->lines.n ? line_height(&seg->lines) : 0;
		if (seg->lines.n && seg->top + (double)(seg->lines.n - 1) * lh >= from - EPS)
			return seg;
	}
	return NULL;
}

/* The segment whose text a continued part carries on, when some of its
 * lines are drawn already (its label is repeated), else NULL. */
static const Segment *carried_segment(const Cell *c, const RowSplit *s, size_t i)
{
	if (!s->continued)
		return NULL;
	const Segment *seg = segment_at(c, s->from[i]);
	return seg && seg->top < s->from[i] - EPS ? seg : NULL;
}

static bool shows_title_again(const Row *r, const RowSplit *s, size_t i,
                              bool first_on_page)
{
	return first_on_page && r->title_again && r->title_again->n > 0 &&
	       i == r->title_cell && (s->continued || !r->title_here);
}

static double cell_head(const Row *r, const RowSplit *s, size_t i,
                        bool first_on_page)
{
	double h = !s->continued && first_on_page ? r->lifted : 0;
	if (shows_title_again(r, s, i, first_on_page))
		h += lines_tall(r->title_again);
	const Segment *seg = carried_segment(&r->cells[i], s, i);
	if (seg)
		h += lines_tall(&seg->again);
	return h;
}

/* A cell's lines from offset from on, in order, with where each one's
 * paragraph starts and ends (indices into the cell's lines). */
typedef struct LineAt {
	double top, height;
	size_t para_first, para_end;
} LineAt;

static size_t cell_lines(const Cell *c, LineAt **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (size_t j = 0; j < c->nsegs; j++) {
		const Segment *seg = &c->segs[j];
		double lh = seg->lines.n ? line_height(&seg->lines) : 0;
		for (size_t k = 0; k < seg->lines.n; k++) {
			xgrow((void **)out, &cap, n + 1, sizeof **out);
			bool start = k == 0 || seg->lines.v[k].para_start;
			size_t first = start ? n : (*out)[n - 1].para_first;
			(*out)[n] = (LineAt){seg->top + (double)k * lh, lh, first, n + 1};
			for (size_t m = first; m < n; m++)
				(*out)[m].para_end = n + 1;
			n++;
		}
	}
	return n;
}

/* May the page break before line k?  At a paragraph's start, or with
 * two of its lines on each side. */
static bool break_allowed(const LineAt *v, size_t k)
{
	return k == v[k].para_first ||
	       (k - v[k].para_first >= 2 && v[k].para_end - k >= 2);
}

/* Plans one cell: *to is the top of its first line that goes on (INFINITY
 * when all of them fit); *extent the page offset below its last line
 * that fits.  Returns how many of its lines fit. */
static size_t plan_cell(const Cell *c, double from, double base, double limit,
                        bool loose, double *to, double *extent)
{
	*to = INFINITY;
	*extent = 0;
	LineAt *v;
	size_t n = cell_lines(c, &v), first = 0;
	while (first < n && v[first].top < from - EPS)
		first++;
	size_t fit = first;
	while (fit < n && v[fit].top + v[fit].height - base <= limit + EPS)
		fit++;
	if (fit < n && !loose)
		while (fit > first && !break_allowed(v, fit))
			fit--;
	if (fit < n)
		*to = v[fit].top;
	if (fit > first)
		*extent = v[fit - 1].top + v[fit - 1].height - base;
	free(v);
	return fit - first;
}

static bool plan(const Row *r, const RowSplit *s, double room,
                 bool first_on_page, bool loose, RowPart *part)
{
	double pad = row_padding(r);
	double limit = room - pad;
	double extent = 0;
	bool progress = false;
	part->last = true;
	part->first_on_page = first_on_page;
	for (size_t i = 0; i < r->ncells; i++) {
		double cell_extent;
		part->head[i] = cell_head(r, s, i, first_on_page);
		if (plan_cell(&r->cells[i], s->from[i],
		              part_base(s, i, pad, part->head[i]), limit, loose,
		              &part->to[i], &cell_extent) > 0)
			progress = true;
		extent = fmax(extent, cell_extent);
		/* The title again shows even over a cell with nothing left. */
		if (shows_title_again(r, s, i, first_on_page))
			extent = fmax(extent, (s->continued ? pad : r->cells[i].padding) +
			                      lines_tall(r->title_again));
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

bool row_plan_part(const Row *r, const RowSplit *s, double room,
                   bool first_on_page, RowPart *part)
{
	if (plan(r, s, room, first_on_page, false, part))
		return true;
	return first_on_page && plan(r, s, room, first_on_page, true, part);
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

/* Lines drawn at the top of a part's cell, from page offset top. */
static double draw_head(Page *p, const Cell *c, const Lines *l, double top)
{
	if (l == NULL || l->n == 0)
		return top;
	double pad = l->st->padding;
	double h = lines_tall(l);
	emit_lines(p, l, 0, l->n, (Box){c->x + pad, top, c->w - 2 * pad, h}, top,
	           (Rgb){0, 0, 0});
	return top + h;
}

static void draw_heads(Page *p, const Row *r, const RowSplit *s,
                       const RowPart *part, size_t i, double y, double pad)
{
	const Cell *c = &r->cells[i];
	double top = y + (s->continued ? pad : c->padding);
	if (!s->continued && part->first_on_page)
		top += r->lifted - c->padding;
	if (shows_title_again(r, s, i, part->first_on_page))
		top = draw_head(p, c, r->title_again, top);
	const Segment *seg = carried_segment(c, s, i);
	if (seg && part->to[i] > s->from[i] + EPS)
		draw_head(p, c, &seg->again, top);
}

static void move_on(const Row *r, RowSplit *s, const RowPart *part)
{
	for (size_t i = 0; i < r->ncells; i++)
		s->from[i] = part->to[i];
	s->continued = true;
}

int row_draw_part(const LayoutContext *ctx, Page *p, const Row *r, RowSplit *s,
                  const RowPart *part, double y, FieldRef ref)
{
	if (ctx->dry) {
		move_on(r, s, part);
		return 0;
	}
	double pad = row_padding(r);
	bool first_on_page = part->first_on_page;
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
		page_tag(p, NODE_ARTIFACT);     /* repeated heads (（続き）) */
		draw_heads(p, r, s, part, i, y, pad);
		page_tag(p, c->node);
		draw_cell_text(p, c, s->from[i], part->to[i],
		               y - part_base(s, i, pad, part->head[i]));
		page_tag(p, NODE_ARTIFACT);
	}
	bool top = (!s->continued && r->rule_top) || first_on_page;
	bool bottom = (part->last && r->rule_bottom) || !part->last;
	draw_rules(p, r, y, part->height, top, bottom, ctx->t->rule_inner);
	move_on(r, s, part);
	return errors;
}
