/* layout_book.c: a book (vocabulary.md, "<book>"): a cover listing the
 * goals in priority order with the page where each sheet starts, then
 * every sheet; an outline entry per sheet, links from the cover's lines
 * to the sheets, page labels and the book's document info.  Its
 * structure: the cover's first heading an H1, its lines a TOC of TOCI
 * each holding a Link, then each sheet's Sect (layout.c). */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout_cache.h"
#include "layout_fit.h"
#include "layout_text.h"
#include "thread_job.h"
#include "util.h"

/* Sheets in priority order (document order among equals). */
static size_t *priority_order(const Book *b)
{
	size_t *order = xcalloc(b->nsheets, sizeof *order);
	for (size_t i = 0; i < b->nsheets; i++) {
		size_t j = i;
		while (j > 0 && b->sheets[order[j - 1]].priority > b->sheets[i].priority) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	return order;
}

typedef struct Cover {
	const LayoutContext *ctx;
	const Template *t;
	Doc *doc;
	Page *page;
	double y, x0, width, bottom;
	int errors;
	size_t toc;          /* the TOC node, once there is a line */
} Cover;

static FieldRef cover_ref(const Cover *c)
{
	return (FieldRef){c->t->file, {0, 0}, _("cover")};
}

/* Sets text in a box of width w at style st; returns its height. */
static double cover_text(Cover *c, const Style *st, double x, double w,
                         const char *text, bool draw)
{
	Lines l = {0};
	c->errors += set_string(c->ctx, st, st->size, w - 2 * st->padding, text,
	                        cover_ref(c), &l);
	double h = lines_height(&l);
	if (draw) {
		Box in = inner_box((Box){x, c->y, w, h}, st->padding);
		emit_lines(c->page, &l, 0, l.n, in, in.y, (Rgb){0, 0, 0});
	}
	lines_free(&l);
	return h;
}

/* A cover page with the template's headings. */
static void cover_page(Cover *c, const Book *b)
{
	const Template *t = c->t;
	const TCover *cv = &t->cover;
	c->page = doc_add_page(c->doc, t->page_w, t->page_h);
	if (c->ctx->opt.draft)
		layout_watermark(c->ctx, c->page);
	c->y = t->margin_top + cv->top;
	ContentEnv env = {.t = t, .book = b};
	bool first = c->doc->npages == 1;   /* later cover pages repeat them */
	for (size_t i = 0; i < cv->nheadings; i++) {
		char *text = content_text(&cv->headings[i].content, &env);
		page_tag(c->page, !first ? NODE_ARTIFACT :
		         doc_node(c->doc, doc_root(c->doc), i == 0 ? "H1" : "P"));
		c->y += cover_text(c, &cv->headings[i].st, c->x0, c->width, text, true);
		page_tag(c->page, NODE_ARTIFACT);
		free(text);
	}
	c->y += cv->gap;
}

/* One entry of the cover, a line per sheet, linked to the sheet. */
static void cover_line(Cover *c, const Book *b, const Sheet *s, size_t target,
                       size_t book_page)
{
	const TCover *cv = &c->t->cover;
	ContentEnv env = {.t = c->t, .sheet = s, .book = b, .book_page = book_page};
	char *texts[TABLE_MAX_COLUMNS] = {NULL};
	size_t n = cv->nentry < TABLE_MAX_COLUMNS ? cv->nentry : TABLE_MAX_COLUMNS;
	double h = 0;
	for (size_t i = 0; i < n; i++) {
		const TCell *cell = &cv->entry[i];
		texts[i] = content_text(&cell->content, &env);
		double ch = cover_text(c, &cell->st, 0, cell->w, texts[i], false);
		h = ch > h ? ch : h;
	}
	if (c->y + h > c->bottom)
		cover_page(c, b);
	if (c->toc == NODE_ARTIFACT)
		c->toc = doc_node(c->doc, doc_root(c->doc), "TOC");
	size_t link = doc_node(c->doc, doc_node(c->doc, c->toc, "TOCI"), "Link");
	Buf said = {0};      /* the link's Contents: its words */
	double x0 = c->x0 + cv->entry[0].x, x1 = x0;
	page_tag(c->page, link);
	for (size_t i = 0; i < n; i++) {
		const TCell *cell = &cv->entry[i];
		cover_text(c, &cell->st, c->x0 + cell->x, cell->w, texts[i], true);
		x1 = c->x0 + cell->x + cell->w;
		buf_printf(&said, "%s%s", i ? " " : "", texts[i]);
		free(texts[i]);
	}
	page_add_link(c->page, (Box){x0, c->y, x1 - x0, h}, target);
	page_tag(c->page, NODE_ARTIFACT);
	c->doc->nodes[link].alt = buf_take(&said);
	page_add_rule(c->page, x0, c->y + h, x1, c->y + h, c->t->rule_inner);
	c->y += h;
}

/* Lays the cover into doc; starts[i] is the index in the final document
 * of the first page of the i-th sheet in priority order. */
static int layout_cover(const LayoutContext *ctx, const Book *b,
                        const size_t *order, const size_t *starts, Doc *doc)
{
	const Template *t = ctx->t;
	Cover c = {.ctx = ctx, .t = t, .doc = doc};
	c.x0 = t->margin_left;
	c.width = template_content_width(t);
	c.bottom = t->page_h - t->margin_bottom - t->footer_h;
	cover_page(&c, b);
	for (size_t i = 0; i < b->nsheets; i++)
		cover_line(&c, b, &b->sheets[order[i]], starts[i], starts[i] + 1);
	for (size_t i = 0; i < doc->npages; i++) {
		ContentEnv env = {.t = t, .book = b, .page = i + 1,
		                  .pages = doc->npages, .book_page = i + 1};
		c.errors += layout_footer(ctx, &doc->pages[i], &t->footer_cover, &env);
	}
	return c.errors;
}

static size_t cover_pages(const LayoutContext *ctx, const Book *b,
                          const size_t *order)
{
	Diag silent = {0};
	LayoutContext quiet = *ctx;
	quiet.d = &silent;
	quiet.sink = NULL;
	size_t *zero = xcalloc(b->nsheets + 1, sizeof *zero);
	Doc scratch = {0};
	layout_cover(&quiet, b, order, zero, &scratch);
	size_t n = scratch.npages;
	doc_free(&scratch);
	free(zero);
	return n;
}

/* The viewer's page labels: the printed book page numbers, 1…N, one
 * range (goalsheet(1), "One numbering"); or the older scheme, a label
 * for the cover and a prefix numbering each sheet's pages from 1. */
static void page_labels(const LayoutContext *ctx, const Book *b,
                        const size_t *order, const size_t *starts, Doc *doc)
{
	const Template *t = ctx->t;
	if (t->labels_by_book_page) {
		doc_add_label(doc, 0, "", true, 1);
		return;
	}
	ContentEnv env = {.t = t, .book = b};
	char *cover = content_text(&t->cover_label, &env);
	doc_add_label(doc, 0, cover, false, 0);
	free(cover);
	for (size_t i = 0; i < b->nsheets; i++) {
		env.sheet = &b->sheets[order[i]];
		char *prefix = content_text(&t->sheet_label, &env);
		doc_add_label(doc, starts[i], prefix, true, 1);
		free(prefix);
	}
}

static void book_info(const LayoutContext *ctx, const Book *b, Doc *doc)
{
	const Template *t = ctx->t;
	ContentEnv env = {.t = t, .book = b};
	doc->info.title = content_text(&t->info_title, &env);
	doc->info.subject = content_text(&t->info_subject, &env);
	doc->info.keywords = content_text(&t->info_keywords, &env);
}

/* A sheet's fit searched ahead (layout_fit.h), by a helper while the
 * sheets before it are laid out, with a cache of its own that its real
 * layout then uses. */
typedef struct Ahead {
	LayoutContext ctx;
	Diag silent;         /* the search says nothing; ctx.d while it runs */
	const Sheet *s;
	FitAhead *fit;
	ThreadJob *job;
} Ahead;

static void search(void *arg)
{
	Ahead *a = arg;
	/* 0: in a book (dry trials draw no footers, the pages' numbers
	 * do not matter) */
	a->fit = fit_ahead(&a->ctx, a->s, 0, layout_sheet_pass);
}

static void ahead_start(Ahead *a, const LayoutContext *ctx, const Sheet *s)
{
	*a = (Ahead){.ctx = *ctx, .s = s};
	diag_init(&a->silent, NULL);
	a->ctx.d = &a->silent;
	a->ctx.cache = layout_cache_new();
	a->ctx.sink = NULL;
	a->ctx.progress = NULL;
	a->job = thread_job_start(ctx->helpers, search, a);
}

static void ahead_wait(Ahead *a)
{
	thread_job_finish(a->job);
	a->job = NULL;
}

/* Searches begun for the sheets after the one being laid out, at most:
 * those the helpers have not taken yet are there for this thread to
 * take while its sheet's is still searched (ahead_help).  A search takes
 * longer than a sheet's layout (0.7 and 0.5 ms), so with one search
 * ahead this thread waited 3.1 of the book's 6.8 ms of layout; with
 * three, the book's layout took 5.5 instead of 5.8 ms (medians of 41
 * runs, timed in the code). */
#define SEARCHES_AHEAD 3

/* Starts the searches of the sheets up to i + SEARCHES_AHEAD; *started
 * is how many have been. */
static void ahead_queue(Ahead *ahead, size_t *started, size_t i,
                        const LayoutContext *ctx, const Book *b,
                        const size_t *order)
{
	for (; *started < b->nsheets && *started <= i + SEARCHES_AHEAD; ++*started)
		ahead_start(&ahead[*started], ctx, &b->sheets[order[*started]]);
}

/* While sheet i's search is not done, this thread does one of the
 * others that no helper has taken, the last (the helpers take the
 * first); one only: the first searches of a book take as long on both
 * threads, and the sheet's layout waits for the second. */
static void ahead_help(Ahead *ahead, size_t i, size_t started)
{
	for (size_t k = started; k > i + 1; k--)
		if (thread_job_done(ahead[i].job) || thread_job_run_here(ahead[k - 1].job))
			return;
}

int layout_book(const LayoutContext *ctx, const Book *b, Doc *doc)
{
	/* One cache for the whole book (layout_cache.h): what the sheets
	 * share is set once: the book took 277.6 instead of 280.8 M
	 * instructions (callgrind), its layout_book 64.6 instead of 68.1 M. */
	LayoutContext cached = *ctx;
	cached.cache = layout_cache_new();
	ctx = &cached;
	size_t *order = priority_order(b);
	/* The first sheets' searches go beside the cover's count. */
	Ahead *ahead = xcalloc(b->nsheets + 1, sizeof *ahead);
	size_t started = 0;
	ahead_queue(ahead, &started, 0, ctx, b, order);
	size_t ncover = cover_pages(ctx, b, order);
	size_t *starts = xcalloc(b->nsheets + 1, sizeof *starts);
	Doc body = {0};
	int errors = 0;
	for (size_t i = 0; i < b->nsheets; i++) {
		const Sheet *s = &b->sheets[order[i]];
		ahead_queue(ahead, &started, i, ctx, b, order);
		ahead_help(ahead, i, started);
		Ahead *now = &ahead[i];
		ahead_wait(now);
		if (ctx->progress)
			ctx->progress(ctx->progress_arg, i, b->nsheets, s);
		size_t first = body.npages;
		starts[i] = ncover + first;
		LayoutContext own = *ctx;
		own.cache = now->ctx.cache;  /* what its search set */
		errors += fit_ahead_finish(now->fit, &own, s, &body, (long)ncover,
		                           layout_sheet_pass);
		layout_cache_free(now->ctx.cache);
		if (ctx->sink)
			ctx->sink->pages_done(ctx->sink->arg, &body, first);
	}

	errors += layout_cover(ctx, b, order, starts, doc);
	ContentEnv env = {.t = ctx->t, .book = b};
	for (size_t i = 0; i < b->nsheets; i++) {
		env.sheet = &b->sheets[order[i]];
		char *entry = content_text(&ctx->t->outline, &env);
		doc_add_outline(doc, entry, starts[i]);
		free(entry);
	}
	page_labels(ctx, b, order, starts, doc);
	size_t cover = doc->npages;
	size_t node_offset = doc_append(doc, &body);
	if (ctx->sink)
		ctx->sink->pages_moved(ctx->sink->arg, cover, node_offset);
	book_info(ctx, b, doc);
	free(starts);
	free(order);
	free(ahead);
	layout_cache_free(cached.cache);
	return errors;
}
