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

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
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
#include "pdf_draw.h"
#include "pdf_file.h"
#include "pdf_font.h"
#include "pdf_meta.h"
#include "pdf_struct.h"
#include "util.h"

typedef struct Writer {
	const Doc *doc;
	Doc *consumed;              /* doc, when its parts go once written; NULL */
	PdfDrawing *dr;             /* the pages drawn, taken as written */
	FontSet *fonts;
	Helpers *helpers;           /* for the font programs and the sources */
	Diag *d;
	HPDF_Doc pdf;
	HPDF_STATUS error, detail;  /* first libharu error, 0 if none */
	PdfFont **font;             /* per canonical font, NULL if unused */
	PdfFontJob *font_job;       /* making their programs (pdf_font.h) */
	HPDF_Page *pages;
	PageMarks *marks;           /* per page: MCIDs, page and link objects */
	PdfSources *sources;        /* doc's, deflated meanwhile (pdf_meta.h) */
} Writer;

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	Writer *w = user;
	if (w->error == 0) {
		w->error = error;
		w->detail = detail;
	}
}

static int report_libharu(Diag *d, HPDF_STATUS error, HPDF_STATUS detail,
                          const char *what)
{
	diag_system(d, _("libharu failed while %s (error 0x%04X, detail %u); "
	            "this is a bug in goalsheet or libharu: please report it "
	            "with the input"), _(what), (unsigned)error, (unsigned)detail);
	return -1;
}

/* 0, or -1 after reporting a libharu error that happened while doing what. */
static int check(Writer *w, HPDF_STATUS st, const char *what)
{
	if (w->error == 0 && st == HPDF_OK)
		return 0;
	return report_libharu(w->d, w->error ? w->error : st, w->detail, what);
}

/* ---- fonts -------------------------------------------------------------- */

/* A font to embed: its number names it (its resource and subset tag) in
 * the order of the fonts; its code points, their plan (fonts.h) and
 * what the planning said, held until the fonts' turn. */
typedef struct FontToEmbed {
	size_t font, codes, number;
	FontSet *fs;
	uint32_t *cps;
	FontPlan *plan;
	bool planned;
	FontSubset sub;
	FontSubset made;    /* its program, when made at once */
	PdfFontJob *job;    /* set: plan_font begins its program at once */
	DiagHeld said;
} FontToEmbed;

/* The fonts with code points to draw, most code points first. */
static size_t fonts_to_embed(const PdfDrawing *dr, FontToEmbed *order)
{
	size_t k = 0;
	for (size_t f = 0; f < dr->nfonts; f++) {
		size_t codes = dr->canon[f] == f ? drawing_code_count(dr, f) : 0;
		if (codes == 0)
			continue;
		size_t j = k++;
		for (; j > 0 && order[j - 1].codes < codes; j--)
			order[j] = order[j - 1];
		order[j] = (FontToEmbed){.font = f, .codes = codes, .number = k - 1};
	}
	return k;
}

static void plan_font(void *arg)
{
	FontToEmbed *e = arg;
	e->plan = fonts_plan(e->fs, e->font, e->cps, e->codes, &e->sub, &e->said.d);
	e->planned = e->plan != NULL;
	if (e->planned && e->job != NULL) {
		pdf_font_job_begin(e->job, e->plan, &e->made, e->codes);
		e->plan = NULL;
	}
}

/* e's program made at once (fonts_plan_execute frees the plan; when it
 * fails there is no program, which the job reports at the splice). */
static void make_program(FontToEmbed *e)
{
	if (e->plan != NULL)
		fonts_plan_execute(e->plan, &e->made);
	e->plan = NULL;
}

/* The font e embedded and its program begun, if ok so far and it was
 * planned (else it was reported); returns whether it was. */
static bool embed_font(Writer *w, FontToEmbed *e, bool ok)
{
	diag_release(&e->said, w->d);
	if (ok && e->planned) {
		if (e->job == NULL)    /* else begun when planned */
			pdf_font_job_begin(w->font_job, e->plan, &e->made, e->codes);
		e->plan = NULL;
		PdfFont *f = pdf_font_embed(w->pdf, w->fonts, e->font, e->cps,
		                            e->codes, &e->sub, e->number, w->d);
		w->font[e->font] = f;
		if (f != NULL)
			pdf_font_job_font(w->font_job, f);
	} else {
		fonts_plan_free(e->plan);
	}
	fonts_subset_free(&e->made);
	fonts_subset_free(&e->sub);
	free(e->cps);
	return ok && w->font[e->font] != NULL;
}

/* The fonts to embed, planned (fonts.h), the biggest first: the
 * longest to make (a sheet's fonts were waited for 2.7 instead of 2.2 ms
 * when the smaller went first).  It is planned by a helper while this
 * thread plans the others (the book's two: 1.9 and 1.0 ms, one after
 * the other before), and its program begun there as soon as it is
 * planned (the first in the job's order), not when it is embedded: the
 * book took 0.75 ms less (101 paired runs).  Returns how many; *order is
 * the caller's. */
static size_t plan_fonts(Writer *w, FontToEmbed **order_out)
{
	FontToEmbed *order = xcalloc(w->dr->nfonts + 1, sizeof *order);
	size_t n = fonts_to_embed(w->dr, order);
	for (size_t i = 0; i < n; i++) {
		order[i].fs = w->fonts;
		order[i].cps = xmalloc((order[i].codes + 1) * sizeof *order[i].cps);
		drawing_codes(w->dr, order[i].font, order[i].cps);
		diag_hold(&order[i].said, w->d);
	}
	w->font_job = pdf_font_job_new(n, w->helpers);
	if (n > 1)
		order[0].job = w->font_job;
	ThreadJob *first = n > 1 ? thread_job_start(w->helpers, plan_font, &order[0])
	                         : NULL;
	for (size_t i = first ? 1 : 0; i < n; i++) {
		plan_font(&order[i]);
		/* made while the biggest is planned: its compact copy is gone
		 * sooner */
		if (first != NULL)
			make_program(&order[i]);
	}
	thread_job_finish(first);
	*order_out = order;
	return n;
}

/* The planned fonts embedded and their programs begun; frees order. */
static int embed_fonts(Writer *w, FontToEmbed *order, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		ok = embed_font(w, &order[i], ok);
	free(order);
	return ok ? 0 : -1;
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

/* The drawn page p's content, its fix-ups resolved now that the fonts
 * exist (pdf_draw.h), deflated here and handed to libharu as it is:
 * libharu would hold every page's content uncompressed until the save
 * (29 MB of a 500-sheet book's 94 MB peak heap, massif) and then copy
 * it through its memory streams.  At PDF_DEFLATE_LEVEL (pdf_file.h).
 * The drawn page is freed. */
static int emit_page(Writer *w, size_t p, Buf *ops)
{
	DrawnPage *dp = &w->dr->pages[p];
	HPDF_Page page = w->pages[p];
	HPDF_STATUS st = HPDF_OK;
	size_t at = 0;
	ops->len = 0;
	for (size_t i = 0; i < dp->nfix && st == HPDF_OK; i++) {
		const DrawFixup *fx = &dp->fix[i];
		PdfFont *font = w->font[fx->font];
		buf_add(ops, dp->ops.data + at, fx->at - at);
		if (fx->len == 0)
			st |= pdf_font_select(font, page, ops);
		else
			pdf_font_show(font, dp->ops.data + fx->at, fx->len, ops);
		at = fx->at + fx->len;
	}
	buf_add(ops, dp->ops.data + at, dp->ops.len - at);
	if (st == HPDF_OK)
		st = hpdf_ext_stream_deflate(hpdf_ext_page_content(page), ops->data,
		                             ops->len, PDF_DEFLATE_LEVEL, true);
	w->marks[p].node = dp->marks.node;
	w->marks[p].n = dp->marks.n;
	w->marks[p].cap = dp->marks.cap;
	dp->marks = (PageMarks){0};
	buf_free(&dp->ops);
	free(dp->fix);
	dp->fix = NULL;
	dp->nfix = 0;
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

/* The finished PDF and the helpers that deflate its object streams. */
typedef struct Packing {
	PdfFile *f;
	Helpers *helpers;
} Packing;

/* OutfileWriter: the finished PDF, packed straight into the file. */
static int write_packed(int fd, void *arg)
{
	Packing *p = arg;
	return pdffile_write(p->f, fd, p->helpers);
}

/* The sources are in the file now, deflated: their bytes go before the
 * packing (9.4 MB of a 500-sheet book's peak, massif). */
static void drop_sources(DocInfo *info)
{
	for (size_t i = 0; i < info->nsources; i++) {
		free(info->sources[i].data);
		info->sources[i].data = NULL;
	}
}

/* libharu's file, with the structure tree, metadata and sources added
 * (pdf_file.h), into f. */
static int finish(Writer *w, PdfFile *f)
{
	size_t len;
	char *bytes = hpdf_ext_saved(w->pdf, &len);
	/* libharu's document is done with once its bytes are copied: freeing
	 * it here, before the packing, keeps its objects, content streams and
	 * saved bytes out of the peak (massif, 105-sheet book). */
	HPDF_Free(w->pdf);
	w->pdf = NULL;
	if (bytes == NULL || pdffile_read(f, bytes, len) != 0) {
		if (bytes != NULL)
			pdffile_free(f);
		return check(w, HPDF_INVALID_OBJECT, N_("reading the saved PDF"));
	}
	unsigned root = pdf_struct_add(f, w->doc, w->marks);
	int rc = pdf_meta_add(f, &w->doc->info, w->sources, root, w->d);
	if (rc != 0)
		pdffile_free(f);
	else if (w->consumed != NULL)
		drop_sources(&w->consumed->info);
	return rc;
}

static int save(Writer *w, const char *path)
{
	if (check(w, HPDF_SaveToStream(w->pdf), N_("assembling the PDF")) != 0)
		return -1;
	PdfFile f;
	if (finish(w, &f) != 0)
		return -1;
	/* The font programs, made meanwhile, go in last (pdf_font.h). */
	int fonts = pdf_font_job_splice(w->font_job, &f, w->d);
	w->font_job = NULL;
	if (fonts != 0) {
		pdffile_free(&f);
		return -1;
	}
	Packing packing = {&f, w->helpers};
	int rc = outfile_replace(path, write_packed, &packing, w->d);
	pdffile_free(&f);
	return rc;
}

/* ---- pdf_write ---------------------------------------------------------- */

static void writer_init(Writer *w, const Doc *doc, PdfDrawing *dr,
                        FontSet *fonts, Helpers *helpers, Diag *d)
{
	*w = (Writer){.doc = doc, .dr = dr, .fonts = fonts, .helpers = helpers,
	              .d = d};
	w->font = xcalloc(dr->nfonts + 1, sizeof *w->font);
	w->pages = xcalloc(doc->npages + 1, sizeof *w->pages);
	w->marks = xcalloc(doc->npages + 1, sizeof *w->marks);
}

static void writer_free(Writer *w)
{
	pdf_font_job_abandon(w->font_job);
	pdf_meta_sources_free(w->sources);
	if (w->pdf != NULL)
		HPDF_Free(w->pdf);
	for (size_t f = 0; f < w->dr->nfonts; f++)
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
	/* Layout's memory, freed, goes back before the fonts' subsets and
	 * programs are made, the peak: each helper thread's malloc arena
	 * kept its pages (the book's peak RSS 14.8 instead of 15.0 MB,
	 * medians of 21 runs; the same wall time). */
	malloc_trim(0);
	if (new_pdf(w) != 0)
		return -1;
	FontToEmbed *order;
	size_t nfonts = plan_fonts(w, &order);
	/* Queued after the plans, which the pages wait for: helpers take
	 * jobs in turn (thread_job.h).  Queued before, the book's plans were
	 * waited for 0.5 ms longer (timed in the code, medians of 31 runs). */
	w->sources = pdf_meta_sources_start(&w->doc->info, w->helpers);
	if (embed_fonts(w, order, nfonts) != 0 || add_pages(w) != 0)
		return -1;
	Buf ops = {0};
	int rc = 0;
	for (size_t p = 0; p < w->doc->npages && rc == 0; p++)
		rc = emit_page(w, p, &ops) != 0 || add_links(w, p) != 0 ? -1 : 0;
	buf_free(&ops);
	if (rc != 0 || add_outline(w) != 0 || add_labels(w) != 0)
		return -1;
	return 0;
}

/* Draws doc's pages [from, to), and frees their items if doc's pages
 * are given as consumed. */
static int draw_range(PdfDrawing *dr, const Doc *doc, Doc *consumed,
                      size_t from, size_t to, Diag *d)
{
	for (size_t p = from; p < to; p++) {
		if (drawing_add(dr, doc, p, d) != 0)
			return dr->error ? report_libharu(d, dr->error, 0,
			                                  N_("drawing a page")) : -1;
		if (consumed != NULL)
			page_free_items(&consumed->pages[p]);
	}
	return 0;
}

/* Writes doc with the pages dr has drawn; the others are drawn now. */
static int write_doc(const Doc *doc, Doc *consumed, PdfDrawing *dr,
                     FontSet *fonts, Helpers *helpers, const char *path, Diag *d)
{
	assert(dr->npages <= doc->npages);
	for (size_t p = 0; p < doc->npages; p++)
		if ((p >= dr->npages || !dr->pages[p].drawn) &&
		    draw_range(dr, doc, consumed, p, p + 1, d) != 0)
			return -1;
	Writer w;
	writer_init(&w, doc, dr, fonts, helpers, d);
	w.consumed = consumed;
	int rc = build(&w);
	if (rc == 0)
		rc = save(&w, path);
	writer_free(&w);
	return rc;
}

static int write_new(const Doc *doc, Doc *consumed, FontSet *fonts,
                     Helpers *helpers, const char *path, Diag *d)
{
	PdfDrawing dr;
	drawing_init(&dr, fonts);
	int rc = write_doc(doc, consumed, &dr, fonts, helpers, path, d);
	drawing_free(&dr);
	return rc;
}

int pdf_write(const Doc *doc, FontSet *fonts, const char *path, Diag *d)
{
	Helpers *helpers = helpers_new(helpers_for_this_machine());
	int rc = write_new(doc, NULL, fonts, helpers, path, d);
	helpers_free(helpers);
	return rc;
}

/* A page's display list is not needed once the page is drawn; libharu
 * holds the document until it is saved, so freeing each list as its
 * page is drawn keeps the document in memory once instead of twice at
 * the save, the peak: a 500-sheet book's peak RSS went from 139.6 to
 * 115.7 MB (ru_maxrss). */
int pdf_write_consuming(Doc *doc, FontSet *fonts, Helpers *helpers,
                        const char *path, Diag *d)
{
	return write_new(doc, doc, fonts, helpers, path, d);
}

PdfDrawing *pdf_drawing_new(FontSet *fonts)
{
	PdfDrawing *dr = xmalloc(sizeof *dr);
	drawing_init(dr, fonts);
	return dr;
}

void pdf_drawing_free(PdfDrawing *dr)
{
	if (dr == NULL)
		return;
	drawing_free(dr);
	free(dr);
}

int pdf_draw_pages(PdfDrawing *dr, Doc *doc, size_t first, Diag *d)
{
	return draw_range(dr, doc, doc, first, doc->npages, d);
}

void pdf_drawing_moved(PdfDrawing *dr, size_t page_offset, size_t node_offset)
{
	drawing_move(dr, page_offset, node_offset);
}

int pdf_write_drawn(Doc *doc, PdfDrawing *dr, FontSet *fonts, Helpers *helpers,
                    const char *path, Diag *d)
{
	return write_doc(doc, doc, dr, fonts, helpers, path, d);
}
