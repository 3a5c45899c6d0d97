/* tests/unit/layout_cache.c: what layout reuses across its passes
 * (layout_cache.h, text.h's prepared paragraphs) gives exactly what it
 * would have computed again.
 *
 *  - A prepared paragraph, broken at many widths one after another (in
 *    both orders), gives text_break's lines, result and bad offset, in
 *    both modes, with nominal and with real (IPAex) widths, prepared
 *    with a memo (text.h) that other paragraphs filled before it.
 *  - set_paragraphs with a cache sets the same lines, runs (hung by
 *    labels measured once), extents and errors as without one, on the
 *    first pass (a miss) and on the next (a hit).
 *  - An entry is found by its bytes and font, not its address; other
 *    bytes (even only in the middle of a long text) or another font are
 *    another entry; entries outlive growth;
 *    a sweep (between a book's sheets) keeps what the last sheet used.
 *  - check_glyphs remembers only a clean text: a character the font
 *    lacks is reported on every pass.  A dry trial checks too, and
 *    what it finds clean is known clean.
 * Prints "layout_cache: N passed, M failed"; exits 1 on any failure.
 * Runs from the repository root (GOALSHEET_TOP may name it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fonts.h"
#include "layout_cache.h"
#include "layout_text.h"
#include "text.h"
#include "util.h"
#include "check.h"

static int passed, failed;

/* Paragraphs that exercise every path of the breaker: kinsoku and
 * push-out, words, numbers, a soft hyphen, forced breaks, spaces, a
 * URL cut as a last resort, and a character wider than narrow widths. */
static const char *const PARAS[] = {
	"市民の皆様に「わかりやすい」行政サービスを提供するため、窓口の"
	"手続きを見直します。（令和５年度）",
	"住民票 4.3％、マイナンバーカード交付率は 64,266千円（R4～R8）。",
	"Ver.2.0 の https://www.city.example.jp/kurashi/tetsuzuki/index.html "
	"を参照。",
	"ソフト\xC2\xADハイフン\xC2\xADの\xC2\xAD行末と改行\nの後の行\n\n空行",
	"ａｂｃ　ＤＥＦ　１２３……――ー々っゃ",
	"W",
	"",
	/* a stray byte, then U+FFFD: the same code point for the breaker,
	 * but not the same width (a memo must not give one the other's) */
	"不正な\xFFバイト",
	"\xEF\xBF\xBDの幅",
	/* 21 ideographs: at 10 em their last line would hold one, so
	 * push-out takes a second down with it */
	"一二三四五六七八九十一二三四五六七八九十一",
};
#define PUSHED_OUT (NPARAS - 1)
#define NPARAS (sizeof PARAS / sizeof *PARAS)

static bool same_lines(const TextLines *a, const TextLines *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end ||
		    a->v[i].width != b->v[i].width || a->v[i].hyphen != b->v[i].hyphen)
			return false;
	return true;
}

/* One prepared paragraph broken at width after width, against
 * text_break at each; prepared with memo, what the paragraphs before it
 * taught (text_break learns afresh). */
static void prepared_matches(const char *s, BreakMode mode, TextMeasure m,
                             void *ctx, TextMemo *memo, const char *what)
{
	size_t len = strlen(s);
	TextPara *p = text_prepare(s, len, mode, m, ctx, memo);
	for (int order = 0; order < 2; order++)
		for (int k = 0; k <= 80; k++) {
			double w = 0.5 + 0.25 * (order ? 80 - k : k);
			TextLines a = {0}, b = {0};
			size_t bad_a = 7, bad_b = 7;
			int ra = text_break(s, len, w, mode, m, ctx, &a, &bad_a);
			int rb = text_break_prepared(p, w, &b, &bad_b);
			CHECK(ra == rb && bad_a == bad_b && same_lines(&a, &b),
			      "%s: \"%.24s\" at %.2f em, mode %d: %d/%d lines, rc %d/%d",
			      what, s, w, (int)mode, (int)a.n, (int)b.n, ra, rb);
			text_lines_free(&a);
			text_lines_free(&b);
		}
	text_para_free(p);
}

static bool same_set(const Lines *a, const Lines *b)
{
	if (a->n != b->n || a->size != b->size || a->ascent != b->ascent ||
	    a->descent != b->descent)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const SetLine *x = &a->v[i], *y = &b->v[i];
		if (x->nruns != y->nruns || x->right != y->right ||
		    x->para_start != y->para_start)
			return false;
		for (int r = 0; r < x->nruns; r++)
			if (x->runs[r].s != y->runs[r].s || x->runs[r].len != y->runs[r].len ||
			    x->runs[r].x != y->runs[r].x || x->runs[r].w != y->runs[r].w ||
			    x->runs[r].hyphen != y->runs[r].hyphen)
				return false;
	}
	return true;
}

/* What set_paragraphs sets and says, with ctx's cache or none. */
static int set_all(LayoutContext *ctx, LayoutCache *cache, const Style *st,
                   double size, double inner_w, const Para *paras, size_t n,
                   Lines *out, char **said)
{
	size_t said_len;
	FILE *f = open_memstream(said, &said_len);
	Diag d;
	diag_init(&d, f);
	ctx->d = &d;
	ctx->cache = cache;
	FieldRef ref = {"t.xml", {1, 1}, "field"};
	int errors = set_paragraphs(ctx, st, size, inner_w, "①", paras, n, ref,
	                            out);
	fclose(f);
	return errors;
}

static void set_matches(FontSet *fs)
{
	Para paras[NPARAS];
	for (size_t i = 0; i < NPARAS; i++)
		paras[i] = (Para){i == 1 ? "(1)" : NULL, (char *)PARAS[i], {(long)i + 1, 1}};
	LayoutContext ctx = {.fonts = fs};
	LayoutCache *cache = layout_cache_new();
	for (size_t font = 0; font < 2; font++)
		for (int pass = 0; pass < 2; pass++)     /* misses, then hits */
			for (int k = 0; k <= 24; k++) {
				Style st = {.font = font, .size = 8, .min_size = 6, .leading = 1.3,
				            .padding = 2, .mode = k % 2 ? BREAK_NORMAL : BREAK_STRICT};
				double size = k % 3 ? 8 : 7.5;
				double inner_w = 16 + 9.5 * k;
				Lines a = {0}, b = {0};
				char *said_a = NULL, *said_b = NULL;
				int ea = set_all(&ctx, NULL, &st, size, inner_w, paras, NPARAS,
				                 &a, &said_a);
				int eb = set_all(&ctx, cache, &st, size, inner_w, paras, NPARAS,
				                 &b, &said_b);
				CHECK(ea == eb && strcmp(said_a, said_b) == 0 && same_set(&a, &b),
				      "set_paragraphs, font %zu, pass %d, %.1f pt wide: %zu/%zu "
				      "lines, %d/%d errors", font, pass, inner_w, a.n, b.n, ea, eb);
				lines_free(&a);
				lines_free(&b);
				free(said_a);
				free(said_b);
			}
	/* Push-out, from the breaker and then from the cache: 10 em of
	 * text beside ① (1 em). */
	for (int pass = 0; pass < 2; pass++) {
		Style st = {.font = 0, .size = 10, .leading = 1.3};
		Lines l = {0};
		char *said = NULL;
		set_all(&ctx, cache, &st, 10, 110, &paras[PUSHED_OUT], 1, &l, &said);
		CHECK(l.n == 3 && l.v[1].runs[0].len == 9 * 3 &&
		      l.v[2].runs[0].len == 2 * 3,
		      "pass %d: push-out leaves 10, 9 and 2 ideographs (%zu lines)",
		      pass, l.n);
		lines_free(&l);
		free(said);
	}
	/* The first paragraph at 100 pt and 8 pt (12.5 em less ①'s hang)
	 * is in the cache now, under a copy of its bytes too. */
	char *copy = xstrdup(PARAS[0]);
	CachedText *t = layout_cache_text(cache, copy, strlen(copy), 0);
	CHECK(t->para[BREAK_STRICT] != NULL && t->nlines > 0,
	      "a paragraph set before is found by its bytes");
	CHECK(layout_cache_text(cache, PARAS[0], strlen(PARAS[0]), 0) == t,
	      "the same bytes at another address are the same entry");
	CHECK(layout_cache_text(cache, PARAS[0], strlen(PARAS[0]), 1) != t,
	      "another font is another entry");
	copy[0] = 'X';
	CachedText *other = layout_cache_text(cache, copy, strlen(copy), 0);
	CHECK(other != t && other->nlines == 0 && other->para[0] == NULL,
	      "other bytes of the same length are a new, empty entry");
	free(copy);
	layout_cache_free(cache);
}

/* Entries stay where they are while the table grows, and keep what
 * was put in them. */
static void entries_survive(void)
{
	LayoutCache *c = layout_cache_new();
	CachedText *first = layout_cache_text(c, "first", 5, 0);
	TextLines l = {0};
	xgrow((void **)&l.v, &l.cap, 1, sizeof *l.v);
	l.v[l.n++] = (TextLine){0, 5, 2.5, false};
	TextLines given = {0};
	xgrow((void **)&given.v, &given.cap, 1, sizeof *given.v);
	given.v[given.n++] = l.v[0];
	const CachedLines *kept = cached_lines_take(first, BREAK_NORMAL, 3.25, 0, 0,
	                                            &given);
	CHECK(given.v == NULL && given.n == 0 && kept->lines.n == 1,
	      "the entry takes the lines");
	char key[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "text %d", i);
		layout_cache_text(c, key, strlen(key), (size_t)i % 3);
	}
	CHECK(layout_cache_text(c, "first", 5, 0) == first, "an entry outlives growth");
	const CachedLines *hit = cached_lines_find(first, BREAK_NORMAL, 3.25);
	CHECK(hit && same_lines(&hit->lines, &l), "its lines are kept");
	CHECK(cached_lines_find(first, BREAK_STRICT, 3.25) == NULL &&
	      cached_lines_find(first, BREAK_NORMAL, 3.5) == NULL,
	      "lines are found only for their mode and width");
	/* Long texts alike but in their middles are entries of their own. */
	char a[300], b[300];
	memset(a, 'x', sizeof a - 1);
	a[sizeof a - 1] = '\0';
	memcpy(b, a, sizeof a);
	b[150] = 'y';
	CachedText *ta = layout_cache_text(c, a, strlen(a), 0);
	CHECK(layout_cache_text(c, b, strlen(b), 0) != ta &&
	      layout_cache_text(c, a, strlen(a), 0) == ta,
	      "long texts that differ in the middle only are two entries");
	snprintf(key, sizeof key, "text %d", 4321);
	CachedText *t = layout_cache_text(c, key, strlen(key), 4321 % 3);
	CHECK(t->len == strlen(key) && memcmp(t->bytes, key, t->len) == 0,
	      "an entry holds its bytes");
	text_lines_free(&l);
	layout_cache_free(c);
}

/* A sweep keeps what the sheet since the last one used, and only that. */
static void sweep_keeps_used(void)
{
	LayoutCache *c = layout_cache_new();
	CachedText *shared = layout_cache_text(c, "label", 5, 0);
	CachedText *first = layout_cache_text(c, "sheet one", 9, 0);
	shared->glyphs_ok = first->glyphs_ok = true;
	layout_cache_sweep(c);                        /* after sheet one */
	CHECK(layout_cache_text(c, "label", 5, 0) == shared && shared->glyphs_ok,
	      "sheet two finds the shared label");
	CachedText *second = layout_cache_text(c, "sheet two", 9, 0);
	second->glyphs_ok = true;
	char key[32];
	for (int i = 0; i < 300; i++) {               /* the table grows */
		snprintf(key, sizeof key, "line %d", i);
		layout_cache_text(c, key, strlen(key), 1)->glyphs_ok = true;
	}
	layout_cache_sweep(c);                        /* after sheet two */
	CHECK(layout_cache_text(c, "sheet two", 9, 0)->glyphs_ok,
	      "what sheet two used outlives its sweep");
	CHECK(layout_cache_text(c, "label", 5, 0)->glyphs_ok,
	      "and so does the label it used");
	CachedText *again = layout_cache_text(c, "sheet one", 9, 0);
	CHECK(!again->glyphs_ok && again->nlines == 0,
	      "what only sheet one used is gone after sheet two");
	layout_cache_sweep(c);                        /* after sheet three */
	CHECK(!layout_cache_text(c, "line 7", 6, 1)->glyphs_ok,
	      "a text only sheet two used is new again in sheet four");
	layout_cache_free(c);
}

/* check_glyphs with a cache: a missing glyph is reported each time. */
static void glyphs_rechecked(FontSet *fs)
{
	LayoutCache *cache = layout_cache_new();
	Style st = {.font = 0, .size = 8};
	LayoutContext ctx = {.fonts = fs, .cache = cache};
	FieldRef ref = {"t.xml", {1, 1}, "field"};
	for (int pass = 0; pass < 3; pass++) {
		Diag d;
		diag_init(&d, NULL);
		ctx.d = &d;
		CHECK(check_glyphs(&ctx, &st, "タイ語\xE0\xB8\x81", ref) == 1 &&
		      d.errors == 1, "pass %d: a Thai letter is reported", pass);
		CHECK(check_glyphs(&ctx, &st, PARAS[0], ref) == 0 && d.errors == 1,
		      "pass %d: a clean text is clean", pass);
	}
	CHECK(layout_cache_text(cache, PARAS[0], strlen(PARAS[0]), 0)->glyphs_ok,
	      "a clean text is remembered");
	const char *thai = "タイ語\xE0\xB8\x81";
	CHECK(!layout_cache_text(cache, thai, strlen(thai), 0)->glyphs_ok,
	      "a text with a missing glyph is not");
	layout_cache_free(cache);
	/* A dry trial's check is remembered for the pass that draws. */
	cache = layout_cache_new();
	Diag d;
	diag_init(&d, NULL);
	LayoutContext dry = {.fonts = fs, .cache = cache, .d = &d, .dry = true};
	CHECK(check_glyphs(&dry, &st, PARAS[1], ref) == 0 &&
	      check_glyphs(&dry, &st, thai, ref) == 1,
	      "a dry trial checks and counts");
	ctx.cache = cache;
	CHECK(glyphs_known_clean(&ctx, &st, PARAS[1]) &&
	      !glyphs_known_clean(&ctx, &st, thai),
	      "what a dry trial found clean is known clean");
	layout_cache_free(cache);
}

static const char *top(void)
{
	const char *t = getenv("GOALSHEET_TOP");
	return t && t[0] ? t : ".";
}

/* A quarter em a byte: a stray byte and U+FFFD differ. */
static double byte_width(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	(void)s;
	return 0.25 * (double)len;
}

int main(void)
{
	TextMemo *nominal = text_memo_new();
	for (size_t i = 0; i < NPARAS; i++)
		for (int mode = 0; mode < 2; mode++)
			prepared_matches(PARAS[i], (BreakMode)mode, text_nominal_width, NULL,
			                 nominal, "nominal");
	text_memo_free(nominal);
	TextMemo *bytes = text_memo_new();
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < NPARAS; i++)
			prepared_matches(PARAS[i], BREAK_NORMAL, byte_width, NULL, bytes,
			                 "by bytes");
	text_memo_free(bytes);
	entries_survive();
	sweep_keeps_used();

	char *conf = xasprintf("%s/fonts/fonts.conf", top());
	char *pk = xasprintf("%s/fonts/packages", top());
	Diag d;
	diag_init(&d, stderr);
	const char *fam[] = {"IPAexMincho", "IPAexGothic"};
	FontSet *fs = fonts_open(conf, pk, fam, 2, NULL, &d);
	CHECK(fs != NULL, "fonts_open failed (see above)");
	if (fs != NULL) {
		TextMemo *memo[2] = {text_memo_new(), text_memo_new()};
		for (int pass = 0; pass < 2; pass++)   /* the memos empty, then full */
			for (size_t i = 0; i < NPARAS; i++) {
				FontMeasure fm = {fs, i % 2};
				prepared_matches(PARAS[i], BREAK_STRICT, fonts_measure, &fm,
				                 memo[i % 2], "IPAex");
			}
		text_memo_free(memo[0]);
		text_memo_free(memo[1]);
		set_matches(fs);
		glyphs_rechecked(fs);
		fonts_close(fs);
	}
	free(conf);
	free(pk);
	printf("layout_cache: %d passed, %d failed\n", passed, failed);
	return failed > 0;
}
