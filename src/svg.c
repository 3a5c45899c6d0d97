/* svg.c: see svg.h.  Coordinates are the display list's own (points,
 * top-left origin, y down), which is SVG's user space: no flipping. */
#include "svg.h"

#include <math.h>
#include <string.h>

void markup_escape(Buf *out, const char *s)
{
	for (const char *run = s;; s++) {
		const char *ref = NULL;
		switch (*s) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		case '\0': break;
		default: continue;
		}
		buf_add(out, run, (size_t)(s - run));
		if (ref == NULL)
			return;
		buf_adds(out, ref);
		run = s + 1;
	}
}

/* A number as short as it can be without losing what the PDF keeps
 * (libharu writes 4 decimals). */
static void num(Buf *out, double v)
{
	char s[32];
	snprintf(s, sizeof s, "%.4f", fabs(v) < 5e-5 ? 0.0 : v);
	char *end = s + strlen(s);
	while (end[-1] == '0')
		end--;
	if (end[-1] == '.')
		end--;
	buf_add(out, s, (size_t)(end - s));
}

static void color(Buf *out, const char *attr, Rgb c)
{
	int r = (int)lround(c.r * 255), g = (int)lround(c.g * 255),
	    b = (int)lround(c.b * 255);
	buf_printf(out, " %s=\"#%02x%02x%02x\"", attr, r, g, b);
}

static void text_item(Buf *out, const Item *it)
{
	if (it->text[0] == '\0')
		return;
	buf_adds(out, "<text x=\"");
	num(out, it->x);
	buf_adds(out, "\" y=\"");
	num(out, it->y);
	buf_printf(out, "\" class=\"f%zu\" font-size=\"", it->font);
	num(out, it->size);
	buf_adds(out, "\"");
	if (it->color.r != 0 || it->color.g != 0 || it->color.b != 0)
		color(out, "fill", it->color);
	/* The PDF turns counter-clockwise with y up; SVG's y points down. */
	if (it->angle != 0) {
		buf_adds(out, " transform=\"rotate(");
		num(out, -it->angle);
		buf_adds(out, " ");
		num(out, it->x);
		buf_adds(out, " ");
		num(out, it->y);
		buf_adds(out, ")\"");
	}
	/* The width layout measured with HarfBuzz: the browser then spaces
	 * the glyphs exactly as the PDF does, whatever its own shaping. */
	if (it->width > 0) {
		buf_adds(out, " textLength=\"");
		num(out, it->width);
		buf_adds(out, "\" lengthAdjust=\"spacing\"");
	}
	buf_adds(out, ">");
	markup_escape(out, it->text);
	buf_adds(out, "</text>\n");
}

static void rule_item(Buf *out, const Item *it)
{
	buf_adds(out, "<line x1=\"");
	num(out, it->x);
	buf_adds(out, "\" y1=\"");
	num(out, it->y);
	buf_adds(out, "\" x2=\"");
	num(out, it->x2);
	buf_adds(out, "\" y2=\"");
	num(out, it->y2);
	buf_adds(out, "\" stroke-width=\"");
	num(out, it->line_width);
	buf_adds(out, "\" stroke=\"#000\"/>\n");
}

static void rect(Buf *out, Box b)
{
	buf_adds(out, "<rect x=\"");
	num(out, b.x);
	buf_adds(out, "\" y=\"");
	num(out, b.y);
	buf_adds(out, "\" width=\"");
	num(out, b.w);
	buf_adds(out, "\" height=\"");
	num(out, b.h);
	buf_adds(out, "\"");
}

static void fill_item(Buf *out, const Item *it)
{
	rect(out, it->box);
	color(out, "fill", it->color);
	buf_adds(out, "/>\n");
}

static void link(Buf *out, const Link *l)
{
	buf_printf(out, "<a href=\"#page-%zu\">", l->target_page + 1);
	rect(out, l->rect);
	buf_adds(out, " fill-opacity=\"0\"/></a>\n");
}

void svg_page(Buf *out, const Doc *doc, size_t p)
{
	const Page *pg = &doc->pages[p];
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"page-%zu\" "
	           "class=\"page\" viewBox=\"0 0 ", p + 1);
	num(out, pg->width);
	buf_adds(out, " ");
	num(out, pg->height);
	buf_adds(out, "\">\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
	for (size_t i = 0; i < pg->nitems; i++) {
		const Item *it = &pg->items[i];
		switch (it->kind) {
		case ITEM_TEXT: text_item(out, it); break;
		case ITEM_RULE: rule_item(out, it); break;
		case ITEM_FILL: fill_item(out, it); break;
		}
	}
	for (size_t i = 0; i < pg->nlinks; i++)
		link(out, &pg->links[i]);
	buf_adds(out, "</svg>\n");
}
