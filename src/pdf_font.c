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

#include "hpdf_ext.h"
#include "font_programs.h"
#include "i18n.h"
#include "thread_job.h"
#include "util.h"

/* Where the font program goes: libharu writes /FontFile2 with no data
 * and /Length1 0, and pdf_font_job_splice puts the program (made by the
 * job meanwhile) into those objects of the saved file, which keeps its
 * object numbers and its bytes. */
typedef struct Slot {
	unsigned file;              /* the /FontFile2 stream */
	unsigned length;            /* its /Length, an object of its own */
} Slot;

struct PdfFont {
	HPDF_Dict type0;        /* the font dictionary pages refer to */
	char resource[16];      /* its name in a page's /Resources /Font */
	uint32_t *cps;          /* the code points, sorted */
	uint16_t *gid;          /* their glyphs (CIDs) */
	size_t n;
	/* The glyph of each code point again, in blocks of 256 code points
	 * made for the blocks used: with a binary search per character (and
	 * a buf_add per glyph) pdf_font_show took 7.0 M instructions of the
	 * book's main thread, now 2.9 M (callgrind). */
	uint16_t *by_block[0x100];
	const char *family, *path;  /* the FontSet's, for messages */
	Slot slot;
};

struct PdfFontJob {
	PdfFont **fonts;        /* the fonts embedded */
	size_t n;
	FontPrograms *programs; /* theirs, in the same order */
};

/* /FontFile2, with no data yet (Slot). */
static HPDF_Dict font_file(HPDF_Doc pdf, Slot *slot)
{
	HPDF_Dict ff = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (ff == NULL)
		return NULL;
	HPDF_STATUS st = HPDF_Dict_AddNumber(ff, "Length1", 0);
	st |= hpdf_ext_stream_deflated(ff, "", 0, false);
	slot->file = hpdf_ext_object_number(ff);
	slot->length = hpdf_ext_object_number(HPDF_Dict_GetItem(ff, "Length",
	                                                        HPDF_OCLASS_NUMBER));
	return st == HPDF_OK && slot->file && slot->length ? ff : NULL;
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
                            const FontSubset *sub, Slot *slot)
{
	HPDF_Dict fd = HPDF_Dict_New(pdf->mmgr);
	if (fd == NULL || HPDF_Xref_Add(pdf->xref, fd) != HPDF_OK)
		return NULL;
	HPDF_Dict ff = font_file(pdf, slot);
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

/* A glyph and its width, for /W. */
typedef struct GlyphWidth {
	uint16_t gid;
	int width;
} GlyphWidth;

static int by_glyph(const void *a, const void *b)
{
	const GlyphWidth *x = a, *y = b;
	return (x->gid > y->gid) - (x->gid < y->gid);
}

/* /W for the glyphs used whose width is not /DW's 1000: runs of
 * consecutive CIDs as "first [w1 w2 …]".  The glyphs used are sorted
 * rather than put in a table of all 65,536 (256 KiB a font, filled and
 * scanned whole: pdf_font_embed took 7.4 M instructions of the book,
 * now 5.2 M). */
static HPDF_Array widths(HPDF_MMgr mmgr, const FontSubset *sub, size_t n)
{
	GlyphWidth *gw = xmalloc((n + 1) * sizeof *gw);
	for (size_t i = 0; i < n; i++)
		gw[i] = (GlyphWidth){sub->gid[i], sub->width[i]};
	qsort(gw, n, sizeof *gw, by_glyph);
	HPDF_Array a = HPDF_Array_New(mmgr), run = NULL;
	HPDF_STATUS st = a == NULL ? HPDF_INVALID_OBJECT : HPDF_OK;
	long last = -1;          /* the glyph before, -1 at the start */
	for (size_t i = 0; i < n && st == HPDF_OK; i++) {
		if (gw[i].gid == last)
			continue;    /* two code points, one glyph */
		if (gw[i].gid != last + 1 || gw[i].width == 1000)
			run = NULL;
		last = gw[i].gid;
		if (gw[i].width == 1000)
			continue;
		if (run == NULL) {
			run = HPDF_Array_New(mmgr);
			st |= HPDF_Array_AddNumber(a, (HPDF_INT32)gw[i].gid);
			st |= HPDF_Array_Add(a, run);
		}
		st |= HPDF_Array_AddNumber(run, gw[i].width);
	}
	free(gw);
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
                          const FontSubset *sub, size_t n, Slot *slot)
{
	HPDF_Dict cid = HPDF_Dict_New(pdf->mmgr);
	if (cid == NULL || HPDF_Xref_Add(pdf->xref, cid) != HPDF_OK)
		return NULL;
	HPDF_Dict fd = descriptor(pdf, name, sub, slot);
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
	Run *runs = xmalloc((f->n + 1) * sizeof *runs);
	size_t n = glyph_runs(f, runs);
	Buf b = {0};
	buf_adds(&b, CMAP_HEAD);
	cmap_blocks(&b, runs, n, false);
	cmap_blocks(&b, runs, n, true);
	buf_adds(&b, CMAP_TAIL);
	free(runs);
	HPDF_STATUS st = hpdf_ext_stream_deflate(s, b.data, b.len,
	                                         PDF_DEFLATE_LEVEL, true);
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

static void index_glyphs(PdfFont *f)
{
	for (size_t i = 0; i < f->n; i++) {
		uint16_t **block = &f->by_block[f->cps[i] >> 8 & 0xFF];
		if (*block == NULL)
			*block = xcalloc(0x100, sizeof **block);
		(*block)[f->cps[i] & 0xFF] = f->gid[i];
	}
}

static void report_embedding(Diag *d, const PdfFont *f)
{
	diag_system(d, _("libharu cannot embed the subset of font '%s' ('%s'); "
	            "this is a bug in goalsheet or libharu: please report it "
	            "with the input"), f->family, f->path);
}

PdfFont *pdf_font_embed(HPDF_Doc pdf, FontSet *fs, size_t font,
                        const uint32_t *cps, size_t n, FontSubset *planned,
                        size_t number, Diag *d)
{
	FontSubset sub = *planned;
	*planned = (FontSubset){0};
	PdfFont *f = xcalloc(1, sizeof *f);
	f->n = n;
	f->cps = xmalloc((n + 1) * sizeof *f->cps);
	memcpy(f->cps, cps, n * sizeof *cps);
	f->gid = sub.gid;
	index_glyphs(f);
	f->family = fonts_family(fs, font);
	f->path = fonts_path(fs, font);
	snprintf(f->resource, sizeof f->resource, "F%zu", number + 1);
	/* libharu's subset tags, so that pdffonts names the fonts as before */
	char *name = xasprintf("HPDF%c%c+%s", 'A' + (int)(number / 26 % 26),
	                       'A' + (int)(number % 26), sub.ps_name);
	HPDF_Dict t0 = HPDF_Dict_New(pdf->mmgr);
	if (t0 != NULL && HPDF_Xref_Add(pdf->xref, t0) != HPDF_OK)
		t0 = NULL;    /* freed by HPDF_Xref_Add */
	HPDF_Dict cid = t0 ? cid_font(pdf, name, &sub, n, &f->slot) : NULL;
	HPDF_Dict cmap = cid ? to_unicode(pdf, f) : NULL;
	f->type0 = cmap ? type0_font(pdf, t0, name, cid, cmap) : NULL;
	free(name);
	free(sub.width);
	if (f->type0 == NULL) {
		report_embedding(d, f);
		pdf_font_free(f);
		return NULL;
	}
	return f;
}

PdfFontJob *pdf_font_job_new(size_t capacity, Helpers *helpers)
{
	PdfFontJob *job = xcalloc(1, sizeof *job);
	job->fonts = xmalloc((capacity + 1) * sizeof *job->fonts);
	job->programs = font_programs_new(capacity, PDF_DEFLATE_LEVEL, helpers);
	return job;
}

void pdf_font_job_begin(PdfFontJob *job, FontPlan *plan, FontSubset *made,
                        size_t codes)
{
	if (plan != NULL)
		font_programs_add(job->programs, plan, codes);
	else
		font_programs_add_made(job->programs, made, codes);
}

void pdf_font_job_font(PdfFontJob *job, PdfFont *f)
{
	job->fonts[job->n++] = f;
}

void pdf_font_job_abandon(PdfFontJob *job)
{
	if (job == NULL)
		return;
	font_programs_free(job->programs);
	free(job->fonts);
	free(job);
}

/* The program into its slot: the stream's data and /Length1, the
 * /Length object's value. */
static int splice(const PdfFont *f, const Buf *packed, size_t raw_len,
                  PdfFile *file)
{
	char *length1 = xasprintf("/Length1 %zu\n", raw_len);
	int rc = pdffile_fill_stream(file, f->slot.file, "/Length1 0\n", length1,
	                             packed->data, packed->len);
	free(length1);
	if (rc == 0)
		pdffile_set(file, f->slot.length, xasprintf("%zu", packed->len), false);
	return rc;
}

int pdf_font_job_splice(PdfFontJob *job, PdfFile *file, Diag *d)
{
	font_programs_finish(job->programs);
	int rc = 0;
	for (size_t i = 0; i < job->n && rc == 0; i++) {
		size_t raw_len;
		const Buf *packed = font_programs_packed(job->programs, i, &raw_len);
		if (packed == NULL || splice(job->fonts[i], packed, raw_len, file) != 0) {
			report_embedding(d, job->fonts[i]);
			rc = -1;
		}
	}
	pdf_font_job_abandon(job);
	return rc;
}

void pdf_font_free(PdfFont *f)
{
	if (f == NULL)
		return;
	free(f->cps);
	free(f->gid);
	for (size_t i = 0; i < 0x100; i++)
		free(f->by_block[i]);
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
	const uint16_t *block = cp <= 0xFFFF ? f->by_block[cp >> 8] : NULL;
	return block ? block[cp & 0xFF] : 0;
}

void pdf_font_show(const PdfFont *f, const char *text, size_t len, Buf *ops)
{
	static const char hex[] = "0123456789ABCDEF";
	/* At most four digits a byte: the digits go straight into ops. */
	xgrow((void **)&ops->data, &ops->cap, ops->len + 4 * len + 1, 1);
	char *out = ops->data + ops->len;
	for (size_t i = 0, k; i < len; i += k) {
		uint32_t cp;
		k = utf8_decode(text + i, len - i, &cp);
		if (k == 0) {         /* pdf_draw.c has checked the text */
			k = 1;
			cp = 0;
		}
		uint16_t g = glyph_of(f, cp);
		*out++ = hex[g >> 12];
		*out++ = hex[(g >> 8) & 15];
		*out++ = hex[(g >> 4) & 15];
		*out++ = hex[g & 15];
	}
	ops->len = (size_t)(out - ops->data);
	ops->data[ops->len] = '\0';
}
