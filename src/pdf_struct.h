/* pdf_struct.h: the logical structure of a Doc (page.h) in PDF terms
 * (PDF 14.7–14.8, PDF/UA-1).
 *
 * Owns: marked content (each run of items of one node becomes a
 * marked-content sequence with an MCID; artifacts an /Artifact
 * sequence), the structure elements written from the Doc's nodes (one
 * per node, with their table attributes, IDs, Alt and ActualText), the
 * parent tree, the ID tree, and the entries that tie pages and link
 * annotations to the tree (StructParents, StructParent, Tabs, Contents,
 * the print flag).  Which node an item belongs to is layout's choice.
 */
#ifndef GOALSHEET_PDF_STRUCT_H
#define GOALSHEET_PDF_STRUCT_H

#include "page.h"
#include "pdf_file.h"

/* What drawing one page marked. */
typedef struct PageMarks {
	size_t *node;        /* MCID -> node */
	size_t n, cap;
	unsigned obj;        /* the page's object */
	unsigned *annot;     /* its links' annotation objects (Page.links) */
} PageMarks;

/* The operators that start a marked-content sequence of node on the
 * page (an /Artifact one for NODE_ARTIFACT), giving it the next MCID. */
void marks_begin(PageMarks *m, const Doc *doc, size_t node, Buf *ops);
#define MARKS_END "EMC\n"
void marks_free(PageMarks *m, size_t npages);

/* Adds the structure tree to f, and its entries to the pages and
 * annotations; returns the StructTreeRoot's object number. */
unsigned pdf_struct_add(PdfFile *f, const Doc *doc, const PageMarks *marks);

#endif
