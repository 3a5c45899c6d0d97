/* tests/unit/zpieces.c: a zlib stream made in pieces (zpieces.h)
 * inflates to its data; of one piece it is compress2's, byte for byte. */
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

static Buf made(const char *data, size_t len, int level)
{
	size_t n = zpieces_count(len);
	Buf *pieces = calloc(n, sizeof *pieces);
	for (size_t i = n; i-- > 0;)       /* any order: threads finish so */
		CHECK(zpieces_deflate(data, len, i, level, &pieces[i]),
		      "piece %zu of %zu bytes", i, len);
	Buf out;
	zpieces_join(data, len, level, pieces, n, &out);
	free(pieces);
	return out;
}

static void round_trip(size_t len, int level)
{
	char *data = sample(len, (unsigned)len);
	Buf z = made(data, len, level);
	uLongf back_len = (uLongf)len + 1;
	Bytef *back = malloc(back_len);
	int rc = uncompress(back, &back_len, (Bytef *)z.data, (uLong)z.len);
	CHECK(rc == Z_OK && back_len == len && memcmp(back, data, len) == 0,
	      "%zu bytes at level %d (%zu pieces) inflate to the data (zlib %d)",
	      len, level, zpieces_count(len), rc);
	if (zpieces_count(len) == 1) {
		uLongf one_len = compressBound((uLong)len);
		Bytef *one = malloc(one_len);
		compress2(one, &one_len, (Bytef *)data, (uLong)len, level);
		CHECK(one_len == z.len && memcmp(one, z.data, z.len) == 0,
		      "%zu bytes at level %d: compress2's bytes", len, level);
		free(one);
	} else {
		uLongf one_len = compressBound((uLong)len);
		Bytef *one = malloc(one_len);
		compress2(one, &one_len, (Bytef *)data, (uLong)len, level);
		CHECK(z.len < one_len + one_len / 20,
		      "%zu bytes at level %d: %zu bytes, one stream %lu", len, level,
		      z.len, (unsigned long)one_len);
		free(one);
	}
	free(back);
	free(data);
	buf_free(&z);
}

int main(void)
{
	static const size_t lens[] = {0, 1, 1000, 65536, 200000, 1048576, 1048577, 2500001};
	static const int levels[] = {1, 6, Z_DEFAULT_COMPRESSION, 9};
	for (size_t i = 0; i < sizeof lens / sizeof *lens; i++)
		for (size_t k = 0; k < sizeof levels / sizeof *levels; k++)
			round_trip(lens[i], levels[k]);
	printf("zpieces: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
