/* tests/unit/explain.c: the distance that finds what a misspelt name
 * meant (explain.h). */
#include <stdio.h>
#include <string.h>

#include "explain.h"

static int failures, checks;

static void expect_distance(const char *a, const char *b, size_t want)
{
	size_t got = explain_distance(a, b);
	checks++;
	if (got != want) {
		failures++;
		printf("not ok - distance(%s, %s) = %zu, wanted %zu\n", a, b, got, want);
	}
}

int main(void)
{
	expect_distance("period", "period", 0);
	expect_distance("peroid", "period", 1);      /* two letters swapped */
	expect_distance("Goal", "goal", 0);          /* case does not count */
	expect_distance("fiscal_year", "fiscal-year", 1);
	expect_distance("targt", "target", 1);
	expect_distance("", "goal", 4);
	expect_distance("interim", "final", 6);
	char longer[80];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	checks++;
	if (explain_distance(longer, "goal") != (size_t)-1) {
		failures++;
		puts("not ok - names past 64 bytes are never near");
	}
	printf("explain: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
