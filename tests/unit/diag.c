/* tests/unit/diag.c: tests of diag.c: a silent Diag (out NULL) counts
 * without printing, diag_system included; every line escapes control
 * characters (ESC, CSI, other C0/C1, DEL, bytes that are not UTF-8) and
 * keeps other text as it is.  Prints one line per failure and
 * "diag: N passed, M failed"; exits 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static int passed, failed;

static void check(int ok, const char *what, const char *got)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	fprintf(stderr, "FAIL: %s (got \"%s\")\n", what, got ? got : "");
}

/* What f's lines were, as one string (caller frees). */
static char *contents(FILE *f)
{
	fflush(f);
	long n = ftell(f);
	char *s = calloc(1, (size_t)n + 1);
	rewind(f);
	if (fread(s, 1, (size_t)n, f) != (size_t)n)
		s[0] = '\0';
	return s;
}

static void test_silent(void)
{
	Diag d;
	diag_init(&d, NULL);
	diag_system(&d, "cannot read '%s': %s", "x.xml", "No such file");
	check(diag_exit_status(&d) == 2, "a silent diag_system gives status 2", NULL);
	diag_at(&d, DIAG_ERROR, "x.xml", 3, 4, NULL, "bad");
	diag_at(&d, DIAG_WARNING, "x.xml", 3, 4, "goal", "long");
	check(d.errors == 1 && d.warnings == 1, "a silent Diag counts", NULL);
}

static void test_escapes(void)
{
	FILE *f = tmpfile();
	Diag d;
	diag_init(&d, f);
	diag_system(&d, "cannot read '%s'", "a\x1b]0;t\x07" "b.xml");
	diag_at(&d, DIAG_ERROR, "c\xc2\x9b" "2J.xml", 2, 1, "goal",
	        "「%s」 and \xe7\xaa\x93\xe5\x8f\xa3", "x\x7f\xc2\x85y\tz\n");
	diag_line(f, "[1/2] %s", "raw \x9b byte");
	char *s = contents(f);
	fclose(f);
	check(strstr(s, "goalsheet: error: cannot read 'a\\u001B]0;t\\u0007b.xml'\n") != NULL,
	      "ESC and BEL in diag_system", s);
	check(strstr(s, "c\\u009B2J.xml:2:1: error: goal: ") != NULL,
	      "CSI in the file name of diag_at", s);
	check(strstr(s, "「x\\u007F\\u0085y\\u0009z\\u000A」 and 窓口\n") != NULL,
	      "DEL, NEL, tab and newline escaped, Japanese kept", s);
	check(strstr(s, "[1/2] raw \\x9B byte\n") != NULL,
	      "a byte that is not UTF-8 in diag_line", s);
	check(strchr(s, '\x1b') == NULL && strstr(s, "\xc2\x9b") == NULL,
	      "no raw ESC or CSI", s);
	free(s);
}

int main(void)
{
	test_silent();
	test_escapes();
	printf("diag: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
