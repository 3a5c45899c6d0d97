/* pdf.h: the PDF backend (libharu).
 *
 * Owns: everything libharu.  Draws a Doc (page.h) with the fonts of a
 * FontSet, embedded as subsets with a valid ToUnicode CMap; writes the
 * outline, links, page labels and document info; saves to a temporary
 * file beside path and renames it, so path is either the old file or the
 * complete new one.  Output is deterministic for a given Doc.
 */
#ifndef GOALSHEET_PDF_H
#define GOALSHEET_PDF_H

#include "diag.h"
#include "fonts.h"
#include "page.h"

/* Returns 0, or -1 after reporting a system error through d. */
int pdf_write(const Doc *doc, FontSet *fonts, const char *path, Diag *d);
/* As pdf_write, freeing each page's items once it is drawn: afterwards
 * doc keeps its pages, links, outline, labels and info, no items. */
int pdf_write_consuming(Doc *doc, FontSet *fonts, const char *path, Diag *d);

#endif
