/* tests/unit/util.c: tests of util.c's Buf formatting (buf_printf writes
 * into the buffer's spare room and formats again when the text is
 * longer) and of model.c's field_name built on it.  Prints one line per
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

int main(void)
{
	test_buf_printf();
	test_field_name();
	printf("util: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
