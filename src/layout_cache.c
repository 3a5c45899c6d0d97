/* layout_cache.c: see layout_cache.h.  An open-addressed hash table of
 * entries, kept at most half full. */
#include "layout_cache.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* What a run learns of one font. */
typedef struct FontFacts {
	double ascent, descent;  /* NaN until asked */
	TextMemo *memo;          /* NULL until a paragraph is prepared */
} FontFacts;

struct LayoutCache {
	CachedText **slots;   /* NULL: free */
	size_t cap, count;    /* cap a power of two */
	unsigned sheet;       /* how many sweeps so far */
	FontFacts *fonts;     /* by font */
	size_t nfonts;
};

LayoutCache *layout_cache_new(void)
{
	LayoutCache *c = xcalloc(1, sizeof *c);
	c->cap = 256;
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	return c;
}

static void entry_free(CachedText *t)
{
	for (size_t m = 0; m < 2; m++)
		text_para_free(t->para[m]);
	for (size_t i = 0; i < t->nlines; i++)
		text_lines_free(&t->lines[i].lines);
	free(t->lines);
	free(t->bytes);
	free(t);
}

void layout_cache_free(LayoutCache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slots[i])
			entry_free(c->slots[i]);
	free(c->slots);
	for (size_t i = 0; i < c->nfonts; i++)
		text_memo_free(c->fonts[i].memo);
	free(c->fonts);
	free(c);
}

static FontFacts *font_facts(LayoutCache *c, size_t font)
{
	if (font >= c->nfonts) {
		size_t n = c->nfonts;
		xgrow((void **)&c->fonts, &n, font + 1, sizeof *c->fonts);
		for (size_t i = c->nfonts; i < n; i++)
			c->fonts[i] = (FontFacts){NAN, NAN, NULL};
		c->nfonts = n;
	}
	return &c->fonts[font];
}

void layout_cache_extents(LayoutCache *c, const FontSet *fs, size_t font,
                          double *ascent, double *descent)
{
	FontFacts *f = font_facts(c, font);
	if (isnan(f->ascent))
		fonts_extents(fs, font, &f->ascent, &f->descent);
	*ascent = f->ascent;
	*descent = f->descent;
}

TextMemo *layout_cache_memo(LayoutCache *c, size_t font)
{
	FontFacts *f = font_facts(c, font);
	if (f->memo == NULL)
		f->memo = text_memo_new();
	return f->memo;
}

/* Mixes s[0..len) into h, 8 bytes at a time. */
static uint64_t mix(uint64_t h, const char *s, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xC2B2AE3D27D4EB4Fu;
		h ^= h >> 31;
	}
	uint64_t w = 0;
	memcpy(&w, s + i, len - i);
	return (h ^ w) * 0xC2B2AE3D27D4EB4Fu;
}

/* A long text's head, tail and length tell it from the others (found
 * entries are compared whole): hashed whole, the book's layout_cache_text
 * took 2.5 instead of 2.0 M instructions (callgrind). */
#define HASHED_END 48

static uint64_t hash_of(const char *s, size_t len, size_t font)
{
	uint64_t h = (len * 31 + font + 1) * 0x9E3779B97F4A7C15u;
	if (len <= 2 * HASHED_END)
		h = mix(h, s, len);
	else
		h = mix(mix(h, s, HASHED_END), s + len - HASHED_END, HASHED_END);
	return h ^ (h >> 29);
}

/* Puts the entries of the table into a new one of cap slots, freeing
 * those that keep() refuses. */
static void rehash(LayoutCache *c, size_t cap, bool (*keep)(const LayoutCache *,
                                                            const CachedText *))
{
	CachedText **old = c->slots;
	size_t old_cap = c->cap;
	c->cap = cap;
	c->count = 0;
	c->slots = xcalloc(c->cap, sizeof *c->slots);
	for (size_t i = 0; i < old_cap; i++) {
		CachedText *t = old[i];
		if (t == NULL)
			continue;
		if (!keep(c, t)) {
			entry_free(t);
			continue;
		}
		size_t k = (size_t)t->hash & (c->cap - 1);
		while (c->slots[k])
			k = (k + 1) & (c->cap - 1);
		c->slots[k] = t;
		c->count++;
	}
	free(old);
}

static bool keep_all(const LayoutCache *c, const CachedText *t)
{
	(void)c;
	(void)t;
	return true;
}

static bool used_this_sheet(const LayoutCache *c, const CachedText *t)
{
	return t->used == c->sheet;
}

void layout_cache_sweep(LayoutCache *c)
{
	rehash(c, c->cap, used_this_sheet);
	c->sheet++;
}

CachedText *layout_cache_text(LayoutCache *c, const char *s, size_t len,
                              size_t font)
{
	uint64_t h = hash_of(s, len, font);
	size_t k = (size_t)h & (c->cap - 1);
	for (CachedText *t; (t = c->slots[k]) != NULL; k = (k + 1) & (c->cap - 1))
		if (t->hash == h && t->len == len && t->font == font &&
		    memcmp(t->bytes, s, len) == 0) {
			t->used = c->sheet;
			return t;
		}
	CachedText *t = xcalloc(1, sizeof *t);
	t->hash = h;
	t->len = len;
	t->font = font;
	t->used = c->sheet;
	t->bytes = xmalloc(len + 1);
	memcpy(t->bytes, s, len);
	t->bytes[len] = '\0';
	c->slots[k] = t;
	if (++c->count * 2 > c->cap)
		rehash(c, c->cap * 2, keep_all);
	return t;
}

const CachedLines *cached_lines_find(const CachedText *t, BreakMode mode,
                                     double width)
{
	for (size_t i = 0; i < t->nlines; i++)
		if (t->lines[i].mode == mode && t->lines[i].width == width)
			return &t->lines[i];
	return NULL;
}

const CachedLines *cached_lines_take(CachedText *t, BreakMode mode,
                                     double width, int rc, size_t bad,
                                     TextLines *lines)
{
	xgrow((void **)&t->lines, &t->cap, t->nlines + 1, sizeof *t->lines);
	CachedLines *cl = &t->lines[t->nlines++];
	*cl = (CachedLines){.mode = mode, .width = width, .rc = rc, .bad = bad,
	                    .lines = *lines};
	*lines = (TextLines){0};
	return cl;
}
