/* tests/unit/layout_fit.c: a dry trial (LayoutContext.dry, layout_fit.h)
 * counts the pages a drawn layout takes.  The page budget's search lays
 * a sheet out dry at several tightenings and draws only the one it
 * keeps: a dry count that differed would choose another tightening.
 *
 *  - Every sheet of examples/ueda-2023, its growing styles set at each
 *    size and leading of a grid (looser and tighter than the template's
 *    limits), takes as many pages dry as drawn.
 *  - A dry layout draws nothing and says nothing; a drawn one draws.
 *  - A sheet's fit searched ahead in another thread (fit_ahead, as
 *    layout_book does) and then laid out takes the same pages, items
 *    and messages as fit_sheet's.
 * Prints "layout_fit: N passed, M failed"; exits 1 on any failure.
 * Runs from the repository root, with the data folder found as the
 * program finds it (GOALSHEET_DATADIR, else the source tree). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "layout.h"
#include "layout_cache.h"
#include "layout_fit.h"
#include "thread_job.h"
#include "util.h"
#include "check.h"

static int passed, failed;

/* The styles fit_sheet tightens: the table's field columns and the
 * blocks' field cells with their headings. */
static void set_growing(Template *t, double size, double leading)
{
	for (size_t i = 0; i < t->nbands; i++) {
		TBand *b = &t->bands[i];
		for (size_t c = 0; b->kind == BAND_TABLE && c < b->table.ncols; c++)
			if (b->table.cols[c].field >= 0) {
				b->table.cols[c].st.size = size;
				b->table.cols[c].st.leading = leading;
			}
		for (size_t c = 0; b->kind == BAND_BLOCK && c < b->ncells; c++)
			if (b->cells[c].field >= 0) {
				b->cells[c].st.size = size;
				b->cells[c].st.leading = leading;
				b->cells[c].heading_st.size = size;
				b->cells[c].heading_st.leading = leading;
			}
	}
}

static size_t items(const Doc *doc)
{
	size_t n = 0;
	for (size_t i = 0; i < doc->npages; i++)
		n += doc->pages[i].nitems;
	return n;
}

/* Lays s out once dry and once drawn; returns the drawn pages. */
static size_t compare(Session *ss, const Sheet *s, const char *what)
{
	char *said = NULL;
	size_t said_len = 0;
	FILE *out = open_memstream(&said, &said_len);
	Diag quiet = {.out = out};
	LayoutContext ctx = {.t = ss->tmpl, .fonts = ss->fonts, .d = &quiet,
	                     .dry = true};
	Doc dry = {0}, wet = {0};
	layout_sheet(&ctx, s, &dry, -1);
	fclose(out);
	ctx.dry = false;
	ctx.d = &(Diag){0};
	layout_sheet(&ctx, s, &wet, -1);
	CHECK(dry.npages == wet.npages, "%s: %zu pages dry, %zu drawn", what,
	      dry.npages, wet.npages);
	CHECK(items(&dry) == 0, "%s: a dry layout drew %zu items", what, items(&dry));
	CHECK(items(&wet) > 0, "%s: the drawn layout drew nothing", what);
	CHECK(said_len == 0, "%s: a dry layout said \"%s\"", what, said);
	size_t pages = wet.npages;
	doc_free(&dry);
	doc_free(&wet);
	free(said);
	return pages;
}

/* One sheet laid out into doc, what it said into *said. */
typedef struct Laid {
	Doc doc;
	char *said;
	size_t said_len;
	int errors;
} Laid;

typedef struct Search {
	LayoutContext ctx;
	const Sheet *s;
	FitAhead *fit;
} Search;

static void search(void *arg)
{
	Search *a = arg;
	a->fit = fit_ahead(&a->ctx, a->s, 0, layout_sheet_pass);
}

static void lay(Session *ss, const Sheet *s, bool ahead, Laid *out)
{
	*out = (Laid){0};
	FILE *said = open_memstream(&out->said, &out->said_len);
	Diag d = {.out = said};
	LayoutContext ctx = {.t = ss->tmpl, .fonts = ss->fonts, .d = &d,
	                     .cache = layout_cache_new()};
	if (ahead) {
		Diag silent = {0};
		Search a = {.ctx = ctx, .s = s};
		a.ctx.d = &silent;
		Helpers *h = helpers_new(1);
		thread_job_finish(thread_job_start(h, search, &a));
		helpers_free(h);
		out->errors = fit_ahead_finish(a.fit, &ctx, s, &out->doc, 0,
		                               layout_sheet_pass);
	} else {
		out->errors = fit_sheet(&ctx, s, &out->doc, 0, layout_sheet_pass);
	}
	fclose(said);
	layout_cache_free(ctx.cache);
}

static void ahead_matches(Session *ss, const Sheet *s, const char *what)
{
	Laid now, ahead;
	lay(ss, s, false, &now);
	lay(ss, s, true, &ahead);
	CHECK(now.doc.npages == ahead.doc.npages && items(&now.doc) == items(&ahead.doc),
	      "%s: %zu pages, %zu items; searched ahead %zu, %zu", what,
	      now.doc.npages, items(&now.doc), ahead.doc.npages, items(&ahead.doc));
	CHECK(now.said_len == ahead.said_len && memcmp(now.said, ahead.said, now.said_len) == 0,
	      "%s: said \"%s\"; searched ahead \"%s\"", what, now.said, ahead.said);
	CHECK(now.errors == ahead.errors, "%s: %d errors; searched ahead %d", what,
	      now.errors, ahead.errors);
	doc_free(&now.doc);
	doc_free(&ahead.doc);
	free(now.said);
	free(ahead.said);
}

int main(int argc, char **argv)
{
	(void)argc;
	Session ss = {0};
	ss.opt.quiet = true;
	ss.opt.stage = -1;
	CHECK(session_open(&ss, argv[0]) == 0 && session_ready(&ss),
	      "the data folder, template or fonts (see above)");
	static const double sizes[] = {9, 7.5, 7, 6.5, 5};
	static const double leadings[] = {1.5, 1.3, 1.2, 1.1, 1.0};
	size_t least = SIZE_MAX, most = 0;
	for (int n = 1; ss.schema && n <= 7; n++) {
		char path[64];
		snprintf(path, sizeof path, "examples/ueda-2023/sheet-%d.xml", n);
		Document doc = {0};
		bool loaded = session_load(&ss, path, &doc) == 0 &&
		              doc.kind == DOC_SHEET && ss.tmpl;
		CHECK(loaded, "%s does not load", path);
		if (loaded)
			ahead_matches(&ss, &doc.sheet, path);
		for (size_t z = 0; loaded && z < 5; z++)
			for (size_t l = 0; l < 5; l++) {
				char what[160];
				snprintf(what, sizeof what, "%s at %g pt, %g em", path,
				         sizes[z], leadings[l]);
				ss.tmpl->pages = 0;    /* no budget: one pass */
				set_growing(ss.tmpl, sizes[z], leadings[l]);
				size_t pages = compare(&ss, &doc.sheet, what);
				least = pages < least ? pages : least;
				most = pages > most ? pages : most;
			}
		document_free(&doc);
		/* The next sheet's load reads the template afresh. */
		session_forget_template(&ss);
	}
	CHECK(least < most, "the grid changes the pages (%zu to %zu)", least, most);
	session_close(&ss);
	printf("layout_fit: %d passed, %d failed\n", passed, failed);
	return failed > 0;
}
