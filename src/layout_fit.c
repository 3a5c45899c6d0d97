/* layout_fit.c: see layout_fit.h. */
#include "layout_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* One step of tightening: leading first, then size. */
#define LEADING_STEP 0.05   /* em */
#define SIZE_STEP 0.25      /* pt */

/* How far a tightening level takes the styles. */
typedef struct Tightening {
	double leading_cut;     /* em */
	double size_cut;        /* pt */
} Tightening;

/* A template whose growing styles are tightened: a shallow copy with its
 * own bands (and block cells), the rest borrowed from the original. */
typedef struct Tightened {
	Template t;
	TBand *bands;
} Tightened;

static void tighten_style(Style *st, const Template *t, Tightening k)
{
	if (st->leading > t->min_leading)
		st->leading = fmax(t->min_leading, st->leading - k.leading_cut);
	if (st->size > st->min_size)
		st->size = fmax(st->min_size, st->size - k.size_cut);
}

/* Calls f on every growing style of the template: the table's field
 * columns and the blocks' field cells with their headings. */
typedef void (*StyleVisit)(Style *st, const Template *t, void *arg);

static void visit_growing(TBand *bands, size_t n, const Template *t,
                          StyleVisit f, void *arg)
{
	for (size_t i = 0; i < n; i++) {
		TBand *b = &bands[i];
		if (b->kind == BAND_TABLE)
			for (size_t c = 0; c < b->table.ncols; c++)
				if (b->table.cols[c].field >= 0)
					f(&b->table.cols[c].st, t, arg);
		if (b->kind != BAND_BLOCK)
			continue;
		for (size_t c = 0; c < b->ncells; c++)
			if (b->cells[c].field >= 0) {
				f(&b->cells[c].st, t, arg);
				f(&b->cells[c].heading_st, t, arg);
			}
	}
}

static void apply(Style *st, const Template *t, void *arg)
{
	tighten_style(st, t, *(const Tightening *)arg);
}

static void tightened_open(Tightened *out, const Template *t, Tightening k)
{
	out->t = *t;
	out->bands = xmalloc(t->nbands * sizeof *out->bands);
	memcpy(out->bands, t->bands, t->nbands * sizeof *out->bands);
	for (size_t i = 0; i < t->nbands; i++) {
		TBand *b = &out->bands[i];
		if (b->kind != BAND_BLOCK || b->ncells == 0)
			continue;
		b->cells = xmalloc(b->ncells * sizeof *b->cells);
		memcpy(b->cells, t->bands[i].cells, b->ncells * sizeof *b->cells);
	}
	out->t.bands = out->bands;
	visit_growing(out->bands, t->nbands, t, apply, &k);
}

static void tightened_close(Tightened *tt)
{
	for (size_t i = 0; i < tt->t.nbands; i++)
		if (tt->bands[i].kind == BAND_BLOCK && tt->bands[i].ncells > 0)
			free(tt->bands[i].cells);
	free(tt->bands);
}

/* The steps from the template's styles to the tightest. */
typedef struct Steps {
	int leading, size;
} Steps;

static int steps_to(double from, double to, double step)
{
	return from > to ? (int)ceil((from - to) / step - 1e-9) : 0;
}

static void count_steps(Style *st, const Template *t, void *arg)
{
	Steps *n = arg;
	int l = steps_to(st->leading, t->min_leading, LEADING_STEP);
	int z = steps_to(st->size, st->min_size, SIZE_STEP);
	n->leading = l > n->leading ? l : n->leading;
	n->size = z > n->size ? z : n->size;
}

static Tightening level(Steps n, int k)
{
	return (Tightening){(double)(k < n.leading ? k : n.leading) * LEADING_STEP,
	                    (double)(k > n.leading ? k - n.leading : 0) * SIZE_STEP};
}

/* Lays the sheet out at tightening k into doc (with ctx's diagnostics),
 * or only counts its pages (doc NULL: silently). */
static size_t pass_at(const LayoutContext *ctx, const Sheet *s, Doc *doc,
                      long book_offset, SheetPass pass, Tightening k,
                      int *errors)
{
	Tightened tt;
	tightened_open(&tt, ctx->t, k);
	LayoutContext c = *ctx;
	c.t = &tt.t;
	Diag silent = {0};
	Doc scratch = {0};
	if (doc == NULL) {
		c.d = &silent;
		doc = &scratch;
	}
	size_t before = doc->npages;
	int e = pass(&c, s, doc, book_offset);
	if (errors)
		*errors = e;
	size_t pages = doc->npages - before;
	doc_free(&scratch);
	tightened_close(&tt);
	return pages;
}

/* The loosest level in (lo, hi] whose pages are at most goal, where lo's
 * are more and hi's are not. */
static int loosest(const LayoutContext *ctx, const Sheet *s, long book_offset,
                   SheetPass pass, Steps n, int lo, int hi, size_t goal)
{
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;
		if (pass_at(ctx, s, NULL, book_offset, pass, level(n, mid), NULL) <= goal)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* The table's action column: the style a report names. */
static const Style *action_style(const Template *t)
{
	for (size_t i = 0; i < t->nbands; i++)
		if (t->bands[i].kind == BAND_TABLE && t->bands[i].table.action_col >= 0)
			return &t->bands[i].table.cols[t->bands[i].table.action_col].st;
	return NULL;
}

static void report(const LayoutContext *ctx, const Sheet *s, Tightening k,
                   size_t pages, size_t goal)
{
	const Style *st = action_style(ctx->t);
	if (st == NULL)
		return;
	Style now = *st;
	tighten_style(&now, ctx->t, k);
	if (pages > goal)
		diag_at(ctx->d, DIAG_WARNING, s->file, s->pos.line, s->pos.col, NULL,
		        _("the sheet of priority %d takes %zu pages, more than %zu, "
		        "even with its table at %g pt and leading %.2f em (the "
		        "template's smallest)"),
		        s->priority, pages, goal, now.size, now.leading);
	else if (k.leading_cut > 0 || k.size_cut > 0)
		diag_at(ctx->d, DIAG_NOTE, s->file, s->pos.line, s->pos.col, NULL,
		        _("the sheet of priority %d is set tighter to take %zu "
		        "page(s): its table at %g pt with leading %.2f em (template "
		        "%g pt, %.2f em)"),
		        s->priority, pages, now.size, now.leading, st->size, st->leading);
}

int fit_sheet(const LayoutContext *ctx, const Sheet *s, Doc *doc,
              long book_offset, SheetPass pass)
{
	const Template *t = ctx->t;
	int budget = ctx->opt.fit > 0 ? ctx->opt.fit : t->pages;
	Steps n = {0, 0};
	visit_growing(t->bands, t->nbands, t, count_steps, &n);
	int top = n.leading + n.size;
	if (budget == 0)
		return pass(ctx, s, doc, book_offset);
	size_t loose = pass_at(ctx, s, NULL, book_offset, pass, level(n, 0), NULL);
	size_t tight = top > 0
	               ? pass_at(ctx, s, NULL, book_offset, pass, level(n, top), NULL)
	               : loose;
	size_t goal = budget == PAGES_FEWEST ? tight : (size_t)budget;
	int k = 0;
	if (loose > goal)
		k = tight <= goal ? loosest(ctx, s, book_offset, pass, n, 0, top, goal)
		                  : top;
	int errors = 0;
	size_t pages = pass_at(ctx, s, doc, book_offset, pass, level(n, k), &errors);
	report(ctx, s, level(n, k), pages, goal);
	return errors;
}
