/* tests/unit/zpieces.c: a zlib stream made in pieces (zpieces.h)
 * inflates to its data; of one piece it is deflate's at the same level
 * and strategy, byte for byte; of several, hardly bigger. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "check.h"
#include "zpieces.h"

static int passed, failed;

/* len bytes of text-like data: words from a small vocabulary. */
static char *sample(size_t len, unsigned seed)
{
	static const char *const words[] = {"窓口", "BT ", "0 0 Td ", "<0A1F> Tj ",
	                                    "ET\n", "q 1 0 0 1 ", "Q\n", "重点目標"};
	char *s = malloc(len + 1);
	for (size_t i = 0; i < len;) {
		seed = seed * 1103515245 + 12345;
		const char *w = words[(seed >> 16) % 8];
		for (size_t k = 0; w[k] && i < len; k++)
			s[i++] = w[k];
	}
	return s;
}

static Buf made(const char *data, size_t len, int level, int strategy)
{
	size_t n = zpieces_count(len);
	Buf *pieces = calloc(n, sizeof *pieces);
	for (size_t i = n; i-- > 0;)       /* any order: threads finish so */
		CHECK(zpieces_deflate(data, len, i, level, strategy, &pieces[i]),
		      "piece %zu of %zu bytes", i, len);
	Buf out;
	zpieces_join(data, len, level, pieces, n, &out);
	free(pieces);
	return out;
}

/* data as one zlib stream, as compress2 makes it but for the strategy. */
static Buf one_stream(const char *data, size_t len, int level, int strategy)
{
	z_stream z = {0};
	Buf out = {0};
	if (deflateInit2(&z, level, Z_DEFLATED, 15, 8, strategy) != Z_OK)
		return out;
	uLong room = deflateBound(&z, (uLong)len);
	out.data = malloc(room);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out.data;
	z.avail_out = (uInt)room;
	if (deflate(&z, Z_FINISH) == Z_STREAM_END)
		out.len = room - z.avail_out;
	deflateEnd(&z);
	return out;
}

static void round_trip(size_t len, int level, int strategy)
{
	char *data = sample(len, (unsigned)len);
	Buf z = made(data, len, level, strategy);
	uLongf back_len = (uLongf)len + 1;
	Bytef *back = malloc(back_len);
	int rc = uncompress(back, &back_len, (Bytef *)z.data, (uLong)z.len);
	CHECK(rc == Z_OK && back_len == len && memcmp(back, data, len) == 0,
	      "%zu bytes at level %d, strategy %d (%zu pieces) inflate to the "
	      "data (zlib %d)", len, level, strategy, zpieces_count(len), rc);
	Buf one = one_stream(data, len, level, strategy);
	if (zpieces_count(len) == 1)
		CHECK(one.len == z.len && memcmp(one.data, z.data, z.len) == 0,
		      "%zu bytes at level %d, strategy %d: deflate's bytes", len, level,
		      strategy);
	else
		CHECK(z.len < one.len + one.len / 20,
		      "%zu bytes at level %d, strategy %d: %zu bytes, one stream %zu",
		      len, level, strategy, z.len, one.len);
	buf_free(&one);
	free(back);
	free(data);
	buf_free(&z);
}

int main(void)
{
	static const size_t lens[] = {0, 1, 1000, 65536, 200000, 1048576, 1048577, 2500001};
	static const int levels[] = {1, 6, Z_DEFAULT_COMPRESSION, 9};
	for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
		for (size_t k = 0; k < sizeof levels / sizeof *levels; k++)
			round_trip(lens[i], levels[k], Z_DEFAULT_STRATEGY);
		round_trip(lens[i], 1, Z_RLE);        /* font programs (font_programs.c) */
		round_trip(lens[i], 1, Z_HUFFMAN_ONLY);
	}
	printf("zpieces: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
