/* pdf_font.c: see pdf_font.h.
 *
 * libharu 2.3.0's internal object API (hpdf_objects.h, hpdf_doc.h,
 * hpdf_pages.h) is used for: the font's dictionaries and streams, the
 * page's /Resources /Font entry, and the Tf and Tj operators written to
 * the page's content stream (libharu's Tf needs one of its own fonts).
 * Checked against libharu 2.3.0 (Debian 12's libhpdf-2.3.0).
 *
 * Why: with libharu's font path the book spent about a quarter of its
 * instructions in libharu's font handling (the subset read back through
 * stdio on a memfd in ~3,680 seeks and reads, a 65,536-entry glyph map
 * per font deflated into a 128 KiB CIDToGIDMap stream, SaveFontData's
 * byte-by-byte copy); this path costs a few hundred thousand.
 */
#include "pdf_font.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "hpdf_ext.h"
#include "i18n.h"
#include "util.h"

struct PdfFont {
	HPDF_Dict type0;        /* the font dictionary pages refer to */
	char resource[16];      /* its name in a page's /Resources /Font */
	uint32_t *cps;          /* the code points, sorted */
	uint16_t *gid;          /* their glyphs (CIDs) */
	size_t n;
};

/* ---- the font program --------------------------------------------------- */

/* /FontFile2: the subset deflated here at zlib's fastest level (a third
 * of a sheet's time went into libharu's level-6 deflate of it) and
 * written as it is, with /Filter /FlateDecode. */
static HPDF_Dict font_file(HPDF_Doc pdf, const FontSubset *sub)
{
	HPDF_Dict ff = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (ff == NULL)
		return NULL;
	uLongf packed_len = compressBound((uLong)sub->len);
	Bytef *packed = xmalloc(packed_len);
	int z = compress2(packed, &packed_len, (const Bytef *)sub->data,
	                  (uLong)sub->len, Z_BEST_SPEED);
	HPDF_STATUS st = z == Z_OK ? HPDF_OK : HPDF_INVALID_OBJECT;
	if (st == HPDF_OK)
		st = hpdf_ext_stream_deflated(ff, packed, packed_len, false);
	free(packed);
	st |= HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)sub->len);
	return st == HPDF_OK ? ff : NULL;
}

/* ---- dictionaries ------------------------------------------------------- */

static HPDF_Array int_array(HPDF_MMgr mmgr, const int *v, size_t n)
{
	HPDF_Array a = HPDF_Array_New(mmgr);
	for (size_t i = 0; a != NULL && i < n; i++)
		if (HPDF_Array_AddNumber(a, v[i]) != HPDF_OK)
			return NULL;
	return a;
}

static HPDF_Dict descriptor(HPDF_Doc pdf, const char *name,
                            const FontSubset *sub)
{
	HPDF_Dict fd = HPDF_Dict_New(pdf->mmgr);
	if (fd == NULL || HPDF_Xref_Add(pdf->xref, fd) != HPDF_OK)
		return NULL;
	HPDF_Dict ff = font_file(pdf, sub);
	HPDF_STATUS st = ff == NULL ? HPDF_INVALID_OBJECT : HPDF_OK;
	st |= HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
	st |= HPDF_Dict_AddName(fd, "FontName", name);
	st |= HPDF_Dict_AddNumber(fd, "Flags", 32);        /* nonsymbolic */
	st |= HPDF_Dict_Add(fd, "FontBBox", int_array(pdf->mmgr, sub->bbox, 4));
	st |= HPDF_Dict_AddNumber(fd, "ItalicAngle", 0);
	st |= HPDF_Dict_AddNumber(fd, "Ascent", sub->ascent);
	st |= HPDF_Dict_AddNumber(fd, "Descent", sub->descent);
	st |= HPDF_Dict_AddNumber(fd, "StemV", 0);
	st |= HPDF_Dict_AddNumber(fd, "XHeight", 0);
	if (ff != NULL)
		st |= HPDF_Dict_Add(fd, "FontFile2", ff);
	return st == HPDF_OK ? fd : NULL;
}

/* /W for the glyphs used whose width is not /DW's 1000: runs of
 * consecutive CIDs as "first [w1 w2 …]". */
static HPDF_Array widths(HPDF_MMgr mmgr, const FontSubset *sub, size_t n)
{
	/* each glyph once, in CID order */
	int *w = xmalloc(0x10000 * sizeof *w);
	for (size_t i = 0; i < 0x10000; i++)
		w[i] = -1;
	for (size_t i = 0; i < n; i++)
		w[sub->gid[i]] = sub->width[i];
	HPDF_Array a = HPDF_Array_New(mmgr), run = NULL;
	HPDF_STATUS st = a == NULL ? HPDF_INVALID_OBJECT : HPDF_OK;
	for (size_t g = 0; g < 0x10000 && st == HPDF_OK; g++) {
		if (w[g] < 0 || w[g] == 1000) {
			run = NULL;
			continue;
		}
		if (run == NULL) {
			run = HPDF_Array_New(mmgr);
			st |= HPDF_Array_AddNumber(a, (HPDF_INT32)g);
			st |= HPDF_Array_Add(a, run);
		}
		st |= HPDF_Array_AddNumber(run, w[g]);
	}
	free(w);
	return st == HPDF_OK ? a : NULL;
}

static HPDF_Dict cid_system_info(HPDF_MMgr mmgr)
{
	HPDF_Dict info = HPDF_Dict_New(mmgr);
	if (info == NULL)
		return NULL;
	HPDF_STATUS st = HPDF_Dict_Add(info, "Registry",
	                               HPDF_String_New(mmgr, "Adobe", NULL));
	st |= HPDF_Dict_Add(info, "Ordering",
	                    HPDF_String_New(mmgr, "Identity", NULL));
	st |= HPDF_Dict_AddNumber(info, "Supplement", 0);
	return st == HPDF_OK ? info : NULL;
}

static HPDF_Dict cid_font(HPDF_Doc pdf, const char *name,
                          const FontSubset *sub, size_t n)
{
	HPDF_Dict cid = HPDF_Dict_New(pdf->mmgr);
	if (cid == NULL || HPDF_Xref_Add(pdf->xref, cid) != HPDF_OK)
		return NULL;
	HPDF_Dict fd = descriptor(pdf, name, sub);
	HPDF_STATUS st = fd == NULL ? HPDF_INVALID_OBJECT : HPDF_OK;
	st |= HPDF_Dict_AddName(cid, "Type", "Font");
	st |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	st |= HPDF_Dict_AddName(cid, "BaseFont", name);
	st |= HPDF_Dict_Add(cid, "CIDSystemInfo", cid_system_info(pdf->mmgr));
	if (fd != NULL)
		st |= HPDF_Dict_Add(cid, "FontDescriptor", fd);
	st |= HPDF_Dict_AddNumber(cid, "DW", 1000);
	st |= HPDF_Dict_Add(cid, "W", widths(pdf->mmgr, sub, n));
	st |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
	return st == HPDF_OK ? cid : NULL;
}

/* ---- ToUnicode ---------------------------------------------------------- */

static const char CMAP_HEAD[] =
	"/CIDInit /ProcSet findresource begin\n"
	"12 dict begin\n"
	"begincmap\n"
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	"/CMapName /Adobe-Identity-UCS def\n"
	"/CMapType 2 def\n"
	"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
static const char CMAP_TAIL[] =
	"endcmap\n"
	"CMapName currentdict /CMap defineresource pop\n"
	"end\n"
	"end\n";

/* A run of consecutive CIDs for consecutive code points. */
typedef struct Run {
	uint16_t gid;
	uint32_t cp, count;
} Run;

static int by_gid(const void *a, const void *b)
{
	const Run *x = a, *y = b;
	return (x->gid > y->gid) - (x->gid < y->gid);
}

/* Runs of glyph → code point, in CID order; a glyph that two code points
 * share maps to the first of them; .notdef to none.  A bfrange may only
 * vary in its last byte, so runs break where a byte carries. */
static size_t glyph_runs(const PdfFont *f, Run *runs)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->gid[i] != 0)
			runs[n++] = (Run){f->gid[i], f->cps[i], 1};
	qsort(runs, n, sizeof *runs, by_gid);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		Run *last = k > 0 ? &runs[k - 1] : NULL;
		if (last != NULL && last->gid == runs[i].gid)
			continue;
		uint16_t g = runs[i].gid;
		uint32_t cp = runs[i].cp;
		if (last != NULL && last->gid + last->count == g &&
		    last->cp + last->count == cp && (g & 0xFF) != 0 &&
		    (cp & 0xFF) != 0) {
			last->count++;
			continue;
		}
		runs[k++] = runs[i];
	}
	return k;
}

/* Writes the runs of one glyph (bfchar) or more (bfrange) in blocks of
 * at most 100 entries. */
static void cmap_blocks(Buf *b, const Run *runs, size_t n, bool ranges)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += (runs[i].count > 1) == ranges;
	const char *kind = ranges ? "bfrange" : "bfchar";
	for (size_t i = 0, done = 0; i < n; i++) {
		if ((runs[i].count > 1) != ranges)
			continue;
		if (done % 100 == 0)
			buf_printf(b, "%zu begin%s\n",
			           count - done < 100 ? count - done : 100, kind);
		if (ranges)
			buf_printf(b, "<%04X> <%04X> <%04X>\n", (unsigned)runs[i].gid,
			           (unsigned)(runs[i].gid + runs[i].count - 1),
			           (unsigned)runs[i].cp);
		else
			buf_printf(b, "<%04X> <%04X>\n", (unsigned)runs[i].gid,
			           (unsigned)runs[i].cp);
		if (++done % 100 == 0 || done == count)
			buf_printf(b, "end%s\n", kind);
	}
}

static HPDF_Dict to_unicode(HPDF_Doc pdf, const PdfFont *f)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (s == NULL)
		return NULL;
	s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	Run *runs = xmalloc((f->n + 1) * sizeof *runs);
	size_t n = glyph_runs(f, runs);
	Buf b = {0};
	buf_adds(&b, CMAP_HEAD);
	cmap_blocks(&b, runs, n, false);
	cmap_blocks(&b, runs, n, true);
	buf_adds(&b, CMAP_TAIL);
	free(runs);
	HPDF_STATUS st = HPDF_Stream_Write(s->stream, (HPDF_BYTE *)b.data,
	                                   (HPDF_UINT)b.len);
	buf_free(&b);
	return st == HPDF_OK ? s : NULL;
}

/* ---- the Type0 font ----------------------------------------------------- */

/* Fills t0, made first so that the font has the lowest of its objects'
 * numbers, as libharu's had. */
static HPDF_Dict type0_font(HPDF_Doc pdf, HPDF_Dict t0, const char *name,
                            HPDF_Dict cid, HPDF_Dict cmap)
{
	HPDF_Array desc = HPDF_Array_New(pdf->mmgr);
	HPDF_STATUS st = desc == NULL ? HPDF_INVALID_OBJECT :
	                 HPDF_Array_Add(desc, cid);
	st |= HPDF_Dict_AddName(t0, "Type", "Font");
	st |= HPDF_Dict_AddName(t0, "Subtype", "Type0");
	st |= HPDF_Dict_AddName(t0, "BaseFont", name);
	st |= HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
	st |= HPDF_Dict_Add(t0, "DescendantFonts", desc);
	st |= HPDF_Dict_Add(t0, "ToUnicode", cmap);
	return st == HPDF_OK ? t0 : NULL;
}

PdfFont *pdf_font_embed(HPDF_Doc pdf, FontSet *fs, size_t font,
                        const uint32_t *cps, size_t n, size_t number, Diag *d)
{
	FontSubset sub;
	if (fonts_subset(fs, font, cps, n, &sub, d) != 0)
		return NULL;
	PdfFont *f = xcalloc(1, sizeof *f);
	f->n = n;
	f->cps = xmalloc((n + 1) * sizeof *f->cps);
	memcpy(f->cps, cps, n * sizeof *cps);
	f->gid = sub.gid;     /* kept: fonts_subset_free leaves it */
	snprintf(f->resource, sizeof f->resource, "F%zu", number + 1);
	/* libharu's subset tags, so that pdffonts names the fonts as before */
	char *name = xasprintf("HPDF%c%c+%s", 'A' + (int)(number / 26 % 26),
	                       'A' + (int)(number % 26), sub.ps_name);
	HPDF_Dict t0 = HPDF_Dict_New(pdf->mmgr);
	if (t0 != NULL && HPDF_Xref_Add(pdf->xref, t0) != HPDF_OK)
		t0 = NULL;    /* freed by HPDF_Xref_Add */
	HPDF_Dict cid = t0 ? cid_font(pdf, name, &sub, n) : NULL;
	HPDF_Dict cmap = cid ? to_unicode(pdf, f) : NULL;
	f->type0 = cmap ? type0_font(pdf, t0, name, cid, cmap) : NULL;
	free(name);
	sub.gid = NULL;
	fonts_subset_free(&sub);
	if (f->type0 == NULL) {
		diag_system(d, _("libharu cannot embed the subset of font '%s' "
		            "('%s'); this is a bug in goalsheet or libharu: please "
		            "report it with the input"),
		            fonts_family(fs, font), fonts_path(fs, font));
		pdf_font_free(f);
		return NULL;
	}
	return f;
}

void pdf_font_free(PdfFont *f)
{
	if (f == NULL)
		return;
	free(f->cps);
	free(f->gid);
	free(f);
}

/* ---- drawing ------------------------------------------------------------ */

/* The page's /Resources /Font dictionary, made when first needed. */
static HPDF_Dict page_fonts(HPDF_Page page)
{
	HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
	if (res == NULL)
		return NULL;
	HPDF_Dict fonts = HPDF_Dict_GetItem(res, "Font", HPDF_OCLASS_DICT);
	if (fonts == NULL) {
		fonts = HPDF_Dict_New(page->mmgr);
		if (fonts == NULL || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
			return NULL;
	}
	return fonts;
}

HPDF_STATUS pdf_font_select(PdfFont *f, HPDF_Page page, Buf *ops)
{
	HPDF_Dict fonts = page_fonts(page);
	if (fonts == NULL)
		return HPDF_INVALID_OBJECT;
	HPDF_STATUS st = HPDF_OK;
	if (HPDF_Dict_GetItem(fonts, f->resource, HPDF_OCLASS_DICT) == NULL)
		st = HPDF_Dict_Add(fonts, f->resource, f->type0);
	buf_addc(ops, '/');
	buf_adds(ops, f->resource);
	return st;
}

static uint16_t glyph_of(const PdfFont *f, uint32_t cp)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->cps[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n && f->cps[lo] == cp ? f->gid[lo] : 0;
}

void pdf_font_show(const PdfFont *f, const char *text, size_t len, Buf *ops)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0, k; i < len; i += k) {
		uint32_t cp;
		k = utf8_decode(text + i, len - i, &cp);
		if (k == 0) {         /* pdf_draw.c has checked the text */
			k = 1;
			cp = 0;
		}
		uint16_t g = glyph_of(f, cp);
		char code[4] = {hex[g >> 12], hex[(g >> 8) & 15], hex[(g >> 4) & 15],
		                hex[g & 15]};
		buf_add(ops, code, 4);
	}
}
