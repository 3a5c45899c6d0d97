/* svg.h: the SVG backend, beside the PDF one (pdf.h), for `serve`.
 *
 * Owns: drawing a Doc's page (page.h) as an <svg> element for inline use
 * in an HTML page.  The same display list as the PDF, item for item and
 * in the same order: text is real <text> (selectable, searchable) in
 * font class "fN" for FontSet index N (the page's stylesheet maps each
 * class to its font file, served beside it), with the advance width the
 * layout measured as textLength; rules and fills as lines and rects;
 * links as <a href="#page-N">.  Pages are numbered from 1 in ids.
 */
#ifndef GOALSHEET_SVG_H
#define GOALSHEET_SVG_H

#include <stddef.h>

#include "page.h"
#include "util.h"

/* Appends page p (0-based) of doc to out as <svg id="page-N" ...>. */
void svg_page(Buf *out, const Doc *doc, size_t p);

/* Appends s with &, <, >, " and ' written as character references, for
 * text and attribute values in HTML and SVG. */
void markup_escape(Buf *out, const char *s);

#endif
