/* pdf_draw.c: see pdf_draw.h.
 *
 * The operators are formatted here rather than by libharu's
 * HPDF_Page_MoveTo, HPDF_Page_SetTextMatrix and the rest, which clear a
 * 512-byte buffer on every call: the book spent 12 M instructions of
 * 400 M in that memset (callgrind).  The numbers go through libharu's
 * own HPDF_FToA, so the bytes are the same.
 */
#include "pdf_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_consts.h>
#include <hpdf_error.h>
#include <hpdf_utils.h>

#include "i18n.h"

void drawing_init(PdfDrawing *dr, FontSet *fonts)
{
	*dr = (PdfDrawing){0};
	dr->nfonts = fonts_count(fonts);
	dr->canon = xcalloc(dr->nfonts + 1, sizeof *dr->canon);
	for (size_t f = 0; f < dr->nfonts; f++) {
		size_t g = 0;
		while (strcmp(fonts_path(fonts, g), fonts_path(fonts, f)) != 0)
			g++;
		dr->canon[f] = g;
	}
	dr->used = xcalloc(dr->nfonts + 1, sizeof *dr->used);
}

void drawing_free(PdfDrawing *dr)
{
	for (size_t p = 0; p < dr->npages; p++) {
		buf_free(&dr->pages[p].ops);
		free(dr->pages[p].fix);
		free(dr->pages[p].marks.node);
		free(dr->pages[p].marks.annot);
	}
	free(dr->pages);
	free(dr->canon);
	free(dr->used);
	memset(dr, 0, sizeof *dr);
}

size_t drawing_code_count(const PdfDrawing *dr, size_t font)
{
	size_t n = 0;
	for (uint32_t byte = 0; byte < DRAW_BMP_BYTES; byte++)
		n += (size_t)__builtin_popcount(dr->used[font][byte]);
	return n;
}

size_t drawing_codes(const PdfDrawing *dr, size_t font, uint32_t *cps)
{
	size_t n = 0;
	for (uint32_t byte = 0; byte < DRAW_BMP_BYTES; byte++) {
		unsigned bits = dr->used[font][byte];
		for (uint32_t bit = 0; bits != 0; bit++, bits >>= 1)
			if (bits & 1)
				cps[n++] = byte << 3 | bit;
	}
	return n;
}

/* ---- code points -------------------------------------------------------- */

static int check_text(PdfDrawing *dr, size_t page, const Item *it, Diag *d)
{
	if (it->font >= dr->nfonts) {
		diag_system(d, _("internal error: page %zu: text '%s' uses font "
		            "%zu, but only %zu fonts are open; please report this "
		            "bug"), page + 1, it->text, it->font, dr->nfonts);
		return -1;
	}
	uint8_t *bits = dr->used[dr->canon[it->font]];
	size_t len = strlen(it->text);
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp;
		n = utf8_decode(it->text + i, len - i, &cp);
		if (n == 0 || cp > 0xFFFF) {
			diag_system(d, _("internal error: page %zu: text '%s' has %s "
			            "at byte %zu, which libharu 2.3.0 cannot write; "
			            "please report this bug"), page + 1, it->text,
			            n ? _("a character beyond U+FFFF") : _("invalid UTF-8"), i);
			return -1;
		}
		bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
	return 0;
}

/* ---- operators ---------------------------------------------------------- */

/* A number as libharu's drawing functions write it. */
static void put_real(Buf *b, HPDF_REAL v)
{
	char s[32];
	char *end = HPDF_FToA(s, v, s + sizeof s - 1);
	buf_add(b, s, (size_t)(end - s));
}

/* As HPDF_Stream_WriteReal writes it (at most HPDF_REAL_LEN + 1 bytes). */
static void put_stream_real(Buf *b, HPDF_REAL v)
{
	char s[HPDF_REAL_LEN + 2];
	char *end = HPDF_FToA(s, v, s + HPDF_REAL_LEN);
	buf_add(b, s, (size_t)(end - s));
}

/* n numbers, a space after each, then the operator op ("m\n"). */
static void put_op(Buf *b, const HPDF_REAL *v, size_t n, const char *op)
{
	for (size_t i = 0; i < n; i++) {
		put_real(b, v[i]);
		buf_addc(b, ' ');
	}
	buf_adds(b, op);
}

typedef struct Pen {
	PdfDrawing *dr;
	DrawnPage *out;
	const Doc *doc;
	double height;
	bool in_text;
	bool marking;               /* a marked-content sequence is open */
	size_t node;                /* its node */
	size_t font;                /* canonical font selected, or SIZE_MAX */
	double size;
	bool have_fill;
	Rgb fill;
	double line_width;
} Pen;

static void fail(Pen *pen, HPDF_STATUS st)
{
	if (pen->dr->error == 0)
		pen->dr->error = st;
}

static void fixup(Pen *pen, size_t font, const char *text, size_t len)
{
	DrawnPage *o = pen->out;
	xgrow((void **)&o->fix, &o->fix_cap, o->nfix + 1, sizeof *o->fix);
	o->fix[o->nfix++] = (DrawFixup){(uint32_t)o->ops.len, (uint32_t)len,
	                                (uint32_t)font};
	buf_add(&o->ops, text, len);
}

static bool unit(double v)
{
	return (HPDF_REAL)v >= 0 && (HPDF_REAL)v <= 1;
}

static void set_fill(Pen *pen, Rgb c)
{
	if (pen->have_fill && c.r == pen->fill.r && c.g == pen->fill.g &&
	    c.b == pen->fill.b)
		return;
	pen->have_fill = true;
	pen->fill = c;
	if (!unit(c.r) || !unit(c.g) || !unit(c.b))
		return fail(pen, HPDF_PAGE_OUT_OF_RANGE);
	HPDF_REAL v[] = {(HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b};
	put_op(&pen->out->ops, v, 3, "rg\n");
}

static void end_text(Pen *pen)
{
	if (!pen->in_text)
		return;
	pen->in_text = false;
	buf_adds(&pen->out->ops, "ET\n");
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

static void draw_text(Pen *pen, const Item *it)
{
	Buf *b = &pen->out->ops;
	size_t font = pen->dr->canon[it->font];
	if (!pen->in_text) {
		buf_adds(b, "BT\n");
		pen->in_text = true;
		pen->font = SIZE_MAX;
	}
	if (font != pen->font || it->size != pen->size) {
		fixup(pen, font, "", 0);
		buf_addc(b, ' ');
		put_stream_real(b, (HPDF_REAL)it->size);
		buf_adds(b, " Tf\n");
		pen->font = font;
		pen->size = it->size;
	}
	set_fill(pen, it->color);
	double c, s;
	rotation(it->angle, &c, &s);
	HPDF_REAL m[] = {(HPDF_REAL)c, (HPDF_REAL)s, (HPDF_REAL)-s, (HPDF_REAL)c,
	                 (HPDF_REAL)it->x, (HPDF_REAL)(pen->height - it->y)};
	/* HPDF_Page_SetTextMatrix refuses a matrix that maps to a line */
	if ((m[0] == 0 || m[3] == 0) && (m[1] == 0 || m[2] == 0))
		return fail(pen, HPDF_INVALID_PARAMETER);
	put_op(b, m, 6, "Tm\n");
	buf_addc(b, '<');
	fixup(pen, font, it->text, strlen(it->text));
	buf_adds(b, "> Tj\n");
}

static void draw_rule(Pen *pen, const Item *it)
{
	Buf *b = &pen->out->ops;
	end_text(pen);
	if (it->line_width != pen->line_width) {
		if ((HPDF_REAL)it->line_width < 0)
			return fail(pen, HPDF_PAGE_OUT_OF_RANGE);
		put_stream_real(b, (HPDF_REAL)it->line_width);
		buf_adds(b, " w\n");
		pen->line_width = it->line_width;
	}
	HPDF_REAL from[] = {(HPDF_REAL)it->x, (HPDF_REAL)(pen->height - it->y)};
	HPDF_REAL to[] = {(HPDF_REAL)it->x2, (HPDF_REAL)(pen->height - it->y2)};
	put_op(b, from, 2, "m\n");
	put_op(b, to, 2, "l\n");
	buf_adds(b, "S\n");
}

static void draw_fill(Pen *pen, const Item *it)
{
	end_text(pen);
	set_fill(pen, it->color);
	HPDF_REAL r[] = {(HPDF_REAL)it->box.x,
	                 (HPDF_REAL)(pen->height - it->box.y - it->box.h),
	                 (HPDF_REAL)it->box.w, (HPDF_REAL)it->box.h};
	put_op(&pen->out->ops, r, 4, "re\n");
	buf_adds(&pen->out->ops, "f\n");
}

/* Puts the item in a marked-content sequence of its node: runs of
 * items of one node (a cell's lines; rules and fills, which are
 * artifacts) share one, outside text objects. */
static void mark_item(Pen *pen, const Item *it)
{
	size_t node = it->kind == ITEM_TEXT ? it->node : NODE_ARTIFACT;
	if (pen->marking && node == pen->node)
		return;
	end_text(pen);
	if (pen->marking)
		buf_adds(&pen->out->ops, MARKS_END);
	marks_begin(&pen->out->marks, pen->doc, node, &pen->out->ops);
	pen->marking = true;
	pen->node = node;
}

/* A drawn page waits for the rest of the book: its buffers are cut to
 * their size (they had grown by doubling, a quarter of them unused;
 * 5 MB of a 500-sheet book, massif). */
static void shrink(DrawnPage *out)
{
	out->ops.data = xrealloc(out->ops.data, out->ops.len + 1);
	out->ops.cap = out->ops.len + 1;
	out->fix = xrealloc(out->fix, (out->nfix + 1) * sizeof *out->fix);
	out->fix_cap = out->nfix + 1;
}

static DrawnPage *page_slot(PdfDrawing *dr, size_t dst)
{
	if (dst >= dr->npages) {
		xgrow((void **)&dr->pages, &dr->cap, dst + 1, sizeof *dr->pages);
		memset(dr->pages + dr->npages, 0,
		       (dst + 1 - dr->npages) * sizeof *dr->pages);
		dr->npages = dst + 1;
	}
	return &dr->pages[dst];
}

void drawing_move(PdfDrawing *dr, size_t page_offset, size_t node_offset)
{
	size_t n = dr->npages;
	if (n == 0)
		return;
	page_slot(dr, n + page_offset - 1);
	memmove(dr->pages + page_offset, dr->pages, n * sizeof *dr->pages);
	memset(dr->pages, 0, page_offset * sizeof *dr->pages);
	for (size_t p = page_offset; p < dr->npages; p++) {
		PageMarks *m = &dr->pages[p].marks;
		for (size_t i = 0; i < m->n; i++)
			if (m->node[i] > 1)
				m->node[i] += node_offset;
	}
}

int drawing_add(PdfDrawing *dr, const Doc *doc, size_t p, Diag *d)
{
	const Page *pg = &doc->pages[p];
	for (size_t i = 0; i < pg->nitems; i++)
		if (pg->items[i].kind == ITEM_TEXT &&
		    check_text(dr, p, &pg->items[i], d) != 0)
			return -1;
	DrawnPage *out = page_slot(dr, p);
	out->drawn = true;
	Pen pen = {.dr = dr, .out = out, .doc = doc, .height = pg->height,
	           .line_width = -1};
	buf_adds(&out->ops, "0 0 0 RG\n");
	for (size_t i = 0; i < pg->nitems && dr->error == 0; i++) {
		const Item *it = &pg->items[i];
		if (it->kind == ITEM_TEXT && it->text[0] == '\0')
			continue;
		mark_item(&pen, it);
		if (it->kind == ITEM_TEXT)
			draw_text(&pen, it);
		else if (it->kind == ITEM_RULE)
			draw_rule(&pen, it);
		else
			draw_fill(&pen, it);
	}
	end_text(&pen);
	if (pen.marking)
		buf_adds(&out->ops, MARKS_END);
	shrink(out);
	return dr->error ? -1 : 0;
}
