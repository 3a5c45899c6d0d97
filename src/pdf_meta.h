/* pdf_meta.h: what makes the PDF a PDF/A-3a and PDF/UA-1 document
 * besides its structure (ISO 19005-3, ISO 14289-1).
 *
 * Owns: the document information dictionary and its twin in XMP
 * metadata (with pdfaid, pdfuaid and the PDF/A extension schema that
 * declares pdfuaid), the sRGB output intent (the profile of Debian's
 * icc-profiles-free), the catalog's Lang, MarkInfo, ViewerPreferences,
 * and the sources embedded as associated files (AFRelationship Source),
 * whose file specifications stay outside object streams so that
 * `goalsheet extract` (cmd_extract.h) finds them by a scan.  libharu's
 * own PDF/A and attachment functions are not used: they write PDF/A-1
 * with wrong key case, a clock-based /ID, /Type /F for file specs, and
 * fail on UTF-16 info strings.
 */
#ifndef GOALSHEET_PDF_META_H
#define GOALSHEET_PDF_META_H

#include "diag.h"
#include "page.h"
#include "pdf_file.h"
#include "thread_job.h"

/* The sRGB profile (icc-profiles-free). */
#define SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"
/* The language of every sheet. */
#define DOC_LANG "ja-JP"

/* The start of an embedded source's file specification, as written. */
#define FILESPEC_MARK "<</Type/Filespec/F "
/* The start of its embedded file stream's dictionary. */
#define EMBEDDED_MARK "<</Type/EmbeddedFile/Subtype/application#2Fxml/Params <</Size "

/* The sources deflated by a job (thread_job.h) while the pages are
 * written; info's sources must stay until pdf_meta_sources_free. */
typedef struct PdfSources PdfSources;
PdfSources *pdf_meta_sources_start(const DocInfo *info, Helpers *helpers);
/* Waits for the job if it still runs, and frees. */
void pdf_meta_sources_free(PdfSources *s);

/* Adds the information, metadata, output intent and sources of doc
 * (deflated by sources, made from info) to f and points the catalog at
 * them and at the structure tree.  Returns 0, or -1 after reporting a
 * system error (no sRGB profile). */
int pdf_meta_add(PdfFile *f, const DocInfo *info, PdfSources *sources,
                 unsigned struct_root, Diag *d);

#endif
