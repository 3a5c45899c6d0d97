/* xmlspan.h: where each element of an XML text lies, in bytes.
 *
 * Owns: one pass over a document's bytes that finds, for every element
 * in document order (the order of its start tags, which is libxml2's
 * document order when there is no DTD), the bytes of its start tag, of
 * its content and of its end tag.  Comments, CDATA sections, processing
 * instructions and quoted attribute values are stepped over, so a '>'
 * or '<' inside them is never taken for a tag.  Pure: no libxml2, no
 * files; sheet_edit.h uses it to replace only the elements a form
 * changed, leaving every other byte of the file as it was.  Fuzzed by
 * tests/fuzz/fuzz_xmlspan.c.
 */
#ifndef GOALSHEET_XMLSPAN_H
#define GOALSHEET_XMLSPAN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct XmlSpan {
	size_t start;        /* the '<' of the start tag */
	size_t open_end;     /* just after the start tag's '>' */
	size_t close_start;  /* the '<' of the end tag; open_end for <x/> */
	size_t end;          /* just after the end tag's '>' */
	size_t parent;       /* index of the parent element; (size_t)-1 for the root */
	bool empty;          /* written <x/> */
} XmlSpan;

/* The spans of every element of data[0..len), in document order; *n
 * gets their number.  NULL (and *n 0) when the tags do not nest (the
 * text is not well-formed as this scan sees it).  Caller frees. */
XmlSpan *xml_spans(const char *data, size_t len, size_t *n);

/* The bytes of attribute name's value inside the start tag of span
 * (between its quotes): true and *from, *to set, or false when the tag
 * has no such attribute. */
bool xml_span_attribute(const char *data, const XmlSpan *span, const char *name,
                        size_t *from, size_t *to);

#endif
