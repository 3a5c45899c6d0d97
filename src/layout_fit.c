/* layout_fit.c: see layout_fit.h. */
#include "layout_fit.h"

#include <assert.h>
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

/* The sheet being fitted: what every trial lays out, and where. */
typedef struct Fit {
	const LayoutContext *ctx;
	const Sheet *s;
	Doc *doc;
	long book_offset;
	SheetPass pass;
} Fit;

/* One layout of the sheet at a tightening, kept aside: its pages, what
 * it said (as printed) and its counts, until it is chosen or dropped.
 * A dry one (LayoutContext.dry) has only its count of pages. */
typedef struct Trial {
	Tightening k;
	size_t limit;
	bool dry;
	Doc doc;
	char *said;
	size_t said_len;
	Diag d;
	int errors;          /* the pass's */
	size_t pages;
	bool over;           /* stopped past its limit: pages are more, not all */
} Trial;

/* Lays the sheet out at k into t, stopping past limit pages (0: none).
 * Footers number the pages as they will stand in doc. */
static void trial_run(const Fit *f, Tightening k, size_t limit, bool dry,
                      Trial *t)
{
	const LayoutContext *ctx = f->ctx;
	*t = (Trial){.k = k, .limit = limit, .dry = dry};
	Tightened tt;
	tightened_open(&tt, ctx->t, k);
	LayoutContext c = *ctx;
	c.t = &tt.t;
	c.page_limit = limit;
	c.dry = dry;
	FILE *said = ctx->d->out && !dry ? open_memstream(&t->said, &t->said_len)
	                                 : NULL;
	t->d = (Diag){.out = said, .quiet = ctx->d->quiet};
	c.d = &t->d;
	long offset = f->book_offset;
	t->errors = f->pass(&c, f->s, &t->doc,
	                    offset >= 0 ? offset + (long)f->doc->npages : offset);
	if (said)
		fclose(said);
	t->d.out = NULL;
	t->pages = t->doc.npages;
	t->over = limit > 0 && t->pages > limit;
	tightened_close(&tt);
}

static void trial_free(Trial *t)
{
	doc_free(&t->doc);
	free(t->said);
	t->said = NULL;
}

/* The chosen trial becomes the sheet: its pages go to doc, what it said
 * is said.  A dry one is laid out again first, drawn: only the chosen
 * trial's pages are drawn, and the others only count theirs (the same
 * count: the drawing takes no room).  Of the book's 31 trials 24 are
 * dry, and 5 of those are laid out again: the book took 234.1 instead
 * of 246.7 M instructions (callgrind), its layout_book 64.4 instead of
 * 77.0 M.  Returns its errors. */
static int trial_keep(const Fit *f, Trial *t)
{
	const LayoutContext *ctx = f->ctx;
	Doc *doc = f->doc;
	if (t->dry) {
		Trial wet;
		trial_run(f, t->k, t->limit, false, &wet);
		assert(wet.pages == t->pages && wet.over == t->over);
		trial_free(t);
		*t = wet;
	}
	if (t->said && ctx->d->out)
		fwrite(t->said, 1, t->said_len, ctx->d->out);
	ctx->d->errors += t->d.errors;
	ctx->d->warnings += t->d.warnings;
	ctx->d->system_error = ctx->d->system_error || t->d.system_error;
	doc_append(doc, &t->doc);
	int errors = t->errors;
	trial_free(t);
	return errors;
}

/* Replaces *best with t when t meets the goal, else drops t. */
static bool keep_better(Trial *best, Trial *t, size_t goal)
{
	if (t->over || t->pages > goal) {
		trial_free(t);
		return false;
	}
	trial_free(best);
	*best = *t;
	return true;
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

/* What a search chose: the trial to keep, and what to say of it. */
typedef struct FitResult {
	Trial chosen;
	bool report;
	size_t pages, goal;
} FitResult;

static void choose(FitResult *r, Trial *t, bool report, size_t goal)
{
	*r = (FitResult){.chosen = *t, .report = report, .pages = t->pages,
	                 .goal = goal};
}

/* Finds the loosest tightening that meets the budget (> 0).  The first
 * trial is drawn when first_wet, as it is likely kept: a sheet most
 * often meets a budget of N pages as the template sets it (for the
 * fewest pages it is kept only when even the tightest saves none, 2 of
 * the book's 7: dry then, the book took 225.6 instead of 230.3 M
 * instructions (callgrind), its layout_book 55.9 instead of 60.3 M). */
static void fit_search(const Fit *f, int budget, bool first_wet, FitResult *r)
{
	const Template *t = f->ctx->t;
	Steps n = {0, 0};
	visit_growing(t->bands, t->nbands, t, count_steps, &n);
	int top = n.leading + n.size;
	Trial best, tight;
	trial_run(f, level(n, 0), 0, !first_wet || budget == PAGES_FEWEST, &best);
	size_t goal = budget == PAGES_FEWEST ? best.pages - 1 : (size_t)budget;
	if (best.pages <= goal || top == 0 || best.pages == 1)
		return choose(r, &best, false, goal);
	/* The tightest: the fewest pages there are (for fewest, only whether
	 * they are fewer than the loosest's). */
	trial_run(f, level(n, top), budget == PAGES_FEWEST ? goal : 0, true, &tight);
	if (budget == PAGES_FEWEST && tight.over) {
		trial_free(&tight);
		return choose(r, &best, false, goal);
	}
	trial_free(&best);
	if (tight.pages > goal)            /* --fit N that cannot be met */
		return choose(r, &tight, true, goal);
	goal = tight.pages;
	best = tight;
	/* The loosest level in (lo, hi] that meets the goal. */
	int lo = 0, hi = top;
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;
		Trial t_mid;
		trial_run(f, level(n, mid), goal, true, &t_mid);
		if (keep_better(&best, &t_mid, goal))
			hi = mid;
		else
			lo = mid;
	}
	choose(r, &best, true, goal);
}

/* The chosen trial becomes the sheet, and the fit is said. */
static int fit_finish(const Fit *f, FitResult *r)
{
	Tightening k = r->chosen.k;
	int errors = trial_keep(f, &r->chosen);
	if (r->report)
		report(f->ctx, f->s, k, r->pages, r->goal);
	return errors;
}

static int budget_of(const LayoutContext *ctx)
{
	return ctx->opt.fit > 0 ? ctx->opt.fit : ctx->t->pages;
}

int fit_sheet(const LayoutContext *ctx, const Sheet *s, Doc *doc,
              long book_offset, SheetPass pass)
{
	int budget = budget_of(ctx);
	if (budget == 0)
		return pass(ctx, s, doc, book_offset);
	Fit f = {ctx, s, doc, book_offset, pass};
	FitResult r;
	fit_search(&f, budget, true, &r);
	return fit_finish(&f, &r);
}

struct FitAhead {
	int budget;
	FitResult r;
};

FitAhead *fit_ahead(const LayoutContext *ctx, const Sheet *s, long book_offset,
                    SheetPass pass)
{
	FitAhead *a = xcalloc(1, sizeof *a);
	a->budget = budget_of(ctx);
	if (a->budget == 0)
		return a;
	Doc none = {0};          /* dry trials number no pages */
	Fit f = {ctx, s, &none, book_offset, pass};
	fit_search(&f, a->budget, false, &a->r);
	return a;
}

int fit_ahead_finish(FitAhead *a, const LayoutContext *ctx, const Sheet *s,
                     Doc *doc, long book_offset, SheetPass pass)
{
	int errors;
	if (a->budget == 0) {
		errors = pass(ctx, s, doc, book_offset);
	} else {
		Fit f = {ctx, s, doc, book_offset, pass};
		errors = fit_finish(&f, &a->r);
	}
	free(a);
	return errors;
}
