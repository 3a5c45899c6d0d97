/* pdf_file.h: a PDF's objects between libharu and the file goalsheet
 * writes.
 *
 * Owns: reading the objects of the file libharu 2.3.0 saves (numbered
 * objects and a classic cross-reference table), adding entries to its
 * dictionaries and adding objects of our own (the structure tree,
 * metadata, embedded sources), and writing the result as PDF 1.7 with
 * every dictionary packed into compressed object streams, a
 * cross-reference stream and an /ID that is a digest of the content (so
 * the same input gives the same bytes).  Packing is why tagging costs
 * little: libharu writes each object in the clear, with its own entry in
 * the cross-reference table, while the structure tree is thousands of
 * small dictionaries.  Also PDF text strings (PDF 7.9.2.2).
 */
#ifndef GOALSHEET_PDF_FILE_H
#define GOALSHEET_PDF_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "thread_job.h"
#include "util.h"

/* zlib's level for everything the writer deflates (page content,
 * ToUnicode maps, object streams, sources, the sRGB profile; font
 * programs with run lengths only, font_programs.c): its fastest.  Page
 * content at libharu's level 6 took 5.7 ms of the book's 28 on the
 * writer's thread, at 1 it takes 2.2 ms, the file 14.8 KB (4 %) larger. */
#define PDF_DEFLATE_LEVEL 1

/* data[0..len) as one zlib stream at level into *out (made here); false,
 * *out empty, when zlib refuses. */
bool pdffile_deflate(const void *data, size_t len, int level, Buf *out);

typedef struct PdfObject {
	char *body;          /* what stands between "N 0 obj" and "endobj" */
	size_t len;
	bool stream;         /* a stream: never packed */
	bool plain;          /* kept out of object streams (found by a scan) */
	bool owned;          /* body is ours to free, not in libharu's bytes */
	char *extra;         /* entries added to its dictionary, or NULL */
} PdfObject;

typedef struct PdfFile {
	char *src;           /* libharu's bytes; bodies it read point here */
	PdfObject *objs;     /* [0] is the free head */
	size_t n, cap;
	unsigned root, info; /* the catalog and the document information */
} PdfFile;

/* Takes src (len bytes, malloc'd), libharu's saved file.  Returns 0, or
 * -1 when it is not the shape libharu 2.3.0 writes. */
int pdffile_read(PdfFile *f, char *src, size_t len);
/* Reserves count new object numbers; returns the first. */
unsigned pdffile_reserve(PdfFile *f, size_t count);
/* Gives a reserved object its body (a dictionary, or a dictionary with
 * its stream); takes body. */
void pdffile_set(PdfFile *f, unsigned num, char *body, bool stream);
/* A new stream object: dict holds the entries (without << >>, without
 * /Length), data its len bytes, deflated at zlib's level (0: stored). */
unsigned pdffile_stream(PdfFile *f, const char *dict, const void *data,
                        size_t len, int level);
/* As pdffile_stream, with data already deflated (/Filter /FlateDecode)
 * when deflated is true, else stored. */
unsigned pdffile_stream_as_is(PdfFile *f, const char *dict, const void *data,
                              size_t len, bool deflated);
/* Gives the stream object num, written by libharu with no data, its
 * data (len bytes, as its dictionary's filter says), the text from in
 * its dictionary becoming to.  Its /Length object is the caller's to
 * set.  Returns 0, or -1 when num is not such a stream or from is not
 * in its dictionary. */
int pdffile_fill_stream(PdfFile *f, unsigned num, const char *from,
                        const char *to, const void *data, size_t len);
/* Adds entries ("/Key value…") to the dictionary object num. */
void pdffile_extend(PdfFile *f, unsigned num, const char *entries);
/* Writes the whole file to fd, which must also be readable (the /ID
 * digest reads a piece back); its object streams are deflated by
 * helpers (NULL: here).  Returns 0, or -1 with errno set: a write
 * failed, or EOVERFLOW: beyond zlib's reach. */
int pdffile_write(PdfFile *f, int fd, Helpers *helpers);
void pdffile_free(PdfFile *f);

/* Fast appenders for the many numbers of a structure tree (buf_printf
 * costs thousands of instructions a call): a decimal, "N 0 R", and an
 * element ID "(hNNNNNNN)". */
void pdf_put_uint(Buf *b, size_t v);
void pdf_put_ref(Buf *b, size_t num);
void pdf_put_id(Buf *b, size_t node);

/* s as a PDF text string: a literal for printable ASCII, else UTF-16BE
 * with a byte order mark, in hex. */
/* s (UTF-8) as UTF-16BE with a byte order mark, surrogate pairs beyond
 * the BMP, U+FFFD for bytes that are not UTF-8: the one encoder of PDF
 * text strings, used by pdf_text_string and by pdf.c's libharu objects. */
void pdf_utf16be_text(Buf *b, const char *s);
void pdf_text_string(Buf *b, const char *s);
/* bytes as a hex string. */
void pdf_hex_string(Buf *b, const unsigned char *bytes, size_t len);

#endif
