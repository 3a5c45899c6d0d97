/* pdf_font.h: the embedded fonts of the PDF backend (pdf.c).
 *
 * Owns: one Type0 font per font file that the document draws with, made
 * by hand in libharu's object model (hpdf_objects.h): its CIDs are the
 * glyph ids of the file's subset (/CIDToGIDMap /Identity), /W lists the
 * glyphs used, /ToUnicode maps each back to its character, and the font
 * program is the subset's bytes, deflated once.  libharu's own font path
 * (a 65,536-entry CID-to-glyph map and its 128 KiB stream, the subset
 * reread through stdio and copied a byte at a time) is not used.
 */
#ifndef GOALSHEET_PDF_FONT_H
#define GOALSHEET_PDF_FONT_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "diag.h"
#include "fonts.h"
#include "util.h"

typedef struct PdfFont PdfFont;

/* Embeds the subset of fs's font for the code points cps[0..n) (sorted,
 * BMP) into pdf, the number-th font embedded (0, 1, …: it names the
 * subset tag HPDFAA, HPDFAB, … and the resource F1, F2, …).  Returns
 * NULL after reporting.  The font program is made by a job in another
 * thread (thread_job.h): pages may be drawn with the font at once, and
 * pdf_font_finish puts the program into pdf, which must come before
 * pdf is saved; fs must not be freed before it. */
PdfFont *pdf_font_embed(HPDF_Doc pdf, FontSet *fs, size_t font,
                        const uint32_t *cps, size_t n, size_t number, Diag *d);
/* Waits for f's font program and puts it into the PDF.  Returns 0, or
 * -1 after reporting. */
int pdf_font_finish(PdfFont *f, Diag *d);
/* Frees f, after waiting for its job if it still runs. */
void pdf_font_free(PdfFont *f);

/* Appends f's resource name ("/F1", for a Tf) to ops, page's content,
 * and names f in the page's /Resources /Font when it is not yet there. */
HPDF_STATUS pdf_font_select(PdfFont *f, HPDF_Page page, Buf *ops);
/* Appends the glyph ids of text (len bytes of UTF-8 of the code points f
 * was made for) to ops as the hex digits of a Tj's string. */
void pdf_font_show(const PdfFont *f, const char *text, size_t len, Buf *ops);

#endif
