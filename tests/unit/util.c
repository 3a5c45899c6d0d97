/* tests/unit/util.c: tests of util.c's Buf formatting (buf_printf writes
 * into the buffer's spare room and formats again when the text is
 * longer), of model.c's field_name built on it, and of utf8_decode
 * (its quick path for three bytes against the plain rules, for every
 * lead and continuation byte and every length).  Prints one line per
 * failure and "util: N passed, M failed"; exits 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model.h"
#include "util.h"

static int passed, failed;

static void test_buf_printf(void)
{
	Buf b = {0};
	buf_printf(&b, "%d-%s", 42, "x");
	CHECK(b.len == 4 && strcmp(b.data, "42-x") == 0, "a short format (got \"%s\")", b.data);
	/* Longer than any spare room: the text must come whole, once. */
	char longer[301];
	memset(longer, 'a', 300);
	longer[300] = '\0';
	buf_printf(&b, "[%s]", longer);
	CHECK(b.len == 4 + 302 && b.data[4] == '[' && b.data[305] == ']' &&
	      b.data[306] == '\0' && strspn(b.data + 5, "a") == 300,
	      "a format longer than the spare room (got \"%s\")", b.data);
	size_t before = b.len;
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%03d", i);
	CHECK(b.len == before + 3000 && strncmp(b.data + before, "000001002", 9) == 0 &&
	      strcmp(b.data + b.len - 3, "999") == 0,
	      "a thousand appends, each in place (got \"%s\")", b.data + b.len - 3);
	buf_printf(&b, "%s", "");
	CHECK(b.len == before + 3000 && b.data[b.len] == '\0', "an empty format adds nothing");
	buf_free(&b);
}

static void test_field_name(void)
{
	char *top = field_name(NULL, "initiative %s", "①");
	CHECK(strcmp(top, "initiative ①") == 0, "a field without a parent (got \"%s\")", top);
	char *step = field_name(top, "step %s", "(1)");
	CHECK(strcmp(step, "initiative ①, step (1)") == 0, "a field with its parent (got \"%s\")", step);
	char *empty = field_name("", "%s", "summary");
	CHECK(strcmp(empty, "summary") == 0, "an empty parent adds no separator (got \"%s\")", empty);
	free(top);
	free(step);
	free(empty);
}

/* UTF-8 as RFC 3629 has it, byte by byte: the length taken, 0 when
 * s[0..len) does not start with a valid character. */
static size_t plain_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 :
	           (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0 || len < n)
		return 0;
	uint32_t c = n == 1 ? s[0] : s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static void test_utf8_decode(void)
{
	int wrong = 0;
	unsigned char s[4] = {0};
	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 256; b++)
			for (unsigned c = 0; c < 256; c += (a & 0xF0) == 0xE0 ? 1 : 85) {
				s[0] = (unsigned char)a;
				s[1] = (unsigned char)b;
				s[2] = (unsigned char)c;
				s[3] = 0x80;
				for (size_t len = 1; len <= 4; len++) {
					uint32_t want = 0xDEAD, got = 0xDEAD;
					size_t nw = plain_decode(s, len, &want);
					size_t ng = utf8_decode((const char *)s, len, &got);
					if ((nw != ng || (nw && want != got)) && wrong++ < 5)
						CHECK(false, "%02X %02X %02X 80 (%zu bytes): %zu U+%04X, "
						      "not %zu U+%04X", a, b, c, len, ng, (unsigned)got,
						      nw, (unsigned)want);
				}
			}
	CHECK(wrong == 0, "utf8_decode differs %d times", wrong);
	uint32_t cp = 0;
	CHECK(utf8_decode("\xE6\x97\xA5", 3, &cp) == 3 && cp == 0x65E5, "日 is U+65E5");
	CHECK(utf8_decode("\xED\xA0\x80", 3, &cp) == 0, "a surrogate is refused");
	CHECK(utf8_decode("\xE0\x9F\xBF", 3, &cp) == 0, "an overlong form is refused");
}

int main(void)
{
	test_buf_printf();
	test_field_name();
	test_utf8_decode();
	printf("util: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
