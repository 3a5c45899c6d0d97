/* layout_book.c: a book (vocabulary.md, "<book>"): a cover listing the
 * goals in priority order with the page where each sheet starts, then
 * every sheet; an outline entry per sheet, links from the cover's lines
 * to the sheets, page labels and the book's document info. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout_text.h"
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

static char *priority_label(const Template *t, int priority)
{
	char *n = fullwidth_number(priority);
	char *s = xasprintf("%s%s", n, t->labels[LABEL_PRIORITY_SUFFIX]);
	free(n);
	return s;
}

typedef struct Cover {
	const LayoutContext *ctx;
	const Template *t;
	Doc *doc;
	Page *page;
	double y, x0, width, bottom;
	int errors;
} Cover;

static FieldRef cover_ref(const Cover *c)
{
	return (FieldRef){c->t->file, {0, 0}, _("cover")};
}

/* Sets text in a box of width w at the cover style; returns its height. */
static double cover_text(Cover *c, Role role, double x, double w,
                         const char *text, bool draw)
{
	const Style *st = &c->t->styles[role];
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

static void cover_page(Cover *c, const Book *b)
{
	const Template *t = c->t;
	c->page = doc_add_page(c->doc, t->page_w, t->page_h);
	c->y = t->margin_top + 10 * MM_TO_PT;
	char *era = era_year(b->fiscal_year);
	char *title = xasprintf("%s　%s", era ? era : "", t->labels[LABEL_TITLE]);
	c->y += cover_text(c, ROLE_COVER_TITLE, c->x0, c->width, title, true);
	free(title);
	free(era);
	char *dept = block_join(&b->department, "・");
	c->y += cover_text(c, ROLE_COVER_TITLE, c->x0, c->width, dept, true);
	free(dept);
	c->y += 8 * MM_TO_PT;
}

/* One line of the cover: priority, goal, page; linked to the sheet. */
static void cover_line(Cover *c, const Book *b, const Sheet *s, size_t target,
                       size_t book_page)
{
	const Template *t = c->t;
	double prio_w = 30 * MM_TO_PT, page_w = 30 * MM_TO_PT;
	double x = c->x0 + 20 * MM_TO_PT;
	double goal_w = c->width - 40 * MM_TO_PT - prio_w - page_w;
	char *goal = block_join(&s->goal, "");
	double h = cover_text(c, ROLE_COVER, x + prio_w, goal_w, goal, false);
	if (c->y + h > c->bottom)
		cover_page(c, b);
	char *prio = priority_label(t, s->priority);
	char *page = xasprintf("%zu", book_page);
	cover_text(c, ROLE_COVER, x, prio_w, prio, true);
	cover_text(c, ROLE_COVER, x + prio_w, goal_w, goal, true);
	Style right = t->styles[ROLE_COVER];
	right.align = ALIGN_RIGHT;
	Lines l = {0};
	c->errors += set_string(c->ctx, &right, right.size, page_w - 2 * right.padding,
	                        page, cover_ref(c), &l);
	Box in = inner_box((Box){x + prio_w + goal_w, c->y, page_w, h}, right.padding);
	emit_lines(c->page, &l, 0, l.n, in, in.y, (Rgb){0, 0, 0});
	lines_free(&l);
	page_add_rule(c->page, x, c->y + h, x + prio_w + goal_w + page_w, c->y + h,
	              t->rule_inner);
	page_add_link(c->page, (Box){x, c->y, prio_w + goal_w + page_w, h}, target);
	c->y += h;
	free(prio);
	free(page);
	free(goal);
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
	return c.errors;
}

static size_t cover_pages(const LayoutContext *ctx, const Book *b,
                          const size_t *order)
{
	Diag silent = {0};
	LayoutContext quiet = *ctx;
	quiet.d = &silent;
	size_t *zero = xcalloc(b->nsheets + 1, sizeof *zero);
	Doc scratch = {0};
	layout_cover(&quiet, b, order, zero, &scratch);
	size_t n = scratch.npages;
	doc_free(&scratch);
	free(zero);
	return n;
}

/* Appends body's pages to doc, taking their items. */
static void append_pages(Doc *doc, Doc *body)
{
	for (size_t i = 0; i < body->npages; i++) {
		Page *p = doc_add_page(doc, body->pages[i].width, body->pages[i].height);
		*p = body->pages[i];
	}
	body->npages = 0;
	doc_free(body);
}

static void book_info(const LayoutContext *ctx, const Book *b, Doc *doc)
{
	char *era = era_year(b->fiscal_year);
	char *dept = block_join(&b->department, "・");
	doc->info.title = xasprintf("%s %s %s", era ? era : "",
	                            ctx->t->labels[LABEL_TITLE], dept);
	doc->info.subject = xasprintf("%s %sの%s（%zu件）", era ? era : "", dept,
	                              ctx->t->labels[LABEL_COVER_TITLE], b->nsheets);
	doc->info.keywords = xasprintf("%s, %s, %s", ctx->t->labels[LABEL_TITLE],
	                               dept, era ? era : "");
	free(era);
	free(dept);
}

int layout_book(const LayoutContext *ctx, const Book *b, Doc *doc)
{
	size_t *order = priority_order(b);
	size_t ncover = cover_pages(ctx, b, order);
	size_t *starts = xcalloc(b->nsheets + 1, sizeof *starts);
	Doc body = {0};
	int errors = 0;
	for (size_t i = 0; i < b->nsheets; i++) {
		const Sheet *s = &b->sheets[order[i]];
		if (ctx->progress)
			ctx->progress(ctx->progress_arg, i, b->nsheets, s);
		starts[i] = ncover + body.npages;
		errors += layout_sheet(ctx, s, &body, (long)ncover);
	}
	errors += layout_cover(ctx, b, order, starts, doc);
	doc_add_label(doc, 0, "表紙", false, 0);
	for (size_t i = 0; i < b->nsheets; i++) {
		const Sheet *s = &b->sheets[order[i]];
		char *prio = priority_label(ctx->t, s->priority);
		char *goal = block_join(&s->goal, "");
		char *entry = xasprintf("%s %s", prio, goal);
		doc_add_outline(doc, entry, starts[i]);
		char *prefix = xasprintf("%d位-", s->priority);
		doc_add_label(doc, starts[i], prefix, true, 1);
		free(prefix);
		free(entry);
		free(goal);
		free(prio);
	}
	append_pages(doc, &body);
	book_info(ctx, b, doc);
	free(starts);
	free(order);
	return errors;
}
