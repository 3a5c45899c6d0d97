/* hpdf_ext.c: see hpdf_ext.h.  Checked against libharu 2.3.0. */
#include "hpdf_ext.h"

#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "pdf_file.h"
#include "util.h"

unsigned hpdf_ext_object_number(const void *obj)
{
	const HPDF_Obj_Header *h = obj;
	if (h == NULL || !(h->obj_id & HPDF_OTYPE_INDIRECT))
		return 0;
	return (unsigned)(h->obj_id & 0x00FFFFFF);
}

static HPDF_STATUS write_filter_array(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter [ /FlateDecode ]\012");
}

static HPDF_STATUS write_filter_name(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

HPDF_STATUS hpdf_ext_stream_deflated(HPDF_Dict s, const void *data, size_t len,
                                     bool libharu_form)
{
	if (s == NULL || s->stream == NULL)
		return HPDF_INVALID_OBJECT;
	/* With no filter libharu copies the bytes and drops any /Filter key. */
	s->filter = HPDF_STREAM_FILTER_NONE;
	s->write_fn = libharu_form ? write_filter_array : write_filter_name;
	return HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len);
}

HPDF_STATUS hpdf_ext_stream_deflate(HPDF_Dict s, const void *data, size_t len,
                                    int level, bool libharu_form)
{
	Buf packed;
	HPDF_STATUS st = !pdffile_deflate(data, len, level, &packed)
	                 ? HPDF_INVALID_STREAM
	                 : hpdf_ext_stream_deflated(s, packed.data, packed.len,
	                                            libharu_form);
	buf_free(&packed);
	return st;
}

HPDF_Dict hpdf_ext_page_content(HPDF_Page page)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	return attr ? attr->contents : NULL;
}

char *hpdf_ext_saved(HPDF_Doc pdf, size_t *len)
{
	HPDF_Stream s = pdf->stream;
	*len = 0;
	if (s == NULL)
		return NULL;
	HPDF_UINT count = HPDF_MemStream_GetBufCount(s);
	size_t total = 0;
	for (HPDF_UINT i = 0; i < count; i++) {
		HPDF_UINT n;
		if (HPDF_MemStream_GetBufPtr(s, i, &n) == NULL)
			return NULL;
		total += n;
	}
	char *out = xmalloc(total + 1);
	for (HPDF_UINT i = 0, at = 0; i < count; i++) {
		HPDF_UINT n;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &n);
		memcpy(out + at, p, n);
		at += n;
	}
	out[total] = '\0';
	*len = total;
	return out;
}

