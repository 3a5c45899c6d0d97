/* pdf_draw.h: pages drawn as PDF content before the document's fonts
 * exist (the PDF backend's first half, pdf.h).
 *
 * Owns: turning a Page's items into the operators of its content stream,
 * byte for byte what libharu 2.3.0's drawing functions write (its
 * HPDF_FToA numbers), with the checks those functions make; the page's
 * marked content (pdf_struct.h); the code points each font draws.  Two
 * things cannot be written yet: a text's glyph ids (CID = glyph id of
 * the subset, known only once the whole document's characters are) and
 * a font's resource name (F1, F2… in the order fonts are embedded).
 * Both stay as fix-ups that pdf.c resolves when it hands the page to
 * libharu.  A drawn page is about a tenth of its display list, so a
 * book's pages can be drawn as each sheet is laid out and their items
 * freed.
 */
#ifndef GOALSHEET_PDF_DRAW_H
#define GOALSHEET_PDF_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "diag.h"
#include "fonts.h"
#include "page.h"
#include "pdf_struct.h"
#include "util.h"

#define DRAW_BMP_BYTES (0x10000 / 8)

/* In a drawn page's ops: at `at`, the resource name of canonical font
 * `font` (len 0), or len bytes of UTF-8 to be shown as its glyph ids. */
typedef struct DrawFixup {
	uint32_t at, len;    /* a page's content is far below 4 GiB */
	uint32_t font;
} DrawFixup;

typedef struct DrawnPage {
	bool drawn;
	Buf ops;             /* the content stream, fix-ups left out */
	DrawFixup *fix;
	size_t nfix, fix_cap;
	PageMarks marks;     /* node numbers already final */
} DrawnPage;

typedef struct PdfDrawing {
	size_t nfonts;
	size_t *canon;       /* font -> first font with the same file */
	uint8_t (*used)[DRAW_BMP_BYTES]; /* per canonical font: BMP codes drawn */
	DrawnPage *pages;    /* by the page's index in the written document */
	size_t npages, cap;
	HPDF_STATUS error;   /* the first libharu-style error, 0 if none */
} PdfDrawing;

void drawing_init(PdfDrawing *dr, FontSet *fonts);
void drawing_free(PdfDrawing *dr);
/* Draws doc's page p.  Returns 0; -1 after reporting through d a
 * text it cannot write (a bad font index, invalid UTF-8, a character
 * beyond the BMP), or with dr->error set where libharu would have
 * refused an operand (a colour outside 0…1, a negative line width). */
int drawing_add(PdfDrawing *dr, const Doc *doc, size_t p, Diag *d);
/* The pages drawn so far become pages p + page_offset, their nodes
 * k > 1 nodes k + node_offset (doc_append). */
void drawing_move(PdfDrawing *dr, size_t page_offset, size_t node_offset);
/* The code points the canonical font draws, in order, into cps (room
 * for 0x10000); returns how many. */
size_t drawing_codes(const PdfDrawing *dr, size_t font, uint32_t *cps);
/* How many code points the canonical font draws. */
size_t drawing_code_count(const PdfDrawing *dr, size_t font);

#endif
