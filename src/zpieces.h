/* zpieces.h: one zlib stream (RFC 1950) deflated in pieces that
 * threads can make at the same time, as pigz does, and joined.
 *
 * Owns: the cut into pieces and the joining.  Each piece is a raw
 * deflate of PIECE (128 KiB) bytes of the data, primed with what the
 * strategy's matches can reach before it (32 KiB; a run-length match
 * the byte before), so that it compresses almost as well as one stream,
 * ending on a byte boundary (a sync flush) but for the last, which ends
 * the stream; the join adds the zlib header and the Adler-32 of the
 * whole.  A stream of one piece is byte for byte deflate's at the same
 * level and strategy (compress2's, with the default strategy).
 */
#ifndef GOALSHEET_ZPIECES_H
#define GOALSHEET_ZPIECES_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* How many pieces len bytes are cut into (at least 1). */
size_t zpieces_count(size_t len);
/* Deflates piece i of data[0..len) at level with zlib's strategy
 * (Z_DEFAULT_STRATEGY, Z_RLE, ...) into *out (made here).  Returns false
 * when zlib fails. */
bool zpieces_deflate(const void *data, size_t len, size_t i, int level,
                     int strategy, Buf *out);
/* The zlib stream of data[0..len) at level from its pieces, into *out
 * (made here); the pieces are freed. */
void zpieces_join(const void *data, size_t len, int level, Buf *pieces,
                  size_t n, Buf *out);

#endif
