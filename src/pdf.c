/* pdf.c: see pdf.h.
 *
 * Owns: every libharu call of the program but the fonts' (pdf_font.h).
 * pdf_write validates the Doc's text (font indexes, UTF-8, BMP only),
 * embeds one subset per font file (pdf_font.h: CID = glyph id), draws
 * the pages, and writes what libharu 2.3.0 gets wrong through its
 * internal object API (hpdf_objects.h): outline titles and page-label
 * prefixes as PDF text strings (UTF-16BE with BOM).
 * (TODO: those accesses, and pdf_font.c's, belong in hpdf_ext.c, which
 * holds the tagging's; moved when the font path has settled.)
 * Each page's items are marked content of their structure nodes
 * (pdf_struct.h).  The result is saved in memory; pdf_file.h reads it,
 * pdf_struct.h and pdf_meta.h add the structure tree, metadata, info
 * and sources, and the packed file replaces path through outfile.h.
 * No global state: everything lives in a Writer on pdf_write's stack.
 */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_catalog.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_page_label.h>
#include <hpdf_streams.h>

#include "hpdf_ext.h"
#include "i18n.h"
#include "outfile.h"
#include "pdf_file.h"
#include "pdf_font.h"
#include "pdf_meta.h"
#include "pdf_struct.h"
#include "util.h"

#define BMP_BYTES (0x10000 / 8)

typedef struct Writer {
	const Doc *doc;
	Page *drawn;                /* pages whose items go once drawn, or NULL */
	FontSet *fonts;
	Diag *d;
	HPDF_Doc pdf;
	HPDF_STATUS error, detail;  /* first libharu error, 0 if none */
	size_t nfonts;
	size_t *canon;              /* font -> first font with the same file */
	uint8_t (*used)[BMP_BYTES]; /* per canonical font: BMP codes drawn */
	PdfFont **font;             /* per canonical font, NULL if unused */
	HPDF_Page *pages;
	PageMarks *marks;           /* per page: MCIDs, page and link objects */
} Writer;

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	Writer *w = user;
	if (w->error == 0) {
		w->error = error;
		w->detail = detail;
	}
}

/* 0, or -1 after reporting a libharu error that happened while doing what. */
static int check(Writer *w, HPDF_STATUS st, const char *what)
{
	if (w->error == 0 && st == HPDF_OK)
		return 0;
	diag_system(w->d, _("libharu failed while %s (error 0x%04X, detail %u); "
	            "this is a bug in goalsheet or libharu: please report it "
	            "with the input"), _(what),
	            (unsigned)(w->error ? w->error : st), (unsigned)w->detail);
	return -1;
}

/* ---- code points -------------------------------------------------------- */

static void mark(uint8_t *bits, uint32_t cp)
{
	bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

static bool marked(const uint8_t *bits, uint32_t cp)
{
	return bits[cp >> 3] & (1u << (cp & 7));
}

static int collect_item(Writer *w, size_t page, const Item *it)
{
	if (it->font >= w->nfonts) {
		diag_system(w->d, _("internal error: page %zu: text '%s' uses font "
		            "%zu, but only %zu fonts are open; please report this "
		            "bug"), page + 1, it->text, it->font, w->nfonts);
		return -1;
	}
	uint8_t *bits = w->used[w->canon[it->font]];
	size_t len = strlen(it->text);
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp;
		n = utf8_decode(it->text + i, len - i, &cp);
		if (n == 0 || cp > 0xFFFF) {
			diag_system(w->d, _("internal error: page %zu: text '%s' has %s "
			            "at byte %zu, which libharu 2.3.0 cannot write; "
			            "please report this bug"), page + 1, it->text,
			            n ? _("a character beyond U+FFFF") : _("invalid UTF-8"), i);
			return -1;
		}
		mark(bits, cp);
	}
	return 0;
}

static int collect_codes(Writer *w)
{
	for (size_t p = 0; p < w->doc->npages; p++) {
		const Page *pg = &w->doc->pages[p];
		for (size_t i = 0; i < pg->nitems; i++)
			if (pg->items[i].kind == ITEM_TEXT &&
			    collect_item(w, p, &pg->items[i]) != 0)
				return -1;
	}
	return 0;
}

/* ---- fonts -------------------------------------------------------------- */

static size_t used_codes(const uint8_t *bits, uint32_t *cps)
{
	size_t n = 0;
	for (uint32_t cp = 0; cp < 0x10000; cp++)
		if (marked(bits, cp))
			cps[n++] = cp;
	return n;
}

static int load_fonts(Writer *w)
{
	uint32_t *cps = xmalloc(0x10000 * sizeof *cps);
	int rc = 0;
	for (size_t f = 0, number = 0; f < w->nfonts && rc == 0; f++) {
		if (w->canon[f] != f)
			continue;
		size_t n = used_codes(w->used[f], cps);
		if (n == 0)
			continue;
		w->font[f] = pdf_font_embed(w->pdf, w->fonts, f, cps, n, number++,
		                            w->d);
		rc = w->font[f] ? 0 : -1;
	}
	free(cps);
	return rc;
}

/* ---- text strings ------------------------------------------------------- */

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* s as a PDF text string object: a literal for ASCII, else UTF-16BE with
 * a byte order mark (surrogate pairs beyond the BMP). */
static void *text_string(Writer *w, const char *s)
{
	if (is_ascii(s))
		return HPDF_String_New(w->pdf->mmgr, s, NULL);
	Buf b = {0};
	pdf_utf16be_text(&b, s);
	void *obj = HPDF_Binary_New(w->pdf->mmgr, (HPDF_BYTE *)b.data,
	                            (HPDF_UINT)b.len);
	buf_free(&b);
	return obj;
}

/* ---- pages -------------------------------------------------------------- */

typedef struct Pen {
	HPDF_Page page;
	double height;
	bool in_text;
	bool marking;               /* a marked-content sequence is open */
	size_t node;                /* its node */
	PdfFont *font;
	double size;
	bool have_fill;
	Rgb fill;
	double line_width;
} Pen;

static HPDF_STATUS set_fill(Pen *pen, Rgb c)
{
	if (pen->have_fill && c.r == pen->fill.r && c.g == pen->fill.g &&
	    c.b == pen->fill.b)
		return HPDF_OK;
	pen->have_fill = true;
	pen->fill = c;
	return HPDF_Page_SetRGBFill(pen->page, (HPDF_REAL)c.r, (HPDF_REAL)c.g,
	                            (HPDF_REAL)c.b);
}

static HPDF_STATUS end_text(Pen *pen)
{
	if (!pen->in_text)
		return HPDF_OK;
	pen->in_text = false;
	return HPDF_Page_EndText(pen->page);
}

/* cos and sin of deg, exact for multiples of 90. */
static void rotation(double deg, double *c, double *s)
{
	double q = fmod(deg, 360.0);
	if (q < 0)
		q += 360.0;
	static const double C[] = {1, 0, -1, 0}, S[] = {0, 1, 0, -1};
	if (fmod(q, 90.0) == 0) {
		*c = C[(int)(q / 90.0)];
		*s = S[(int)(q / 90.0)];
	} else {
		*c = cos(q * M_PI / 180.0);
		*s = sin(q * M_PI / 180.0);
	}
}

static HPDF_STATUS draw_text(Writer *w, Pen *pen, const Item *it)
{
	HPDF_STATUS st = HPDF_OK;
	PdfFont *font = w->font[w->canon[it->font]];
	if (it->text[0] == '\0')
		return HPDF_OK;
	if (!pen->in_text) {
		st |= HPDF_Page_BeginText(pen->page);
		pen->in_text = true;
		pen->font = NULL;
	}
	if (font != pen->font || it->size != pen->size) {
		st |= pdf_font_select(font, pen->page, it->size);
		pen->font = font;
		pen->size = it->size;
	}
	st |= set_fill(pen, it->color);
	double c, s;
	rotation(it->angle, &c, &s);
	st |= HPDF_Page_SetTextMatrix(pen->page, (HPDF_REAL)c, (HPDF_REAL)s,
	                              (HPDF_REAL)-s, (HPDF_REAL)c,
	                              (HPDF_REAL)it->x,
	                              (HPDF_REAL)(pen->height - it->y));
	st |= pdf_font_show(font, pen->page, it->text);
	return st;
}

static HPDF_STATUS draw_rule(Pen *pen, const Item *it)
{
	HPDF_STATUS st = end_text(pen);
	if (it->line_width != pen->line_width) {
		st |= HPDF_Page_SetLineWidth(pen->page, (HPDF_REAL)it->line_width);
		pen->line_width = it->line_width;
	}
	st |= HPDF_Page_MoveTo(pen->page, (HPDF_REAL)it->x,
	                       (HPDF_REAL)(pen->height - it->y));
	st |= HPDF_Page_LineTo(pen->page, (HPDF_REAL)it->x2,
	                       (HPDF_REAL)(pen->height - it->y2));
	st |= HPDF_Page_Stroke(pen->page);
	return st;
}

static HPDF_STATUS draw_fill(Pen *pen, const Item *it)
{
	HPDF_STATUS st = end_text(pen);
	st |= set_fill(pen, it->color);
	st |= HPDF_Page_Rectangle(pen->page, (HPDF_REAL)it->box.x,
	                          (HPDF_REAL)(pen->height - it->box.y - it->box.h),
	                          (HPDF_REAL)it->box.w, (HPDF_REAL)it->box.h);
	st |= HPDF_Page_Fill(pen->page);
	return st;
}

/* Puts the item in a marked-content sequence of its node: runs of
 * items of one node (a cell's lines; rules and fills, which are
 * artifacts) share one, outside text objects. */
static HPDF_STATUS mark_item(Writer *w, Pen *pen, size_t p, const Item *it)
{
	size_t node = it->kind == ITEM_TEXT ? it->node : NODE_ARTIFACT;
	if (pen->marking && node == pen->node)
		return HPDF_OK;
	HPDF_STATUS st = end_text(pen);
	Buf ops = {0};
	if (pen->marking)
		buf_adds(&ops, MARKS_END);
	marks_begin(&w->marks[p], w->doc, node, &ops);
	st |= hpdf_ext_page_write(pen->page, ops.data, ops.len);
	buf_free(&ops);
	pen->marking = true;
	pen->node = node;
	return st;
}

static int draw_page(Writer *w, size_t p)
{
	const Page *pg = &w->doc->pages[p];
	Pen pen = {.page = w->pages[p], .height = pg->height, .line_width = -1};
	HPDF_STATUS st = HPDF_Page_SetRGBStroke(pen.page, 0, 0, 0);
	for (size_t i = 0; i < pg->nitems && st == HPDF_OK && !w->error; i++) {
		const Item *it = &pg->items[i];
		if (it->kind == ITEM_TEXT && it->text[0] == '\0')
			continue;
		st = mark_item(w, &pen, p, it);
		if (it->kind == ITEM_TEXT)
			st = draw_text(w, &pen, it);
		else if (it->kind == ITEM_RULE)
			st = draw_rule(&pen, it);
		else
			st = draw_fill(&pen, it);
	}
	st |= end_text(&pen);
	if (pen.marking)
		st |= hpdf_ext_page_write(pen.page, MARKS_END, strlen(MARKS_END));
	return check(w, st, N_("drawing a page"));
}

static int add_pages(Writer *w)
{
	for (size_t p = 0; p < w->doc->npages; p++) {
		const Page *pg = &w->doc->pages[p];
		HPDF_Page page = HPDF_AddPage(w->pdf);
		if (page == NULL)
			return check(w, HPDF_INVALID_PAGE, N_("adding a page"));
		w->pages[p] = page;
		w->marks[p].obj = hpdf_ext_object_number(page);
		w->marks[p].annot = xcalloc(pg->nlinks + 1, sizeof *w->marks[p].annot);
		HPDF_STATUS st = HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width);
		st |= HPDF_Page_SetHeight(page, (HPDF_REAL)pg->height);
		if (check(w, st, N_("setting the page size")) != 0)
			return -1;
	}
	return 0;
}

/* ---- navigation --------------------------------------------------------- */

static int bad_page(Writer *w, const char *what, size_t page)
{
	diag_system(w->d, _("internal error: %s points to page %zu of %zu; "
	            "please report this bug"), _(what), page + 1, w->doc->npages);
	return -1;
}

static int add_links(Writer *w, size_t p)
{
	const Page *pg = &w->doc->pages[p];
	for (size_t i = 0; i < pg->nlinks; i++) {
		const Link *l = &pg->links[i];
		if (l->target_page >= w->doc->npages)
			return bad_page(w, N_("a link"), l->target_page);
		HPDF_Rect r = {(HPDF_REAL)l->rect.x,
		               (HPDF_REAL)(pg->height - l->rect.y - l->rect.h),
		               (HPDF_REAL)(l->rect.x + l->rect.w),
		               (HPDF_REAL)(pg->height - l->rect.y)};
		HPDF_Destination dst =
			HPDF_Page_CreateDestination(w->pages[l->target_page]);
		HPDF_Annotation a = dst ? HPDF_Page_CreateLinkAnnot(w->pages[p], r, dst)
		                        : NULL;
		HPDF_STATUS st = a ? HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0)
		                   : HPDF_INVALID_OBJECT;
		w->marks[p].annot[i] = hpdf_ext_object_number(a);
		if (check(w, st, N_("adding a link")) != 0)
			return -1;
	}
	return 0;
}

static int add_outline(Writer *w)
{
	for (size_t i = 0; i < w->doc->noutline; i++) {
		const OutlineEntry *e = &w->doc->outline[i];
		if (e->page >= w->doc->npages)
			return bad_page(w, N_("an outline entry"), e->page);
		HPDF_Outline o = HPDF_CreateOutline(w->pdf, NULL, "", NULL);
		HPDF_Destination dst = HPDF_Page_CreateDestination(w->pages[e->page]);
		HPDF_STATUS st = o && dst ? HPDF_Outline_SetDestination(o, dst)
		                          : HPDF_INVALID_OBJECT;
		if (st == HPDF_OK)
			st = HPDF_Dict_Add(o, "Title", text_string(w, e->title));
		if (st == HPDF_OK)      /* items have no /Type (PDF 12.3.3) */
			HPDF_Dict_RemoveElement(o, "Type");
		if (check(w, st, N_("adding an outline entry")) != 0)
			return -1;
	}
	if (w->doc->noutline > 0)
		return check(w, HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE),
		             N_("showing the outline"));
	return 0;
}

static int add_label(Writer *w, const PageLabel *l)
{
	if (l->first >= w->doc->npages)
		return bad_page(w, N_("a page label"), l->first);
	/* St must be at least 1 (PDF 12.4.2); libharu omits it for 0. */
	int start = l->start < 1 ? 1 : l->start;
	HPDF_Dict label = HPDF_PageLabel_New(w->pdf, HPDF_PAGE_NUM_STYLE_DECIMAL,
	                                     start == 1 ? 0 : start, NULL);
	if (label == NULL)
		return check(w, HPDF_INVALID_OBJECT, N_("adding a page label"));
	HPDF_STATUS st = HPDF_OK;
	if (!l->numbered) {
		HPDF_Dict_RemoveElement(label, "S");
		HPDF_Dict_RemoveElement(label, "St");
	}
	if (l->prefix[0] != '\0')
		st = HPDF_Dict_Add(label, "P", text_string(w, l->prefix));
	if (st == HPDF_OK)
		st = HPDF_Catalog_AddPageLabel(w->pdf->catalog, (HPDF_UINT)l->first,
		                               label);
	else
		HPDF_Dict_Free(label);
	return check(w, st, N_("adding a page label"));
}

/* Page labels in page order (the /Nums number tree must be sorted). */
static int add_labels(Writer *w)
{
	const Doc *doc = w->doc;
	size_t *order = xmalloc((doc->nlabels + 1) * sizeof *order);
	for (size_t i = 0; i < doc->nlabels; i++) {
		size_t j = i;
		for (; j > 0 && doc->labels[order[j - 1]].first > doc->labels[i].first; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	int rc = 0;
	for (size_t i = 0; i < doc->nlabels && rc == 0; i++)
		rc = add_label(w, &doc->labels[order[i]]);
	free(order);
	return rc;
}

/* ---- saving ------------------------------------------------------------- */

/* OutfileWriter: the finished PDF. */
static int write_buf(int fd, void *arg)
{
	const Buf *b = arg;
	return fd_write_all(fd, b->data, b->len);
}

/* libharu's file, with the structure tree, metadata and sources added
 * and its dictionaries packed (pdf_file.h). */
static int finish(Writer *w, Buf *out)
{
	size_t len;
	char *bytes = hpdf_ext_saved(w->pdf, &len);
	PdfFile f;
	if (bytes == NULL || pdffile_read(&f, bytes, len) != 0) {
		if (bytes == NULL)
			free(bytes);
		else
			pdffile_free(&f);
		return check(w, HPDF_INVALID_OBJECT, N_("reading the saved PDF"));
	}
	unsigned root = pdf_struct_add(&f, w->doc, w->marks);
	int rc = pdf_meta_add(&f, &w->doc->info, root, w->d);
	if (rc == 0 && pdffile_write(&f, out) != 0)
		rc = check(w, HPDF_INVALID_OBJECT, N_("packing the PDF"));
	pdffile_free(&f);
	return rc;
}

static int save(Writer *w, const char *path)
{
	if (check(w, HPDF_SaveToStream(w->pdf), N_("assembling the PDF")) != 0)
		return -1;
	Buf out = {0};
	int rc = finish(w, &out);
	if (rc == 0)
		rc = outfile_replace(path, write_buf, &out, w->d);
	buf_free(&out);
	return rc;
}

/* ---- pdf_write ---------------------------------------------------------- */

static void writer_init(Writer *w, const Doc *doc, FontSet *fonts, Diag *d)
{
	*w = (Writer){.doc = doc, .fonts = fonts, .d = d};
	w->nfonts = fonts_count(fonts);
	w->canon = xcalloc(w->nfonts, sizeof *w->canon);
	for (size_t f = 0; f < w->nfonts; f++) {
		size_t g = 0;
		while (strcmp(fonts_path(fonts, g), fonts_path(fonts, f)) != 0)
			g++;
		w->canon[f] = g;
	}
	w->used = xcalloc(w->nfonts, sizeof *w->used);
	w->font = xcalloc(w->nfonts, sizeof *w->font);
	w->pages = xcalloc(doc->npages, sizeof *w->pages);
	w->marks = xcalloc(doc->npages + 1, sizeof *w->marks);
}

static void writer_free(Writer *w)
{
	if (w->pdf != NULL)
		HPDF_Free(w->pdf);
	free(w->canon);
	free(w->used);
	for (size_t f = 0; f < w->nfonts; f++)
		pdf_font_free(w->font[f]);
	free(w->font);
	free(w->pages);
	marks_free(w->marks, w->doc->npages);
}

static int new_pdf(Writer *w)
{
	w->pdf = HPDF_New(on_error, w);
	if (w->pdf == NULL) {
		diag_system(w->d, _("libharu cannot create a document (out of memory?)"));
		return -1;
	}
	HPDF_STATUS st = HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL);
	return check(w, st, N_("setting up the document"));
}

static int build(Writer *w)
{
	if (collect_codes(w) != 0 || new_pdf(w) != 0 || load_fonts(w) != 0 ||
	    add_pages(w) != 0)
		return -1;
	for (size_t p = 0; p < w->doc->npages; p++)
		if (draw_page(w, p) != 0 || add_links(w, p) != 0)
			return -1;
		else if (w->drawn != NULL)
			page_free_items(&w->drawn[p]);
	if (add_outline(w) != 0 || add_labels(w) != 0)
		return -1;
	return 0;
}

static int write_doc(const Doc *doc, Page *drawn, FontSet *fonts,
                     const char *path, Diag *d)
{
	Writer w;
	writer_init(&w, doc, fonts, d);
	w.drawn = drawn;
	int rc = build(&w);
	if (rc == 0)
		rc = save(&w, path);
	writer_free(&w);
	return rc;
}

int pdf_write(const Doc *doc, FontSet *fonts, const char *path, Diag *d)
{
	return write_doc(doc, NULL, fonts, path, d);
}

/* A page's display list is not needed once the page is drawn; libharu
 * holds the document until it is saved, so freeing each list as its
 * page is drawn keeps the document in memory once instead of twice at
 * the save, the peak: a 500-sheet book's peak RSS went from 139.6 to
 * 115.7 MB (ru_maxrss). */
int pdf_write_consuming(Doc *doc, FontSet *fonts, const char *path, Diag *d)
{
	return write_doc(doc, doc->pages, fonts, path, d);
}
