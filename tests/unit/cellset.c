/* tests/unit/cellset.c: cell setting's push-out (layout_text.h,
 * cell_push_out): every row of tests/cellset.tsv is broken by the line
 * breaker with nominal widths (typesetting.md §1), then pushed out, and
 * its lines compared with the expected ones (joined by " ⏎ "; \n in an
 * input is a forced break).  The bare breaker's own table is
 * tests/linebreak.tsv; this one is what a cell adds: no last line of a
 * single character when avoiding it is possible. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_text.h"
#include "text.h"
#include "util.h"

static int passed, failed;

static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] == 'n') {
			*w++ = '\n';
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static void row(const char *id, char *text, double em, const char *mode,
                const char *expected)
{
	unescape(text);
	size_t len = strlen(text);
	BreakMode m = strcmp(mode, "normal") == 0 ? BREAK_NORMAL : BREAK_STRICT;
	TextLines tl = {0};
	size_t bad;
	Buf got = {0};
	buf_adds(&got, "");
	if (text_break(text, len, em, m, text_nominal_width, NULL, &tl, &bad) == 0) {
		cell_push_out(text, len, em, m, text_nominal_width, NULL, &tl);
		for (size_t i = 0; i < tl.n; i++) {
			if (i)
				buf_adds(&got, " ⏎ ");
			Buf line = {0};
			text_visible(text + tl.v[i].start, tl.v[i].end - tl.v[i].start,
			             tl.v[i].hyphen, &line);
			buf_adds(&got, line.data ? line.data : "");
			buf_free(&line);
		}
	}
	if (strcmp(got.data, expected) == 0) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s: got \"%s\", wanted \"%s\"\n", id, got.data, expected);
	}
	buf_free(&got);
	text_lines_free(&tl);
}

int main(void)
{
	FILE *f = fopen("tests/cellset.tsv", "r");
	if (f == NULL) {
		printf("cellset: cannot read tests/cellset.tsv\n");
		return 1;
	}
	char buf[4096];
	while (fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		char *field[5];
		int n = 0;
		for (char *p = buf; n < 5 && p; n++) {
			field[n] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (n < 5 || strcmp(field[0], "id") == 0)
			continue;
		row(field[0], field[1], atof(field[2]), field[3], field[4]);
	}
	fclose(f);
	printf("cellset: %d passed, %d failed\n", passed, failed);
	return failed || passed < 14 ? 1 : 0;
}
