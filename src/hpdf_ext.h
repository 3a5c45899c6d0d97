/* hpdf_ext.h: what goalsheet needs of libharu beyond its public API.
 *
 * Owns: every access of the PDF writer to libharu's internal structures
 * for tagging and PDF/A (marked content, object numbers, the saved
 * bytes).  Each is needed because libharu 2.3.0's public API has no way
 * to do it; each was checked against libharu 2.3.0 (Debian 12,
 * libhpdf-2.3.0) and its installed internal headers (hpdf_objects.h,
 * hpdf_pages.h, hpdf_doc.h, hpdf_streams.h).  A new libharu must be
 * checked here first.  pdf.c still reaches into fonts (ToUnicode,
 * CIDSystemInfo, font program) itself.
 * TODO: move those accesses here too, once the font path (CID = glyph
 * id) has settled.
 */
#ifndef GOALSHEET_HPDF_EXT_H
#define GOALSHEET_HPDF_EXT_H

#include <stdbool.h>
#include <stddef.h>

#include <hpdf.h>

/* The object number libharu gave an indirect object (a page, an
 * annotation): structure elements, the parent tree and annotations
 * refer to them.  libharu keeps it in the object header's obj_id, with
 * flags in the high byte; 0 for an object that is not indirect. */
unsigned hpdf_ext_object_number(const void *obj);

/* Gives the stream dictionary s its data already deflated (len bytes),
 * which libharu then writes as they are: its FlateDecode filter would
 * deflate them again, so s's filter is none, and its /Filter entry is
 * written by the dictionary's write hook instead, in libharu's own form
 * ("/Filter [ /FlateDecode ]") when libharu_form, else as
 * "/Filter /FlateDecode". */
HPDF_STATUS hpdf_ext_stream_deflated(HPDF_Dict s, const void *data, size_t len,
                                     bool libharu_form);
/* The same with data not yet deflated: deflated here at level.  libharu
 * deflates at zlib's default level, in 4 KiB steps, when the document is
 * saved: the book's two ToUnicode maps took the writer's thread 0.8 ms
 * there (zlib timed); at level 1 here the book took 0.4 ms less (151
 * paired runs). */
HPDF_STATUS hpdf_ext_stream_deflate(HPDF_Dict s, const void *data, size_t len,
                                    int level, bool libharu_form);

/* The page's content stream (HPDF_PageAttr's contents). */
HPDF_Dict hpdf_ext_page_content(HPDF_Page page);

/* The document's saved bytes after HPDF_SaveToStream, copied into one
 * malloc'd buffer (*len bytes); NULL if none.  libharu keeps them in the
 * document's memory stream, pdf->stream. */
char *hpdf_ext_saved(HPDF_Doc pdf, size_t *len);

#endif
