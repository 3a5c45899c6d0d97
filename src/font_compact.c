/* font_compact.c: see font_compact.h.
 *
 * Owns: the compact copy of one font.  Everything in it is read from
 * the file with pread, nothing through the mapping: the mapping's pages
 * would count in the process's RSS beside the copy.  No global state.
 */
#include "font_compact.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

#define TAG_GLYF HB_TAG('g', 'l', 'y', 'f')
#define TAG_LOCA HB_TAG('l', 'o', 'c', 'a')
#define TAG_HEAD HB_TAG('h', 'e', 'a', 'd')
#define TAG_POST HB_TAG('p', 'o', 's', 't')
/* post's header; what follows are glyph names, which hb_subset drops. */
#define POST_HEADER 32
#define MAX_TABLES 64

/* Where a table lies in the font file. */
typedef struct Place {
	uint64_t at;
	size_t len;
} Place;

/* The font being copied. */
typedef struct Source {
	hb_face_t *face;
	const char *base;      /* the file's data, of which tables are slices */
	unsigned base_len;
	int fd;
} Source;

/* The glyf and loca of a font: where each glyph's outline lies. */
typedef struct Outlines {
	unsigned char *loca;   /* the font's own, read */
	bool long_offsets;     /* head's indexToLocFormat */
	unsigned glyphs;
	Place glyf;
} Outlines;

static bool read_at(int fd, unsigned char *to, size_t len, uint64_t at)
{
	while (len > 0) {
		ssize_t got = pread(fd, to, len, (off_t)at);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		to += got;
		len -= (size_t)got;
		at += (uint64_t)got;
	}
	return true;
}

/* Where table tag of the source lies (its offset from the face's table
 * directory, which HarfBuzz reads without touching the table). */
static bool find_table(const Source *s, hb_tag_t tag, Place *p)
{
	hb_blob_t *t = hb_face_reference_table(s->face, tag);
	unsigned len;
	const char *data = hb_blob_get_data(t, &len);
	/* As addresses: a table outside the file's data (a face of some
	 * other data) is no offset into it. */
	uintptr_t at = (uintptr_t)data, base = (uintptr_t)s->base;
	bool ok = data != NULL && at >= base && len <= s->base_len &&
	          at - base <= s->base_len - len;
	*p = (Place){ok ? (uint64_t)(at - base) : 0, ok ? len : 0};
	hb_blob_destroy(t);
	return ok;
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xFFFF);
}

/* Offset i of loca, in bytes from glyf's start. */
static uint32_t loca_offset(const Outlines *o, unsigned i)
{
	if (o->long_offsets)
		return (uint32_t)get16(o->loca + 4 * i) << 16 | get16(o->loca + 4 * i + 2);
	return (uint32_t)get16(o->loca + 2 * i) * 2;
}

static void put_loca(unsigned char *loca, bool long_offsets, unsigned i,
                     uint32_t at)
{
	if (long_offsets)
		put32(loca + 4 * i, at);
	else
		put16(loca + 2 * i, at / 2);
}

static size_t loca_length(const Outlines *o)
{
	return (size_t)(o->glyphs + 1) * (o->long_offsets ? 4 : 2);
}

/* Glyph gid's outline, [*start, *end) of glyf; empty when loca is out
 * of order or beyond glyf, as HarfBuzz reads such a glyph. */
static void glyph_range(const Outlines *o, unsigned gid, uint32_t *start,
                        uint32_t *end)
{
	*start = loca_offset(o, gid);
	*end = loca_offset(o, gid + 1);
	if (*start > *end || *end > o->glyf.len)
		*end = *start;
}

static bool read_outlines(const Source *s, Outlines *o)
{
	Place head, loca;
	unsigned char h[54];
	*o = (Outlines){0};
	if (!find_table(s, TAG_HEAD, &head) || head.len < sizeof h ||
	    !read_at(s->fd, h, sizeof h, head.at) ||
	    !find_table(s, TAG_GLYF, &o->glyf) || !find_table(s, TAG_LOCA, &loca))
		return false;
	o->long_offsets = get16(h + 50) == 1;
	o->glyphs = hb_face_get_glyph_count(s->face);
	if (o->glyphs == 0 || loca.len < loca_length(o))
		return false;
	o->loca = xmalloc(loca_length(o));
	return read_at(s->fd, o->loca, loca_length(o), loca.at);
}

/* Bytes of the kept glyphs' outlines. */
static size_t kept_length(const Outlines *o, const hb_set_t *keep)
{
	size_t total = 0;
	uint32_t start, end;
	for (hb_codepoint_t gid = HB_SET_VALUE_INVALID;
	     hb_set_next(keep, &gid) && gid < o->glyphs;) {
		glyph_range(o, gid, &start, &end);
		total += end - start;
	}
	return total;
}

/* The kept glyphs' outlines one after another into glyf, and their loca;
 * false if the file cannot be read.  The kept glyphs are no more than
 * the font's glyf, so their offsets fit loca's format; a short loca's
 * offsets are even, so are theirs.  Kept glyphs that lie one after
 * another in the file are read at once (the book: 599 reads of
 * IPAexMincho instead of 968). */
static bool copy_outlines(const Source *s, const Outlines *o,
                          const hb_set_t *keep, unsigned char *glyf,
                          unsigned char *loca)
{
	uint32_t at = 0, start, end;
	uint32_t run_at = 0, run_start = 0, run_end = 0;   /* not read yet */
	bool ok = true;
	unsigned next = 0;    /* the first glyph whose loca is not written */
	for (hb_codepoint_t gid = HB_SET_VALUE_INVALID;
	     ok && hb_set_next(keep, &gid) && gid < o->glyphs;) {
		for (; next <= gid; next++)
			put_loca(loca, o->long_offsets, next, at);
		glyph_range(o, gid, &start, &end);
		if (start != run_end) {
			ok = read_at(s->fd, glyf + run_at, run_end - run_start,
			             o->glyf.at + run_start);
			run_at = at;
			run_start = start;
		}
		run_end = end;
		at += end - start;
	}
	ok = ok && read_at(s->fd, glyf + run_at, run_end - run_start,
	                   o->glyf.at + run_start);
	for (; next <= o->glyphs; next++)
		put_loca(loca, o->long_offsets, next, at);
	return ok;
}

static int by_tag(const void *a, const void *b)
{
	hb_tag_t x = *(const hb_tag_t *)a, y = *(const hb_tag_t *)b;
	return (x > y) - (x < y);
}

/* The font file's tables, those the subset drops left out. */
static unsigned kept_tables(hb_face_t *face, const hb_set_t *drop,
                            hb_tag_t *tags)
{
	unsigned n = MAX_TABLES;
	if (hb_face_get_table_tags(face, 0, &n, tags) != n)
		return 0;
	unsigned kept = 0;
	for (unsigned i = 0; i < n; i++)
		if (!hb_set_has(drop, tags[i]))
			tags[kept++] = tags[i];
	/* HarfBuzz finds a table by binary search. */
	qsort(tags, kept, sizeof *tags, by_tag);
	return kept;
}

/* The copy's layout: each table's source and length, and its offset
 * (after the directory, 4-aligned) in *to; the file's length, 0 if a
 * table is not where the directory says. */
static size_t place_tables(const Source *s, const Outlines *o,
                           const hb_set_t *keep, const hb_tag_t *tags,
                           unsigned n, Place *from, size_t *to)
{
	size_t end = 12 + 16 * (size_t)n;
	for (unsigned i = 0; i < n; i++) {
		if (!find_table(s, tags[i], &from[i]))
			return 0;
		if (tags[i] == TAG_GLYF)
			from[i].len = kept_length(o, keep);
		if (tags[i] == TAG_LOCA)
			from[i].len = loca_length(o);
		if (tags[i] == TAG_POST && from[i].len > POST_HEADER)
			from[i].len = POST_HEADER;
		to[i] = end;
		end += (from[i].len + 3) & ~(size_t)3;
	}
	return end;
}

static void write_directory(unsigned char *font, const hb_tag_t *tags,
                            unsigned n, const Place *from, const size_t *to)
{
	unsigned log2 = 0;
	while (2u << log2 <= n)
		log2++;
	put32(font, 0x00010000);
	put16(font + 4, n);
	put16(font + 6, 16u << log2);
	put16(font + 8, log2);
	put16(font + 10, 16 * n - (16u << log2));
	for (unsigned i = 0; i < n; i++) {
		unsigned char *record = font + 12 + 16 * i;
		put32(record, tags[i]);           /* its checksum stays 0 */
		put32(record + 8, (uint32_t)to[i]);
		put32(record + 12, (uint32_t)from[i].len);
	}
}

/* The copy's memory, mapped with its pages at once (MAP_POPULATE): the
 * book's Mincho copy (0.9 MB) was made in 628 us with its pages faulted
 * in one by one as it was written, in 357 so (200 copies in a loop). */
typedef struct Buffer {
	unsigned char *data;
	size_t len;
} Buffer;

static Buffer *buffer_new(size_t len)
{
	void *data = mmap(NULL, len, PROT_READ | PROT_WRITE,
	                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (data == MAP_FAILED)
		return NULL;
	Buffer *b = xmalloc(sizeof *b);
	*b = (Buffer){data, len};
	return b;
}

static void buffer_free(void *p)
{
	Buffer *b = p;
	munmap(b->data, b->len);
	free(b);
}

/* An OpenType file in one buffer: the tables of the source but those in
 * drop, glyf and loca made from keep.  Not hb_face_builder's: it copies
 * every table once more (0.44 MB more at the book's peak, massif);
 * HarfBuzz reads no checksum. */
static hb_blob_t *write_font(const Source *s, const Outlines *o,
                             const hb_set_t *keep, const hb_set_t *drop)
{
	hb_tag_t tags[MAX_TABLES];
	Place from[MAX_TABLES];
	size_t to[MAX_TABLES];
	unsigned n = kept_tables(s->face, drop, tags);
	size_t total = n ? place_tables(s, o, keep, tags, n, from, to) : 0;
	if (total == 0 || total > UINT_MAX)
		return NULL;
	Buffer *buf = buffer_new(total);
	if (buf == NULL)
		return NULL;
	unsigned char *font = buf->data;
	write_directory(font, tags, n, from, to);
	unsigned char *glyf = NULL, *loca = NULL;
	bool ok = true;
	for (unsigned i = 0; ok && i < n; i++) {
		if (tags[i] == TAG_GLYF)
			glyf = font + to[i];
		else if (tags[i] == TAG_LOCA)
			loca = font + to[i];
		else
			ok = read_at(s->fd, font + to[i], from[i].len, from[i].at);
		/* A header alone is post version 3: no names (113 KB of
		 * IPAexMincho's); the subset's post is version 3 anyway. */
		if (tags[i] == TAG_POST && from[i].len == POST_HEADER)
			put32(font + to[i], 0x00030000);
	}
	if (!ok || glyf == NULL || loca == NULL ||
	    !copy_outlines(s, o, keep, glyf, loca)) {
		buffer_free(buf);
		return NULL;
	}
	return hb_blob_create((const char *)font, (unsigned)total,
	                      HB_MEMORY_MODE_READONLY, buf, buffer_free);
}

hb_face_t *font_compact_face(hb_face_t *face, hb_blob_t *file, int fd,
                             const hb_set_t *keep, const hb_set_t *drop)
{
	Source s = {face, NULL, 0, fd};
	s.base = hb_blob_get_data(file, &s.base_len);
	Outlines o;
	bool ok = read_outlines(&s, &o);
	hb_blob_t *font = ok ? write_font(&s, &o, keep, drop) : NULL;
	free(o.loca);
	if (font == NULL)
		return NULL;
	hb_face_t *compact = hb_face_create(font, 0);
	hb_blob_destroy(font);
	return compact;
}
