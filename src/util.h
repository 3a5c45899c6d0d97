/* util.h: allocation that cannot fail, growable byte buffers, UTF-8.
 *
 * Owns: nothing global.  Allocation failure ends the program with a
 * message (as mandoc does), so no other module checks malloc's result.
 */
#ifndef GOALSHEET_UTIL_H
#define GOALSHEET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *items (of elem_size bytes) so that it can hold need elements.
 * Inline, because it is called millions of times and almost never has
 * to grow: the call itself cost the 105-sheet book 49 M instructions
 * (callgrind). */
void xgrow_to(void **items, size_t *cap, size_t need, size_t elem_size);
static inline void xgrow(void **items, size_t *cap, size_t need, size_t elem_size)
{
	if (need > *cap)
		xgrow_to(items, cap, need, elem_size);
}
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The most goalsheet reads of one input, a file or a pipe (a real sheet
 * is under 20 kB): beyond it the input is refused, never swallowed. */
#define MAX_INPUT_BYTES (8L * 1024 * 1024)

/* Milliseconds on a clock that never jumps (for durations). */
double monotonic_ms(void);

/* A growable, always NUL-terminated byte string. */
typedef struct Buf {
	char *data;
	size_t len, cap;
} Buf;

void buf_add(Buf *b, const char *s, size_t n);
void buf_adds(Buf *b, const char *s);
void buf_addc(Buf *b, char c);
void buf_add_utf8(Buf *b, uint32_t cp);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the string to the caller (never NULL) and empties b. */
char *buf_take(Buf *b);
void buf_free(Buf *b);

/* Encodes cp (at most U+10FFFF) as UTF-8 into out; returns its length. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Decodes one UTF-8 sequence at s (len bytes available).  Returns its
 * length and stores the code point, or returns 0 for an invalid or
 * truncated sequence (overlongs and surrogates are invalid). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* True if the whole string is valid UTF-8; *bad_offset gets the first bad byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Columns a terminal gives s: two for East Asian wide and full-width
 * characters (and "…", ambiguous, taken as wide), one for others. */
size_t utf8_columns(const char *s);
/* s cut to at most cols columns, ending in "…" when cut.  Caller frees. */
char *utf8_fit(const char *s, size_t cols);
/* The part of path after its last '/' (all of it when there is none). */
const char *path_base(const char *path);
/* The folder of path: "." when it has none, "/" for "/x".  Caller frees. */
char *path_dir(const char *path);

/* Writes all n bytes to fd, again after EINTR; 0, or -1 with errno set. */
int fd_write_all(int fd, const void *p, size_t n);
/* Reads a whole file; NULL with errno set on failure. */
char *read_file(const char *path, size_t *len);

#endif
