/* pdf_file.c: see pdf_file.h. */
#include "pdf_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>


/* Objects per object stream: a reader inflates a whole stream to reach
 * one object, so they stay moderate. */
#define OBJSTM_MAX 400

static const char HEADER[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

static PdfObject *grow(PdfFile *f, size_t need)
{
	size_t old = f->cap;
	xgrow((void **)&f->objs, &f->cap, need, sizeof *f->objs);
	memset(f->objs + old, 0, (f->cap - old) * sizeof *f->objs);
	return f->objs;
}

static const char *find(const char *from, const char *end, const char *what)
{
	size_t n = strlen(what);
	for (const char *p = from; p + n <= end; p++)
		if (memcmp(p, what, n) == 0)
			return p;
	return NULL;
}

static unsigned number_after(const char *s, const char *end, const char *key)
{
	const char *p = find(s, end, key);
	return p ? (unsigned)strtoul(p + strlen(key), NULL, 10) : 0;
}

/* One object of libharu's table: "N 0 obj\n" BODY "\nendobj\n" from
 * start to end. */
static int read_object(PdfFile *f, unsigned num, const char *start,
                       const char *end)
{
	char head[32];
	int hn = snprintf(head, sizeof head, "%u 0 obj\n", num);
	static const char tail[] = "\nendobj\n";
	size_t tn = sizeof tail - 1;
	if (end - start < hn + (long)tn || memcmp(start, head, (size_t)hn) != 0 ||
	    memcmp(end - tn, tail, tn) != 0)
		return -1;
	PdfObject *o = &f->objs[num];
	o->body = (char *)start + hn;
	o->len = (size_t)(end - tn - o->body);
	o->stream = o->len >= 9 && memcmp(o->body + o->len - 9, "endstream", 9) == 0;
	return 0;
}

int pdffile_read(PdfFile *f, char *src, size_t len)
{
	*f = (PdfFile){.src = src};
	const char *end = src + len;
	const char *sx = len > 64 ? find(end - 64, end, "startxref\n") : NULL;
	size_t at = sx ? strtoul(sx + 10, NULL, 10) : len;
	if (at + 9 >= len || memcmp(src + at, "xref\n0 ", 7) != 0)
		return -1;
	char *p;
	unsigned long count = strtoul(src + at + 7, &p, 10);
	p = strchr(p, '\n');
	if (p == NULL || count == 0 || count > 0xFFFFFF ||
	    (size_t)(end - p) < count * 20)
		return -1;
	p++;
	grow(f, count);
	f->n = count;
	size_t *offset = xcalloc(count + 1, sizeof *offset);
	for (size_t i = 0; i < count; i++) {
		const char *e = p + 20 * i;
		offset[i] = e[17] == 'n' ? strtoul(e, NULL, 10) : 0;
	}
	int rc = 0;
	/* libharu writes the objects in number order, the table after them. */
	for (size_t i = 1; i < count && rc == 0; i++) {
		size_t next = i + 1 < count ? offset[i + 1] : at;
		if (offset[i] == 0 || next <= offset[i] || next > at)
			rc = -1;
		else
			rc = read_object(f, (unsigned)i, src + offset[i], src + next);
	}
	free(offset);
	const char *trailer = p + 20 * count;
	f->root = number_after(trailer, end, "/Root ");
	f->info = number_after(trailer, end, "/Info ");
	return rc == 0 && f->root > 0 && f->root < count ? 0 : -1;
}

unsigned pdffile_reserve(PdfFile *f, size_t count)
{
	unsigned first = (unsigned)f->n;
	grow(f, f->n + count);
	f->n += count;
	return first;
}

void pdffile_set(PdfFile *f, unsigned num, char *body, bool stream)
{
	PdfObject *o = &f->objs[num];
	o->body = body;
	o->len = strlen(body);
	o->stream = stream;
	o->owned = true;
}

bool pdffile_deflate(const void *data, size_t len, int level, Buf *out)
{
	uLongf n = compressBound((uLong)len);
	*out = (Buf){0};
	xgrow((void **)&out->data, &out->cap, n + 1, 1);
	if (compress2((Bytef *)out->data, &n, data, (uLong)len, level) != Z_OK) {
		buf_free(out);
		return false;
	}
	out->len = n;
	return true;
}

unsigned pdffile_stream(PdfFile *f, const char *dict, const void *data,
                        size_t len, int level)
{
	if (level == Z_NO_COMPRESSION)
		return pdffile_stream_as_is(f, dict, data, len, false);
	Buf packed;
	unsigned num = pdffile_deflate(data, len, level, &packed)
	               ? pdffile_stream_as_is(f, dict, packed.data, packed.len, true)
	               : pdffile_stream_as_is(f, dict, data, len, false);
	buf_free(&packed);
	return num;
}

unsigned pdffile_stream_as_is(PdfFile *f, const char *dict, const void *data,
                              size_t len, bool deflated)
{
	Buf b = {0};
	buf_printf(&b, "<<%s%s/Length %zu>>\nstream\r\n", dict,
	           deflated ? "/Filter/FlateDecode" : "", len);
	buf_add(&b, data, len);
	buf_adds(&b, "\nendstream");
	unsigned num = pdffile_reserve(f, 1);
	PdfObject *o = &f->objs[num];
	o->len = b.len;
	o->body = buf_take(&b);
	o->stream = true;
	o->owned = true;
	return num;
}

int pdffile_fill_stream(PdfFile *f, unsigned num, const char *from,
                        const char *to, const void *data, size_t len)
{
	static const char EMPTY[] = "stream\r\n\nendstream";  /* libharu's */
	size_t tail = sizeof EMPTY - 1;
	PdfObject *o = num < f->n ? &f->objs[num] : NULL;
	if (o == NULL || !o->stream || o->len < tail ||
	    memcmp(o->body + o->len - tail, EMPTY, tail) != 0)
		return -1;
	size_t dict_len = o->len - tail;
	const char *at = find(o->body, o->body + dict_len, from);
	if (at == NULL)
		return -1;
	Buf b = {0};
	buf_add(&b, o->body, (size_t)(at - o->body));
	buf_adds(&b, to);
	at += strlen(from);
	buf_add(&b, at, (size_t)(o->body + dict_len - at));
	buf_adds(&b, "stream\r\n");
	buf_add(&b, data, len);
	buf_adds(&b, "\nendstream");
	if (o->owned)
		free(o->body);
	o->len = b.len;
	o->body = buf_take(&b);
	o->owned = true;
	return 0;
}

void pdffile_extend(PdfFile *f, unsigned num, const char *entries)
{
	PdfObject *o = &f->objs[num];
	char *old = o->extra;
	o->extra = xasprintf("%s%s", old ? old : "", entries);
	free(old);
}

/* The object's bytes, its added entries before its dictionary's end. */
static void put_body(Buf *out, const PdfObject *o)
{
	size_t cut = o->len;
	if (o->extra && !o->stream)
		while (cut >= 2 && memcmp(o->body + cut - 2, ">>", 2) != 0)
			cut--;
	if (!o->extra || o->stream || cut < 2) {
		buf_add(out, o->body, o->len);
		return;
	}
	buf_add(out, o->body, cut - 2);
	buf_adds(out, o->extra);
	buf_add(out, o->body + cut - 2, o->len - cut + 2);
}

/* The file as it is written: out to fd a chunk at a time, so that it
 * is never held whole (the packed copy was 16 MB of a 500-sheet book's
 * 97 MB peak heap, massif); the checksums of its /ID are kept per chunk
 * (file_id). */
typedef struct Chunk {
	uLong crc;
	size_t len;
} Chunk;

typedef struct Out {
	Buf b;               /* bytes not yet written */
	int fd;
	size_t written;      /* bytes written before b */
	uLong adler;         /* of the bytes written */
	Chunk *chunk;        /* crc32 of each chunk written */
	size_t nchunks, cap;
	int err;             /* errno of the first failure, 0 */
} Out;

#define OUT_CHUNK (256 * 1024)

static size_t out_pos(const Out *o)
{
	return o->written + o->b.len;
}

/* Writes what is held when it is a chunk's worth, or when all. */
static void out_flush(Out *o, bool all)
{
	if (o->b.len == 0 || (!all && o->b.len < OUT_CHUNK))
		return;
	xgrow((void **)&o->chunk, &o->cap, o->nchunks + 1, sizeof *o->chunk);
	o->chunk[o->nchunks++] = (Chunk){
		crc32(0, (const Bytef *)o->b.data, (uInt)o->b.len), o->b.len};
	o->adler = adler32(o->adler, (const Bytef *)o->b.data, (uInt)o->b.len);
	if (o->err == 0 && fd_write_all(o->fd, o->b.data, o->b.len) != 0)
		o->err = errno;
	o->written += o->b.len;
	o->b.len = 0;
}

/* crc32 of the written bytes [from, to): whole chunks by their crc, a
 * chunk cut by the range by reading it back. */
static uLong out_crc(Out *o, size_t from, size_t to)
{
	uLong crc = crc32(0, NULL, 0);
	for (size_t i = 0, at = 0; i < o->nchunks; at += o->chunk[i++].len) {
		size_t lo = from > at ? from : at;
		size_t hi = to < at + o->chunk[i].len ? to : at + o->chunk[i].len;
		if (lo >= hi)
			continue;
		if (lo == at && hi == at + o->chunk[i].len) {
			crc = crc32_combine(crc, o->chunk[i].crc, (z_off_t)o->chunk[i].len);
			continue;
		}
		char *part = xcalloc(hi - lo, 1);
		ssize_t got = pread(o->fd, part, hi - lo, (off_t)lo);
		if (got != (ssize_t)(hi - lo) && o->err == 0)
			o->err = got < 0 ? errno : EIO;
		crc = crc32(crc, (const Bytef *)part, (uInt)(hi - lo));
		free(part);
	}
	return crc;
}

typedef struct XrefEntry {
	unsigned char type;
	size_t field2;       /* offset, or the object stream's number */
	unsigned field3;     /* index in the object stream */
} XrefEntry;

static int deflate_buf(const Buf *in, Buf *out)
{
	return pdffile_deflate(in->data, in->len, PDF_DEFLATE_LEVEL, out) ? 0 : -1;
}

/* One object stream: the dictionaries [from, to) of the packed list,
 * numbered num, and its data, deflated by a helper. */
typedef struct ObjStm {
	size_t from, to;
	unsigned num;
	size_t first;        /* where the objects begin, after the offsets */
	Buf raw, packed;
	int rc;
} ObjStm;

static void objstm_deflate(void *arg)
{
	ObjStm *s = arg;
	s->rc = deflate_buf(&s->raw, &s->packed);
	buf_free(&s->raw);
}

/* Builds s's data and begins its deflating. */
static ThreadJob *objstm_begin(PdfFile *f, const unsigned *list, ObjStm *s,
                               XrefEntry *x, Helpers *helpers)
{
	Buf objs = {0};
	for (size_t i = s->from; i < s->to; i++) {
		pdf_put_uint(&s->raw, list[i]);
		buf_addc(&s->raw, ' ');
		pdf_put_uint(&s->raw, objs.len);
		buf_addc(&s->raw, ' ');
		put_body(&objs, &f->objs[list[i]]);
		buf_addc(&objs, '\n');
		x[list[i]] = (XrefEntry){2, s->num, (unsigned)(i - s->from)};
	}
	buf_addc(&s->raw, '\n');
	s->first = s->raw.len;
	buf_add(&s->raw, objs.data, objs.len);
	buf_free(&objs);
	return thread_job_start(helpers, objstm_deflate, s);
}

/* Writes s, deflated. */
static int objstm_write(ObjStm *s, Out *o, XrefEntry *x)
{
	x[s->num] = (XrefEntry){1, out_pos(o), 0};
	buf_printf(&o->b, "%u 0 obj\n<</Type/ObjStm/N %zu/First %zu"
	           "/Filter/FlateDecode/Length %zu>>\nstream\r\n", s->num,
	           s->to - s->from, s->first, s->packed.len);
	buf_add(&o->b, s->packed.data, s->packed.len);
	buf_adds(&o->b, "\nendstream\nendobj\n");
	buf_free(&s->packed);
	out_flush(o, false);
	return s->rc;
}

/* Object streams deflated side by side, this many at a time (each
 * holds its objects twice until written): the book's three took the
 * writer 1.0 ms one after another (zlib timed); side by side the book
 * took 0.4 ms less (201 paired runs). */
#define OBJSTM_BATCH 4

/* Packs the npacked dictionaries of list into object streams numbered
 * from *num on. */
static int object_streams(PdfFile *f, const unsigned *list, size_t npacked,
                          unsigned *num, Out *o, XrefEntry *x,
                          Helpers *helpers)
{
	int rc = 0;
	for (size_t at = 0; at < npacked;) {
		ObjStm batch[OBJSTM_BATCH] = {{0}};
		ThreadJob *jobs[OBJSTM_BATCH];
		size_t n = 0;
		while (n < OBJSTM_BATCH && at < npacked) {
			size_t to = npacked - at > OBJSTM_MAX ? at + OBJSTM_MAX : npacked;
			batch[n] = (ObjStm){.from = at, .to = to, .num = (*num)++};
			jobs[n] = objstm_begin(f, list, &batch[n], x, helpers);
			n++;
			at = to;
		}
		thread_jobs_finish(jobs, n);
		for (size_t i = 0; i < n; i++)
			rc |= objstm_write(&batch[i], o, x);
	}
	return rc;
}

static void put_field(Buf *b, size_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		buf_addc(b, (char)((v >> (8 * i)) & 0xFF));
}

/* The file's identifier: checksums of its bytes (PDF 14.4 asks only
 * that it be unlikely to repeat; a digest of the content keeps the
 * output reproducible, and zlib's checksums cost a tenth of MD5). */
static void file_id(Out *o, unsigned char id[16])
{
	out_flush(o, true);
	size_t len = o->written, half = len / 2;
	uLong sums[4] = {
		out_crc(o, 0, half),
		out_crc(o, half, len),
		o->adler,
		(uLong)len,
	};
	for (int i = 0; i < 16; i++)
		id[i] = (unsigned char)(sums[i / 4] >> (8 * (i % 4)));
}

static int xref_stream(PdfFile *f, XrefEntry *x, unsigned num, Out *o)
{
	unsigned char id[16];
	file_id(o, id);
	Buf *out = &o->b;
	x[num] = (XrefEntry){1, out_pos(o), 0};
	Buf rows = {0}, packed = {0};
	for (unsigned i = 0; i <= num; i++) {
		put_field(&rows, x[i].type, 1);
		put_field(&rows, x[i].field2, 4);
		put_field(&rows, i == 0 ? 0xFFFF : x[i].field3, 2);
	}
	int rc = deflate_buf(&rows, &packed);
	Buf ids = {0};
	pdf_hex_string(&ids, id, sizeof id);
	buf_printf(out, "%u 0 obj\n<</Type/XRef/Size %u/W [1 4 2]/Root %u 0 R",
	           num, num + 1, f->root);
	if (f->info)
		buf_printf(out, "/Info %u 0 R", f->info);
	buf_printf(out, "/ID [%s%s]/Filter/FlateDecode/Length %zu>>\nstream\r\n",
	           ids.data, ids.data, packed.len);
	buf_add(out, packed.data, packed.len);
	buf_printf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", x[num].field2);
	buf_free(&ids);
	buf_free(&rows);
	buf_free(&packed);
	return rc;
}

int pdffile_write(PdfFile *f, int fd, Helpers *helpers)
{
	size_t n = f->n;
	unsigned *packed = xcalloc(n, sizeof *packed);
	size_t npacked = 0;
	XrefEntry *x = xcalloc(n + n / OBJSTM_MAX + 3, sizeof *x);
	Out o = {.fd = fd, .adler = adler32(0, NULL, 0)};
	buf_add(&o.b, HEADER, sizeof HEADER - 1);
	for (size_t i = 1; i < n; i++) {
		const PdfObject *obj = &f->objs[i];
		if (obj->body == NULL)
			continue;       /* stays free */
		if (!obj->stream && !obj->plain) {
			packed[npacked++] = (unsigned)i;
			continue;
		}
		x[i] = (XrefEntry){1, out_pos(&o), 0};
		pdf_put_uint(&o.b, i);
		buf_adds(&o.b, " 0 obj\n");
		put_body(&o.b, obj);
		buf_adds(&o.b, "\nendobj\n");
		out_flush(&o, false);
	}
	unsigned num = (unsigned)n;
	int rc = object_streams(f, packed, npacked, &num, &o, x, helpers);
	if (rc == 0)
		rc = xref_stream(f, x, num, &o);
	out_flush(&o, true);
	free(packed);
	free(x);
	buf_free(&o.b);
	free(o.chunk);
	if (rc != 0 && o.err == 0)
		o.err = EOVERFLOW;   /* zlib refused: beyond its reach */
	errno = o.err;
	return o.err ? -1 : 0;
}

void pdffile_free(PdfFile *f)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->objs[i].owned)
			free(f->objs[i].body);
		free(f->objs[i].extra);
	}
	free(f->objs);
	free(f->src);
	memset(f, 0, sizeof *f);
}

void pdf_put_uint(Buf *b, size_t v)
{
	char digits[24];
	size_t n = 0;
	do {
		digits[sizeof digits - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	buf_add(b, digits + sizeof digits - n, n);
}

void pdf_put_ref(Buf *b, size_t num)
{
	pdf_put_uint(b, num);
	buf_add(b, " 0 R", 4);
}

void pdf_put_id(Buf *b, size_t node)
{
	char id[10] = "(h0000000";
	for (int i = 8; i >= 2 && node > 0; i--, node /= 10)
		id[i] = (char)('0' + node % 10);
	buf_add(b, id, 9);
	buf_addc(b, ')');
}

void pdf_hex_string(Buf *b, const unsigned char *bytes, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_addc(b, '<');
	for (size_t i = 0; i < len; i++) {
		buf_addc(b, hex[bytes[i] >> 4]);
		buf_addc(b, hex[bytes[i] & 15]);
	}
	buf_addc(b, '>');
}

static void utf16(Buf *b, uint32_t u)
{
	buf_addc(b, (char)(u >> 8));
	buf_addc(b, (char)(u & 0xFF));
}

void pdf_utf16be_text(Buf *b, const char *s)
{
	utf16(b, 0xFEFF);
	size_t len = strlen(s);
	for (size_t i = 0, k; i < len; i += k) {
		uint32_t cp;
		k = utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			k = 1;
			cp = 0xFFFD;
		}
		if (cp >= 0x10000) {
			utf16(b, 0xD800 + ((cp - 0x10000) >> 10));
			cp = 0xDC00 + ((cp - 0x10000) & 0x3FF);
		}
		utf16(b, cp);
	}
}

void pdf_text_string(Buf *b, const char *s)
{
	bool literal = true;
	for (const char *p = s; *p && literal; p++)
		literal = *p >= 0x20 && *p < 0x7F;
	if (literal) {
		buf_addc(b, '(');
		for (const char *p = s; *p; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *p);
		}
		buf_addc(b, ')');
		return;
	}
	Buf u = {0};
	pdf_utf16be_text(&u, s);
	pdf_hex_string(b, (const unsigned char *)u.data, u.len);
	buf_free(&u);
}
