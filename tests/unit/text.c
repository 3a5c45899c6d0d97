/* tests/unit/text.c: tests of text.c (typesetting.md §1–§4, §6) and of
 * `goalsheet wrap` (§7).
 *
 * Runs every row of tests/linebreak.tsv (from the repository root)
 * through wrap_run and through text_collapse + text_break, then unit
 * tests of the pieces: §2's table, clusters, widths, classes, vertical
 * forms, forced breaks, errors.  Prints one line per failure and
 * "text: N passed, M failed"; exits 1 on any failure.
 *
 * linebreak.tsv: a header row, then id, input, em, mode (empty: strict),
 * label (empty: none), expected lines joined by " ⏎ ".  Fields use the
 * escapes \n, \t and \\.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <unicode/uchar.h>

#include "cmd_wrap.h"
#include "text.h"
#include "util.h"

#define TABLE "tests/linebreak.tsv"
#define LINE_SEP " \xE2\x8F\x8E "   /* " ⏎ " */

typedef struct Tally {
	int passed, failed;
} Tally;

static void check(Tally *t, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void check(Tally *t, bool ok, const char *fmt, ...)
{
	if (ok) {
		t->passed++;
		return;
	}
	t->failed++;
	fputs("text: FAIL: ", stdout);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

/* ------------------------------------------------------------------ */
/* The table                                                            */

static char *unescape(const char *s, size_t len)
{
	Buf b = {0};
	buf_add(&b, "", 0);
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\\' || i + 1 == len) {
			buf_addc(&b, s[i]);
			continue;
		}
		char c = s[++i];
		buf_addc(&b, c == 'n' ? '\n' : c == 't' ? '\t' : c);
	}
	return buf_take(&b);
}

/* Output lines ("a\nb\n") shown as the table writes them ("a ⏎ b"). */
static char *shown(const char *out)
{
	Buf b = {0};
	buf_add(&b, "", 0);
	size_t len = strlen(out);
	for (size_t i = 0; i < len; i++) {
		if (out[i] != '\n')
			buf_addc(&b, out[i]);
		else if (i + 1 < len)
			buf_adds(&b, LINE_SEP);
	}
	return buf_take(&b);
}

/* "a ⏎ b" -> "a\nb\n" (unescaped); "" -> "" (no lines). */
static char *expected_output(const char *field)
{
	Buf b = {0};
	buf_add(&b, "", 0);
	const char *p = field;
	while (*p != '\0') {
		const char *sep = strstr(p, LINE_SEP);
		size_t n = sep ? (size_t)(sep - p) : strlen(p);
		char *line = unescape(p, n);
		buf_adds(&b, line);
		buf_addc(&b, '\n');
		free(line);
		p += n;
		if (sep)
			p += strlen(LINE_SEP);
	}
	return buf_take(&b);
}

typedef struct Row {
	char *id, *input, *label, *expected;
	double em;
	BreakMode mode;
} Row;

static void row_free(Row *r)
{
	free(r->id);
	free(r->input);
	free(r->label);
	free(r->expected);
}

/* Splits one table line into a Row; false if it is malformed. */
static bool parse_row(const char *line, size_t len, Row *r)
{
	const char *f[6];
	size_t n[6];
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= len && k < 6; i++) {
		if (i == len || line[i] == '\t') {
			f[k] = line + start;
			n[k++] = i - start;
			start = i + 1;
		}
	}
	if (k != 6 || start <= len)
		return false;
	char *em = unescape(f[2], n[2]), *mode = unescape(f[3], n[3]);
	char *raw_exp = xstrndup(f[5], n[5]);   /* unescaped line by line */
	*r = (Row){
		.id = unescape(f[0], n[0]), .input = unescape(f[1], n[1]),
		.label = unescape(f[4], n[4]), .expected = expected_output(raw_exp),
		.em = strtod(em, NULL),
		.mode = strcmp(mode, "normal") == 0 ? BREAK_NORMAL : BREAK_STRICT,
	};
	bool ok = r->em > 0 && (mode[0] == '\0' || strcmp(mode, "normal") == 0 ||
	                        strcmp(mode, "strict") == 0);
	free(raw_exp);
	free(em);
	free(mode);
	return ok;
}

/* The row through wrap_run, as `goalsheet wrap` runs it. */
static char *run_wrap(const Row *r, int *status)
{
	static char empty[1];
	size_t in_len = strlen(r->input);
	FILE *in = fmemopen(in_len ? r->input : empty, in_len ? in_len : 1, "r");
	if (in_len == 0)
		fgetc(in);       /* fmemopen needs a size; start at its end */
	char *text = NULL;
	size_t text_len = 0;
	FILE *out = open_memstream(&text, &text_len);
	*status = wrap_run(in, out, r->em, r->mode, r->label,
	                   text_nominal_width, NULL);
	fclose(in);
	fclose(out);
	return text;
}

/* The row through the library directly, checking each line's width. */
static char *run_library(const Row *r, Tally *t)
{
	char *text = text_collapse(r->input, strlen(r->input));
	double hang = text_width(r->label, strlen(r->label),
	                         text_nominal_width, NULL);
	double width = r->em - hang;
	TextLines lines = {0};
	size_t bad;
	Buf b = {0};
	buf_add(&b, "", 0);
	if (text_break(text, strlen(text), width, r->mode, text_nominal_width,
	               NULL, &lines, &bad) != 0)
		buf_adds(&b, "(error)");
	for (size_t i = 0; i < lines.n; i++) {
		const TextLine *l = &lines.v[i];
		double w = text_width(text + l->start, l->end - l->start,
		                      text_nominal_width, NULL) +
		           (l->hyphen ? text_nominal_width(NULL, TEXT_HYPHEN,
		                                           strlen(TEXT_HYPHEN)) : 0);
		check(t, w == l->width && w <= width, "%s: line %zu is %g em "
		      "(reported %g, room %g)", r->id, i + 1, w, l->width, width);
		if (i == 0)
			buf_adds(&b, r->label);
		buf_add(&b, text + l->start, l->end - l->start);
		if (l->hyphen)
			buf_adds(&b, TEXT_HYPHEN);
		buf_addc(&b, '\n');
	}
	text_lines_free(&lines);
	free(text);
	return buf_take(&b);
}

static void run_row(Tally *t, const Row *r)
{
	int status;
	char *wrapped = run_wrap(r, &status);
	char *direct = run_library(r, t);
	bool ok = status == 0 && strcmp(wrapped, r->expected) == 0 &&
	          strcmp(direct, r->expected) == 0;
	char *want = shown(r->expected);
	char *got = shown(strcmp(wrapped, r->expected) ? wrapped : direct);
	check(t, ok, "%s: expected \"%s\", got \"%s\"%s", r->id, want, got,
	      status ? " (wrap failed)" : "");
	free(want);
	free(got);
	free(wrapped);
	free(direct);
}

static void test_table(Tally *t)
{
	size_t len;
	char *data = read_file(TABLE, &len);
	check(t, data != NULL, "cannot read %s", TABLE);
	if (data == NULL)
		return;
	int rows = 0;
	for (size_t i = 0, line = 1; i < len; line++) {
		char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
		bool header = strncmp(data + i, "id\t", 3) == 0;
		if (n > 0 && data[i] != '#' && !header) {
			Row r = {0};
			if (parse_row(data + i, n, &r)) {
				run_row(t, &r);
				rows++;
			} else {
				check(t, false, "%s:%zu: malformed row", TABLE, line);
			}
			row_free(&r);
		}
		i += n + 1;
	}
	free(data);
	check(t, rows >= 60, "%s has %d rows; at least 60 expected", TABLE, rows);
}

/* ------------------------------------------------------------------ */
/* Pieces                                                               */

static void expect_collapse(Tally *t, const char *raw, const char *want)
{
	char *got = text_collapse(raw, strlen(raw));
	check(t, strcmp(got, want) == 0, "collapse \"%s\": expected \"%s\", "
	      "got \"%s\"", raw, want, got);
	free(got);
}

/* Every row of typesetting.md §2's table, and §3.6's zero-width rule. */
static void test_collapse(Tally *t)
{
	expect_collapse(t, " \t\n 東京 \r\n", "東京");        /* start, end */
	expect_collapse(t, "", "");
	expect_collapse(t, " \n\t", "");
	expect_collapse(t, "東京 大阪", "東京大阪");            /* F–F */
	expect_collapse(t, "東京\n大阪", "東京大阪");
	expect_collapse(t, "東京 (1)", "東京(1)");              /* F–P */
	expect_collapse(t, "(1) 将来", "(1)将来");              /* P–F */
	expect_collapse(t, "東京 Tokyo", "東京 Tokyo");         /* F–L */
	expect_collapse(t, "東京\nTokyo", "東京Tokyo");
	expect_collapse(t, "東京\r Tokyo", "東京Tokyo");
	expect_collapse(t, "東京\t\tTokyo", "東京 Tokyo");
	expect_collapse(t, "Tokyo 東京", "Tokyo 東京");         /* L–F */
	expect_collapse(t, "Tokyo \n 東京", "Tokyo東京");
	expect_collapse(t, "Tokyo\r東京", "Tokyo東京");
	expect_collapse(t, "Open\n  Data\tPortal", "Open Data Portal");  /* L–L */
	expect_collapse(t, "abc\n(d)", "abc (d)");              /* L–P */
	expect_collapse(t, "(d)\nabc", "(d) abc");              /* P–L */
	expect_collapse(t, "(a)\n\n(b)", "(a) (b)");            /* P–P */
	expect_collapse(t, "件\u3000 107人", "件\u3000 107人");  /* U+3000 is F */
	expect_collapse(t, "\u3000あ\u3000", "\u3000あ\u3000"); /* and content */
	expect_collapse(t, "住民票 4.3％", "住民票 4.3％");
	expect_collapse(t, "東京\u200B 京都", "東京\u200B京都");  /* §3.6 */
	expect_collapse(t, "Tokyo\u200B\nKyoto", "Tokyo\u200B Kyoto");
	expect_collapse(t, "e\u0301\nb", "e\u0301 b");
	expect_collapse(t, "\u200B a", "\u200Ba");               /* start */
	expect_collapse(t, "a \u200B", "a\u200B");               /* end */
	expect_collapse(t, "a \u200B b", "a \u200B b");
}

static void expect_clusters(Tally *t, const char *s, const size_t *ends,
                            size_t n)
{
	size_t len = strlen(s), pos = 0, i = 0;
	bool ok = true;
	for (; pos < len && i < n; i++) {
		pos = text_next_cluster(s, len, pos);
		ok &= pos == ends[i];
	}
	ok &= pos == len && i == n;
	check(t, ok, "clusters of \"%s\": cluster %zu ends at %zu", s, i, pos);
}

#define CLUSTERS(t, s, ...) do { \
	const size_t ends_[] = {__VA_ARGS__}; \
	expect_clusters(t, s, ends_, sizeof ends_ / sizeof ends_[0]); \
} while (0)

static void test_clusters(Tally *t)
{
	CLUSTERS(t, "ab", 1, 2);
	CLUSTERS(t, "\r\n\n", 2, 3);                             /* GB3–GB5 */
	CLUSTERS(t, "\xEF\xBD\xB6\xEF\xBE\x9E" "a", 6, 7);      /* ｶﾞ */
	CLUSTERS(t, "か\u3099あ", 6, 9);                          /* GB9 */
	CLUSTERS(t, "e\u0301\u0302x", 5, 6);
	CLUSTERS(t, "\u1100\u1161\u11A8\u1100", 9, 12);          /* GB6–GB8 */
	CLUSTERS(t, "\uAC00\u11A8a", 6, 7);                      /* LV T */
	CLUSTERS(t, "\u0915\u093E\u0915", 6, 9);                 /* GB9a */
	CLUSTERS(t, "\u0600" "1a", 3, 4);                        /* GB9b */
	CLUSTERS(t, "\U0001F468\u200D\U0001F469\u200D\U0001F467!", 18, 19);
	CLUSTERS(t, "\U0001F44D\U0001F3FD\U0001F44D", 8, 12);   /* modifier */
	/* GB11 joins after an ExtPict only */
	CLUSTERS(t, "a\u200D\U0001F469", 4, 8);
	CLUSTERS(t, "\U0001F1EF\U0001F1F5\U0001F1FA\U0001F1F8\U0001F1EF",
	         8, 16, 20);                                     /* GB12, GB13 */
	CLUSTERS(t, "a\u200Bb", 1, 4, 5);                        /* Cf is Control */
	CLUSTERS(t, "\xFF" "a", 1, 2);                           /* bad byte */
	check(t, text_next_cluster("ab", 2, 2) == 2, "cluster at the end");
}

static void expect_width(Tally *t, const char *s, double want)
{
	double got = text_width(s, strlen(s), text_nominal_width, NULL);
	check(t, got == want, "width of \"%s\": expected %g, got %g", s, want, got);
}

static void test_widths(Tally *t)
{
	expect_width(t, "a", 0.5);
	expect_width(t, "あ", 1);
	expect_width(t, "\xEF\xBD\xB6\xEF\xBE\x9E", 1);   /* ｶﾞ */
	expect_width(t, "が", 1);
	expect_width(t, "か\u3099", 1);
	expect_width(t, "e\u0301", 0.5);
	expect_width(t, "①○※…‥―—", 7);
	expect_width(t, "\u3000", 1);
	expect_width(t, "\u200B\u2060", 0);
	expect_width(t, "αβ", 1);                          /* A letters: half */
	expect_width(t, "\U0001F468\u200D\U0001F469", 2);  /* sum of the parts */
	expect_width(t, "(1)", 1.5);
}

/* The nominal width from ICU's properties alone (§1), as text.c has it
 * for code points outside its fast ranges. */
static double icu_width(uint32_t cp)
{
	uint32_t gc = U_GET_GC_MASK((UChar32)cp);
	if (gc & (U_GC_MN_MASK | U_GC_ME_MASK | U_GC_CF_MASK))
		return 0;
	int eaw = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
	if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH ||
	    (eaw == U_EA_AMBIGUOUS && !(gc & (U_GC_L_MASK | U_GC_M_MASK))))
		return 1;
	return 0.5;
}

/* text.c answers the widths of ASCII, kana, CJK ideographs and
 * full-width forms without ICU: each must be ICU's. */
static void test_plain_widths(Tally *t)
{
	static const struct { uint32_t lo, hi; } plain[] = {
		{0x20, 0x7E}, {0x3000, 0x3029}, {0x3041, 0x3096}, {0x30A1, 0x30FA},
		{0x4E00, 0x9FFF}, {0xFF01, 0xFF5E},
	};
	for (size_t r = 0; r < sizeof plain / sizeof *plain; r++) {
		uint32_t wrong = 0, first_wrong = 0;
		for (uint32_t cp = plain[r].lo; cp <= plain[r].hi; cp++) {
			char s[4];
			size_t n = utf8_encode(cp, s);
			if (text_nominal_width(NULL, s, n) != icu_width(cp) && wrong++ == 0)
				first_wrong = cp;
		}
		check(t, wrong == 0, "U+%04X–U+%04X: %u widths differ from ICU's, "
		      "first U+%04X", (unsigned)plain[r].lo, (unsigned)plain[r].hi,
		      (unsigned)wrong, (unsigned)first_wrong);
	}
}

static void test_classes(Tally *t)
{
	static const struct {
		const char *s;
		bool strict, normal, no_end;
	} cases[] = {
		{"っ", true, false, false}, {"ー", true, false, false},
		{"ｯ", true, false, false},  {"ㇰ", true, false, false},
		{"々", true, true, false},  {"〜", true, true, false},
		{"゠", true, true, false},  {"～", true, true, false},
		{"」", true, true, false},  {"。", true, true, false},
		{")", true, true, false},   {"・", true, true, false},
		{"「", false, false, true}, {"(", false, false, true},
		{"あ", false, false, false}, {"…", false, false, false},
		{"\u3000", false, false, false}, {"", false, false, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i].s;
		size_t n = strlen(s);
		check(t, text_no_start(s, n, BREAK_STRICT) == cases[i].strict &&
		      text_no_start(s, n, BREAK_NORMAL) == cases[i].normal &&
		      text_no_end(s, n) == cases[i].no_end,
		      "classes of \"%s\"", s);
	}
}

static void test_vertical(Tally *t)
{
	static const struct {
		uint32_t cp, want;
		bool rotate;
	} cases[] = {
		{0x6F22, 0x6F22, false},   /* 漢 */
		{0x3005, 0x3005, false},   /* 々 */
		{0x3042, 0x3042, false},   /* あ */
		{0x30A2, 0x30A2, false},   /* ア */
		{0xFF21, 0xFF21, false},   /* Ａ */
		{0xFF11, 0xFF11, false},   /* １ */
		{0x3001, 0xFE11, false},   /* 、 */
		{0x3002, 0xFE12, false},   /* 。 */
		{0xFF0C, 0xFE10, false},   /* ， */
		{0xFF08, 0xFE35, false},   /* （ */
		{0xFF09, 0xFE36, false},   /* ） */
		{0x300C, 0xFE41, false},   /* 「 */
		{0x300F, 0xFE44, false},   /* 』 */
		{0x3011, 0xFE3C, false},   /* 】 */
		{0x3014, 0xFE39, false},   /* 〔 */
		{0x2026, 0xFE19, false},   /* … */
		{0x2025, 0xFE30, false},   /* ‥ */
		{0x2014, 0xFE31, false},   /* — */
		{0x30FC, 0x30FC, true},    /* ー */
		{0xFF5E, 0xFF5E, true},    /* ～ */
		{0x301C, 0x301C, true},    /* 〜 */
		{0x3041, 0, false},        /* ぁ */
		{0x30C3, 0, false},        /* ッ */
		{0xFF71, 0, false},        /* ｱ */
		{'a', 0, false},
		{0x30FB, 0, false},        /* ・ */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool rotate = !cases[i].rotate;
		uint32_t got = text_vertical_form(cases[i].cp, &rotate);
		check(t, got == cases[i].want && rotate == cases[i].rotate,
		      "vertical U+%04X: expected U+%04X%s, got U+%04X%s",
		      (unsigned)cases[i].cp, (unsigned)cases[i].want,
		      cases[i].rotate ? " rotated" : "", (unsigned)got,
		      rotate ? " rotated" : "");
	}
}

/* Breaks s at width and returns its lines as "a ⏎ b", or "(error at N)". */
static char *break_shown(const char *s, double width, TextLines *lines)
{
	size_t bad = 0;
	int rc = text_break(s, strlen(s), width, BREAK_STRICT,
	                    text_nominal_width, NULL, lines, &bad);
	Buf b = {0};
	buf_add(&b, "", 0);
	for (size_t i = 0; i < lines->n; i++) {
		if (i > 0)
			buf_adds(&b, LINE_SEP);
		buf_add(&b, s + lines->v[i].start,
		        lines->v[i].end - lines->v[i].start);
	}
	if (rc != 0)
		buf_printf(&b, "%s(error at %zu)", lines->n ? LINE_SEP : "", bad);
	return buf_take(&b);
}

static void expect_break(Tally *t, const char *s, double width,
                         const char *want)
{
	TextLines lines = {0};
	char *got = break_shown(s, width, &lines);
	check(t, strcmp(got, want) == 0, "break \"%s\" at %g: expected \"%s\", "
	      "got \"%s\"", s, width, want, got);
	free(got);
	text_lines_free(&lines);
}

static void test_break(Tally *t)
{
	/* forced breaks ('\n' is a <br/>) */
	expect_break(t, "あいう\nえお", 10, "あいう" LINE_SEP "えお");
	expect_break(t, "あいうえお\nか", 2,
	             "あい" LINE_SEP "うえ" LINE_SEP "お" LINE_SEP "か");
	expect_break(t, "あ\n\nい", 10, "あ" LINE_SEP "" LINE_SEP "い");
	/* a forced break beats kinsoku */
	expect_break(t, "あ\n」", 10, "あ" LINE_SEP "」");
	expect_break(t, "12\n34", 10, "12" LINE_SEP "34");  /* and rule 4 */
	expect_break(t, "", 10, "");
	/* a cluster wider than the line: -1 and the lines before it */
	expect_break(t, "あいう", 0.5, "(error at 0)");
	expect_break(t, "a あ", 0.5, "a" LINE_SEP "(error at 2)");
	expect_break(t, "ab\nあ", 0.9, "a" LINE_SEP "b" LINE_SEP "(error at 3)");

	/* the dropped space lies outside the line; widths exclude it */
	TextLines lines = {0};
	size_t bad;
	const char *s = "ab cd";
	int rc = text_break(s, 5, 1, BREAK_STRICT, text_nominal_width, NULL,
	                    &lines, &bad);
	check(t, rc == 0 && lines.n == 2 && lines.v[0].start == 0 &&
	      lines.v[0].end == 2 && lines.v[0].width == 1 &&
	      lines.v[1].start == 3 && lines.v[1].end == 5,
	      "offsets of \"ab cd\" at 1");
	text_lines_free(&lines);
}

/* A measure with widths that are not exact binary fractions. */
static double tenths(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	(void)s;
	(void)len;
	return 0.3;
}

static void test_slack(Tally *t)
{
	TextLines lines = {0};
	size_t bad;
	const char *s = "あいうえおかきくけ";
	int rc = text_break(s, strlen(s), 0.9, BREAK_STRICT, tenths, NULL,
	                    &lines, &bad);
	check(t, rc == 0 && lines.n == 3, "0.3 em clusters at 0.9 em: %zu lines",
	      lines.n);
	text_lines_free(&lines);
}

/* Long paragraphs: quadratic work would not finish. */
static void test_long(Tally *t)
{
	enum { N = 200000 };
	char *s = xmalloc(N + 1);
	memset(s, 'a', N);
	s[N] = '\0';
	TextLines lines = {0};
	size_t bad;
	int rc = text_break(s, N, 4, BREAK_STRICT, text_nominal_width, NULL,
	                    &lines, &bad);
	check(t, rc == 0 && lines.n == N / 8, "a long word: %zu lines", lines.n);
	text_lines_free(&lines);
	for (size_t i = 0; i < N; i++)
		s[i] = i % 16 == 15 ? ' ' : '/';
	rc = text_break(s, N, 3, BREAK_STRICT, text_nominal_width, NULL,
	                &lines, &bad);
	check(t, rc == 0 && lines.n == 3 * (N / 16),
	      "slashes: %zu lines", lines.n);
	text_lines_free(&lines);
	free(s);

	Buf b = {0};
	for (int i = 0; i < N / 4; i++)
		buf_adds(&b, i % 7 ? "あ" : "、");
	rc = text_break(b.data, b.len, 10, BREAK_STRICT, text_nominal_width,
	                NULL, &lines, &bad);
	check(t, rc == 0 && lines.n > N / 40, "kana: %zu lines", lines.n);
	text_lines_free(&lines);
	buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* `goalsheet wrap` errors (§7)                                         */

/* Runs f with stderr sent to /dev/null: the messages are expected. */
static int quietly(int (*f)(void *), void *arg)
{
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int null = open("/dev/null", O_WRONLY);
	dup2(null, STDERR_FILENO);
	close(null);
	int rc = f(arg);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	return rc;
}

typedef struct WrapCase {
	const char *input, *label;
	double em;
} WrapCase;

static int wrap_case(void *arg)
{
	const WrapCase *w = arg;
	FILE *in = fmemopen((void *)w->input, strlen(w->input), "r");
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int rc = wrap_run(in, out, w->em, BREAK_STRICT, w->label,
	                  text_nominal_width, NULL);
	fclose(in);
	fclose(out);
	free(text);
	return rc;
}

static int command(void *arg)
{
	char **argv = arg;
	int argc = 0;
	while (argv[argc] != NULL)
		argc++;
	return cmd_wrap(argc, argv, NULL, NULL);
}

static void test_wrap_errors(Tally *t)
{
	static const struct {
		WrapCase w;
		int status;
	} cases[] = {
		{{"ab\xFF", NULL, 10}, 1},        /* bad UTF-8 */
		{{"ab\xC0\xAF", NULL, 10}, 1},    /* overlong */
		{{"あ", NULL, 0}, 1},             /* N <= 0 */
		{{"あ", NULL, -3}, 1},
		{{"あいう", NULL, 0.5}, 1},       /* a cluster wider than the line */
		{{"あ", "①", 2.5}, 1},            /* W - hang under 2 em */
		{{"あ", "\xFF", 10}, 1},
		{{"あ", "①", 3}, 0},
		{{"", NULL, 3}, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		WrapCase w = cases[i].w;
		int rc = quietly(wrap_case, &w);
		check(t, rc == cases[i].status, "wrap_run case %zu: status %d, "
		      "expected %d", i, rc, cases[i].status);
	}

	static char *usage[][6] = {
		{"wrap", NULL},
		{"wrap", "--em", NULL},
		{"wrap", "--em", "abc", NULL},
		{"wrap", "--em", "5", "--mode", "loose", NULL},
		{"wrap", "--em", "5", "--bogus", NULL},
		{"wrap", "--em", "5", "extra", NULL},
	};
	for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
		int rc = quietly(command, usage[i]);
		check(t, rc == 2, "wrap usage case %zu: status %d, expected 2",
		      i, rc);
	}
	static char *bad_em[][4] = {
		{"wrap", "--em", "0", NULL},
		{"wrap", "--em=-1", NULL},
	};
	for (size_t i = 0; i < sizeof bad_em / sizeof bad_em[0]; i++) {
		int rc = quietly(command, bad_em[i]);
		check(t, rc == 1, "wrap --em <= 0 case %zu: status %d, expected 1",
		      i, rc);
	}
}

/* text_all_visible says whether text_visible (no hyphen) would give a
 * text as it is: each invisible character anywhere in a run, and the
 * look-alikes that share its first bytes (U+00AE, U+200C, U+FEFE,
 * U+FF01), which are visible. */
static void test_all_visible(Tally *t)
{
	static const char *const pieces[] = {
		"\xC2\xAD", "\xE2\x80\x8B", "\xE2\x81\xA0", "\xEF\xBB\xBF",
		"\xC2\xAE", "\xE2\x80\x8C", "\xEF\xBB\xBE", "\xEF\xBC\x81",
		"字", "a", "",
	};
	size_t n = sizeof pieces / sizeof *pieces;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			for (size_t k = 0; k < n; k++) {
				char s[64];
				snprintf(s, sizeof s, "%s%s字%s", pieces[i], pieces[j], pieces[k]);
				Buf b = {0};
				text_visible(s, strlen(s), false, &b);
				bool same = b.len == strlen(s) && memcmp(b.data, s, b.len) == 0;
				check(t, text_all_visible(s, strlen(s)) == same,
				      "text_all_visible(\"%s\") is %d", s, !same);
				buf_free(&b);
			}
}

int main(void)
{
	Tally t = {0};
	test_all_visible(&t);
	test_table(&t);
	test_collapse(&t);
	test_clusters(&t);
	test_widths(&t);
	test_plain_widths(&t);
	test_classes(&t);
	test_vertical(&t);
	test_break(&t);
	test_slack(&t);
	test_long(&t);
	test_wrap_errors(&t);
	printf("text: %d passed, %d failed\n", t.passed, t.failed);
	return t.failed ? 1 : 0;
}
