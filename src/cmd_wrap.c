/* cmd_wrap.c: see cmd_wrap.h.  Implements typesetting.md §7, with the
 * hanging label of §4 (gap 0). */
#include "cmd_wrap.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "util.h"

enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char *const USAGE =
	N_("usage: goalsheet wrap --em N [--mode strict|normal] [--label L]\n");

static void vreport(const char *fmt, va_list ap)
{
	Buf msg = {0};
	buf_vprintf(&msg, fmt, ap);
	diag_line(stderr, "goalsheet: error: %s", msg.data);
	buf_free(&msg);
}

/* "goalsheet: error: ..."; returns status (EXIT_INPUT, or EXIT_USAGE
 * for a system error). */
static int fail(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return status;
}

/* A usage error: the message, the usage line, status 2. */
static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	fputs(_(USAGE), stderr);
	return EXIT_USAGE;
}

/* Reads at most MAX_INPUT_BYTES + 1 bytes: -1 on a read error, 1 if
 * there was more than MAX_INPUT_BYTES, else 0. */
static int read_all(FILE *in, Buf *b)
{
	char chunk[65536];
	size_t n;
	while (b->len <= MAX_INPUT_BYTES && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
		buf_add(b, chunk, n);
	if (ferror(in))
		return -1;
	return b->len > MAX_INPUT_BYTES;
}

/* Prints the lines; the label starts the first (its hang is not
 * printed on the others, §7).  An empty paragraph with a label is the
 * label alone. */
static void print_lines(FILE *out, const char *text, const TextLines *lines,
                        const char *label)
{
	if (lines->n == 0 && label[0] != '\0')
		fprintf(out, "%s\n", label);
	for (size_t i = 0; i < lines->n; i++) {
		if (i == 0)
			fputs(label, out);
		fwrite(text + lines->v[i].start, 1,
		       lines->v[i].end - lines->v[i].start, out);
		if (lines->v[i].hyphen)
			fputs(TEXT_HYPHEN, out);
		fputc('\n', out);
	}
}

/* Collapses (§2), breaks in width em and prints; returns an exit status. */
static int wrap_text(const char *raw, size_t len, FILE *out, double width,
                     BreakMode mode, const char *label, TextMeasure m,
                     void *ctx)
{
	char *text = text_collapse(raw, len);
	size_t tlen = strlen(text);
	TextLines lines = {0};
	size_t bad = 0;
	int status = 0;
	if (text_break(text, tlen, width, mode, m, ctx, &lines, &bad) != 0) {
		size_t end = text_next_cluster(text, tlen, bad);
		int n = (int)(end - bad);
		status = fail(EXIT_INPUT, _("wrap: \"%.*s\" is %g em wide; "
		              "the line has %g em"), n, text + bad,
		              m(ctx, text + bad, end - bad), width);
	} else {
		print_lines(out, text, &lines, label);
	}
	text_lines_free(&lines);
	free(text);
	return status;
}

/* Valid UTF-8 without U+0000 (which XML cannot hold and which would end
 * text_collapse's string): 0, or EXIT_INPUT after reporting. */
static int check_input(const char *s, size_t len)
{
	size_t bad;
	if (!utf8_valid(s, len, &bad))
		return fail(EXIT_INPUT, _("wrap: standard input: invalid UTF-8 "
		            "at byte %zu"), bad);
	const char *nul = memchr(s, '\0', len);
	if (nul != NULL)
		return fail(EXIT_INPUT, _("wrap: standard input: U+0000 at byte "
		            "%zu"), (size_t)(nul - s));
	return 0;
}

int wrap_run(FILE *in, FILE *out, double em, BreakMode mode,
             const char *label, TextMeasure m, void *ctx)
{
	if (label == NULL)
		label = "";
	if (!(em > 0) || !isfinite(em))
		return fail(EXIT_INPUT, "%s", _("wrap: --em must be a positive number"));
	size_t bad;
	if (!utf8_valid(label, strlen(label), &bad))
		return fail(EXIT_INPUT, _("wrap: --label: invalid UTF-8 "
		            "at byte %zu"), bad);
	/* §4: the text hangs at the label's advance (gap 0) on every line. */
	double width = em - text_width(label, strlen(label), m, ctx);
	if (label[0] != '\0' && width < 2)
		return fail(EXIT_INPUT, _("wrap: label \"%s\" leaves %g em for "
		            "the text; at least 2 em are needed"), label, width);

	Buf raw = {0};
	int status, got = read_all(in, &raw);
	if (got < 0)
		status = fail(EXIT_USAGE, _("wrap: cannot read standard "
		              "input: %s"), strerror(errno));
	else if (got > 0)
		status = fail(EXIT_INPUT, _("wrap: standard input holds more than "
		              "%ld MB; goalsheet reads up to %ld MB"),
		              MAX_INPUT_BYTES / (1024 * 1024),
		              MAX_INPUT_BYTES / (1024 * 1024));
	else if ((status = check_input(raw.data ? raw.data : "", raw.len)) == 0)
		status = wrap_text(raw.data ? raw.data : "", raw.len, out,
		                   width, mode, label, m, ctx);
	buf_free(&raw);
	if (fflush(out) != 0 || ferror(out))
		status = fail(EXIT_USAGE, _("wrap: cannot write the lines: %s"),
		              strerror(errno));
	return status;
}

/* If argv[*i] is option name, as "--name value" or "--name=value", sets
 * *value (advancing *i past a separate value) and returns 1; returns 0
 * if it is another argument and -1 if the value is missing. */
static int option(int argc, char **argv, int *i, const char *name,
                  const char **value)
{
	size_t n = strlen(name);
	const char *arg = argv[*i];
	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '=') {
		*value = arg + n + 1;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

typedef struct WrapArgs {
	const char *em;
	const char *mode;
	const char *label;
	const char *font;
} WrapArgs;

/* Returns 0, or an exit status after reporting a usage error. */
static int parse_args(int argc, char **argv, WrapArgs *a)
{
	for (int i = 1; i < argc; i++) {
		int r = option(argc, argv, &i, "--em", &a->em);
		if (r == 0)
			r = option(argc, argv, &i, "--mode", &a->mode);
		if (r == 0)
			r = option(argc, argv, &i, "--label", &a->label);
		if (r == 0)
			r = option(argc, argv, &i, "--font", &a->font);
		if (r == 0)
			return usage_error(_("wrap: unknown argument '%s'"),
			                   argv[i]);
		if (r < 0)
			return usage_error(_("wrap: %s needs a value"), argv[i]);
	}
	if (a->em == NULL)
		return usage_error("%s", _("wrap: --em is required"));
	return 0;
}

int cmd_wrap(int argc, char **argv, WrapFontLookup lookup, void *lookup_arg)
{
	WrapArgs a = {0};
	int status = parse_args(argc, argv, &a);
	if (status != 0)
		return status;

	BreakMode mode = BREAK_STRICT;
	if (a.mode != NULL && strcmp(a.mode, "normal") == 0)
		mode = BREAK_NORMAL;
	else if (a.mode != NULL && strcmp(a.mode, "strict") != 0)
		return usage_error(_("wrap: --mode is strict or normal, not '%s'"),
		                   a.mode);

	char *end;
	double em = strtod(a.em, &end);
	if (end == a.em || *end != '\0')
		return usage_error(_("wrap: --em takes a number, not '%s'"), a.em);
	/* em <= 0 is bad input (exit 1, §7): wrap_run reports it */

	TextMeasure measure = text_nominal_width;
	void *measure_ctx = NULL;
	if (a.font != NULL && lookup == NULL)
		return usage_error("%s", _("wrap: --font is not available here"));
	if (a.font != NULL && !lookup(lookup_arg, a.font, &measure, &measure_ctx))
		return 2;
	return wrap_run(stdin, stdout, em, mode, a.label, measure, measure_ctx);
}
