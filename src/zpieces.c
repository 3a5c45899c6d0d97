/* zpieces.c: see zpieces.h. */
#include "zpieces.h"

#include <zlib.h>

#define PIECE (128 * 1024)
#define WINDOW (32 * 1024)

size_t zpieces_count(size_t len)
{
	return len == 0 ? 1 : (len + PIECE - 1) / PIECE;
}

/* How far back the strategy's matches reach: a run continues the byte
 * before; Huffman codes alone, nothing. */
static size_t reach(int strategy)
{
	return strategy == Z_RLE ? 1 : strategy == Z_HUFFMAN_ONLY ? 0 : WINDOW;
}

bool zpieces_deflate(const void *data, size_t len, size_t i, int level,
                     int strategy, Buf *out)
{
	const Bytef *bytes = data;
	size_t at = i * PIECE, n = len - at < PIECE ? len - at : PIECE;
	bool last = at + n == len;
	z_stream z = {0};
	*out = (Buf){0};
	if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy) != Z_OK)
		return false;
	size_t primed = at < reach(strategy) ? at : reach(strategy);
	bool ok = primed == 0 ||
	          deflateSetDictionary(&z, bytes + at - primed, (uInt)primed) == Z_OK;
	size_t room = deflateBound(&z, (uLong)n) + 16;
	xgrow((void **)&out->data, &out->cap, room, 1);
	z.next_in = (Bytef *)bytes + at;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->data;
	z.avail_out = (uInt)room;
	int rc = ok ? deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH) : Z_STREAM_ERROR;
	ok = last ? rc == Z_STREAM_END : rc == Z_OK && z.avail_in == 0;
	out->len = room - z.avail_out;
	deflateEnd(&z);
	return ok;
}

/* The two bytes of a zlib header for level, as deflate writes them. */
static void header(int level, Buf *out)
{
	if (level == Z_DEFAULT_COMPRESSION)
		level = 6;
	unsigned flevel = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
	unsigned h = (0x78u << 8) | (flevel << 6);
	h += 31 - h % 31;
	buf_addc(out, (char)(h >> 8));
	buf_addc(out, (char)(h & 0xFF));
}

void zpieces_join(const void *data, size_t len, int level, Buf *pieces,
                  size_t n, Buf *out)
{
	*out = (Buf){0};
	header(level, out);
	for (size_t i = 0; i < n; i++) {
		buf_add(out, pieces[i].data, pieces[i].len);
		buf_free(&pieces[i]);
	}
	uLong adler = adler32_z(adler32(0, Z_NULL, 0), data, len);
	for (int s = 24; s >= 0; s -= 8)
		buf_addc(out, (char)((adler >> s) & 0xFF));
}
