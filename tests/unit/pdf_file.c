/* tests/unit/pdf_file.c: a stream libharu wrote empty is filled in the
 * saved file (pdffile_fill_stream), as the font programs are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pdf_file.h"
#include "util.h"

static int passed, failed;

/* A file of the shape libharu 2.3.0 saves: a catalog, an empty font
 * program stream and its /Length object. */
static char *libharu_file(size_t *len)
{
	static const char *const objs[] = {
		"1 0 obj\n<<\n/Type /Catalog\n>>\nendobj\n",
		"2 0 obj\n<<\n/Length 3 0 R\n/Length1 0\n/Filter /FlateDecode\n>>\n"
		"stream\r\n\nendstream\nendobj\n",
		"3 0 obj\n0\nendobj\n",
	};
	Buf b = {0};
	size_t at[3];
	buf_adds(&b, "%PDF-1.3\n");
	for (size_t i = 0; i < 3; i++) {
		at[i] = b.len;
		buf_adds(&b, objs[i]);
	}
	size_t xref = b.len;
	buf_adds(&b, "xref\n0 4\n0000000000 65535 f\r\n");
	for (size_t i = 0; i < 3; i++)
		buf_printf(&b, "%010zu 00000 n\r\n", at[i]);
	buf_printf(&b, "trailer\n<<\n/Root 1 0 R\n/Size 4\n>>\nstartxref\n%zu\n%%%%EOF\n",
	           xref);
	*len = b.len;
	return buf_take(&b);
}

static bool body_is(const PdfFile *f, unsigned num, const char *want)
{
	const PdfObject *o = &f->objs[num];
	return o->len == strlen(want) && memcmp(o->body, want, o->len) == 0;
}

static bool body_starts(const PdfFile *f, unsigned num, const char *want)
{
	const PdfObject *o = &f->objs[num];
	return o->len >= strlen(want) && memcmp(o->body, want, strlen(want)) == 0;
}

static void test_fill_stream(void)
{
	size_t len;
	char *src = libharu_file(&len);
	PdfFile f;
	CHECK(pdffile_read(&f, src, len) == 0, "the file reads");
	CHECK(pdffile_fill_stream(&f, 2, "/Length1 0\n", "/Length1 11\n", "x\0y", 3)
	      == 0, "the empty stream is filled");
	CHECK(body_starts(&f, 2, "<<\n/Length 3 0 R\n/Length1 11\n/Filter "
	                  "/FlateDecode\n>>\nstream\r\nx"),
	      "the dictionary changed where asked");
	CHECK(f.objs[2].len == strlen("<<\n/Length 3 0 R\n/Length1 11\n/Filter "
	      "/FlateDecode\n>>\nstream\r\n") + 3 + strlen("\nendstream") &&
	      memcmp(f.objs[2].body + f.objs[2].len - 13, "x\0y\nendstream", 13) == 0,
	      "the data, NUL and all, then endstream");
	CHECK(pdffile_fill_stream(&f, 2, "/Length1 0\n", "x", "", 0) == -1,
	      "a stream with data is not filled again");
	CHECK(pdffile_fill_stream(&f, 1, "/Type", "/Type", "", 0) == -1,
	      "a dictionary is not a stream");
	CHECK(pdffile_fill_stream(&f, 9, "/Type", "/Type", "", 0) == -1,
	      "an object beyond the file");
	pdffile_free(&f);
	src = libharu_file(&len);
	CHECK(pdffile_read(&f, src, len) == 0, "the file reads again");
	CHECK(pdffile_fill_stream(&f, 2, "/Length2 0\n", "x", "", 0) == -1,
	      "text not in the dictionary");
	CHECK(body_is(&f, 2, "<<\n/Length 3 0 R\n/Length1 0\n/Filter /FlateDecode\n>>\n"
	              "stream\r\n\nendstream"), "a refused fill changes nothing");
	pdffile_free(&f);
}

int main(void)
{
	test_fill_stream();
	printf("pdf_file: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
