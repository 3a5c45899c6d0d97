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
#include "thread_job.h"

/* Returns 0, or -1 after reporting a system error through d.  The font
 * programs and the sources are made by helpers of its own (thread_job.h). */
int pdf_write(const Doc *doc, FontSet *fonts, const char *path, Diag *d);
/* As pdf_write, with the caller's helpers (NULL: none), freeing each
 * page's items once it is drawn and the sources' bytes once they are
 * embedded: afterwards doc keeps its pages, links, outline, labels and
 * info, no items and no source data. */
int pdf_write_consuming(Doc *doc, FontSet *fonts, Helpers *helpers,
                        const char *path, Diag *d);

/* Pages drawn ahead of the writing (pdf_draw.h), so that a book's
 * display lists need not be held whole: each sheet's pages are drawn as
 * they are laid out and their items freed. */
typedef struct PdfDrawing PdfDrawing;
PdfDrawing *pdf_drawing_new(FontSet *fonts);
void pdf_drawing_free(PdfDrawing *dr);
/* Draws doc's pages [first, npages) as the document's pages of the
 * same index, and frees their items.  Returns 0, or -1 after reporting
 * through d. */
int pdf_draw_pages(PdfDrawing *dr, Doc *doc, size_t first, Diag *d);
/* The pages drawn so far moved (layout.h, LayoutSink): page i is page
 * i + page_offset, node k > 1 node k + node_offset. */
void pdf_drawing_moved(PdfDrawing *dr, size_t page_offset, size_t node_offset);
/* As pdf_write_consuming, with the pages dr has drawn (the others are
 * drawn now).  dr stays the caller's. */
int pdf_write_drawn(Doc *doc, PdfDrawing *dr, FontSet *fonts,
                    Helpers *helpers, const char *path, Diag *d);

#endif
