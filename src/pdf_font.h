/* pdf_font.h: the embedded fonts of the PDF backend (pdf.c).
 *
 * Owns: one Type0 font per font file that the document draws with, made
 * by hand in libharu's object model (hpdf_objects.h): its CIDs are the
 * glyph ids of the file's subset (/CIDToGIDMap /Identity), /W lists the
 * glyphs used, /ToUnicode maps each back to its character, and the font
 * program is the subset's bytes, made and deflated beside the writer
 * (font_programs.h) and put into the saved file last (pdf_file.h's
 * pdffile_fill_stream, into the /FontFile2 libharu wrote empty).
 * libharu's own font path
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
#include "pdf_file.h"
#include "thread_job.h"
#include "util.h"

typedef struct PdfFont PdfFont;

/* Embeds the subset of fs's font for the code points cps[0..n) (sorted,
 * BMP), as fonts_plan planned it (sub, whose glyph ids it takes), into
 * pdf, the number-th font embedded (0, 1, …: it names the subset tag
 * HPDFAA, HPDFAB, … and the resource F1, F2, …).  Returns NULL after
 * reporting.  Pages may be drawn with the font at once; its program is
 * made by a PdfFontJob. */
PdfFont *pdf_font_embed(HPDF_Doc pdf, FontSet *fs, size_t font,
                        const uint32_t *cps, size_t n, FontSubset *sub,
                        size_t number, Diag *d);
void pdf_font_free(PdfFont *f);

/* The font programs, made in another thread (thread_job.h) while the
 * pages are drawn; neither the fonts nor their FontSet may be freed
 * before the job is finished or abandoned. */
typedef struct PdfFontJob PdfFontJob;
/* A job for up to capacity fonts (with no helpers, done in
 * pdf_font_job_splice). */
PdfFontJob *pdf_font_job_new(size_t capacity, Helpers *helpers);
/* Begins the program of the next font (of codes code points) before the
 * font is embedded, so that it need not wait: from fonts_plan's plan,
 * which it takes (the job's thread starts with the first program and
 * takes the others as they come), or, plan NULL, made already
 * (fonts_plan_execute's, which it takes), to deflate.  It may be called
 * from a helper thread, one call at a time. */
void pdf_font_job_begin(PdfFontJob *job, FontPlan *plan, FontSubset *made,
                        size_t codes);
/* f, embedded, is the font of the program begun last. */
void pdf_font_job_font(PdfFontJob *job, PdfFont *f);
/* Waits for the job, puts the programs into file, what libharu saved of
 * their PDF (pdf_file.h), and frees the job.  Returns 0, or -1 after
 * reporting. */
int pdf_font_job_splice(PdfFontJob *job, PdfFile *file, Diag *d);
/* Waits for the job (NULL: nothing) and frees it, the PDF unfinished. */
void pdf_font_job_abandon(PdfFontJob *job);

/* Appends f's resource name ("/F1", for a Tf) to ops, page's content,
 * and names f in the page's /Resources /Font when it is not yet there. */
HPDF_STATUS pdf_font_select(PdfFont *f, HPDF_Page page, Buf *ops);
/* Appends the glyph ids of text (len bytes of UTF-8 of the code points f
 * was made for) to ops as the hex digits of a Tj's string. */
void pdf_font_show(const PdfFont *f, const char *text, size_t len, Buf *ops);

#endif
