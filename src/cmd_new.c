/* cmd_new.c: see cmd_new.h. */
#include "cmd_new.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "util.h"

static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/* Template text inside a comment: one line, and never "--", which
 * would end the comment's well-formedness. */
static void put_comment_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			continue;
		fputc(*s, out);
		if (*s == '-' && (s[1] == '-' || s[1] == '\0'))
			fputc(' ', out);
	}
}

/* What goes in a field, after its name on the template. */
static const char *const hints[FIELD_COUNT] = {
	[FIELD_DEPARTMENT] = "<unit> で一行ずつ",
	[FIELD_GOAL] = "一行で",
	[FIELD_COMPREHENSIVE_PLAN] = "<line> で一行ずつ",
	[FIELD_STRATEGIC_PLAN] = "<line> で一行ずつ（なければ空のまま）",
	[FIELD_REFORM_PLAN] = "<line> で一行ずつ（なければ空のまま）",
	[FIELD_SDGS] = "<sdg goal=\"11\"/> のように番号で（1〜17）",
	[FIELD_SITUATION] = "段落ごとに <p>",
	[FIELD_PURPOSE] = "段落ごとに <p>",
	[FIELD_INTERIM] = "stage=\"interim\" で必須",
	[FIELD_FINAL] = "stage=\"final\" で必須",
};

/* Whether `check --stage plan` requires the field: the stage's rule,
 * decided once in model.c, for a row without optional cells. */
static bool required_at_plan(Field f)
{
	if (f == FIELD_DEPARTMENT || f == FIELD_GOAL)
		return true;
	return (int)f < COL_COUNT && row_requires(STAGE_PLAN, (Column)f, 0);
}

/* "<!-- 名前（必須）：hint -->", or why the field stays empty. */
static void comment(FILE *out, const Template *t, Field f, const char *indent)
{
	fputs(indent, out);
	fputs("<!-- ", out);
	const char *name = t->field_names[f];
	if (!(t->printed & (1ul << f))) {
		fprintf(out, "%s：このテンプレート（%s）には欄がないため空のまま",
		        field_xml_name(f), t->name);
	} else {
		put_comment_text(out, name ? name : field_xml_name(f));
		fputs(required_at_plan(f) ? "（必須）" : "（任意）", out);
		if (hints[f])
			fprintf(out, "：%s", hints[f]);
	}
	fputs(" -->\n", out);
}

/* The body after <department>: each element after its field's comment
 * (field -1: no comment). */
static const struct Part {
	int field;
	const char *indent, *xml;
} parts[] = {
	{FIELD_GOAL, "  ", "  <goal></goal>\n  <alignment>\n"},
	{FIELD_COMPREHENSIVE_PLAN, "    ",
	 "    <comprehensive-plan><line></line></comprehensive-plan>\n"},
	{FIELD_STRATEGIC_PLAN, "    ", "    <strategic-plan/>\n"},
	{FIELD_REFORM_PLAN, "    ", "    <reform-plan/>\n"},
	{FIELD_SDGS, "    ", "    <sdgs/>\n  </alignment>\n"},
	{FIELD_SITUATION, "  ", "  <situation><p></p></situation>\n"},
	{FIELD_PURPOSE, "  ", "  <purpose><p></p></purpose>\n  <initiatives>\n"
	 "    <!-- 取組の見出し（必須）：title に。<step> が表の一行（(1)、(2)…）。"
	 "取組を増やすときは <initiative> ごと写します -->\n"
	 "    <initiative title=\"\">\n      <step>\n"},
	{FIELD_ACTION, "        ", "        <action></action>\n"},
	{FIELD_PERIOD, "        ", "        <period></period>\n"},
	{FIELD_TARGET, "        ", "        <target></target>\n"},
	{FIELD_INTERIM, "        ", "        <interim></interim>\n"},
	{FIELD_FINAL, "        ", "        <final></final>\n"},
	{-1, "", "      </step>\n    </initiative>\n  </initiatives>\n  <remarks>\n"},
	{FIELD_PARTICIPATION, "    ", "    <participation></participation>\n"},
	{FIELD_OUTCOMES, "    ", "    <outcomes></outcomes>\n  </remarks>\n</sheet>\n"},
};

static void skeleton_body(FILE *out, const Template *t)
{
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i].field >= 0)
			comment(out, t, (Field)parts[i].field, parts[i].indent);
		fputs(parts[i].xml, out);
	}
}

int write_skeleton(FILE *out, const Template *t, const char *template_attr,
                   int priority, int fiscal_year, const char *const *units,
                   size_t nunits)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- ", out);
	put_comment_text(out, t->title);
	fprintf(out, "（優先順位 %d）。stage は plan（目標設定）、"
	        "interim（中間報告）、final（期末報告）。必須の欄を埋めると、"
	        "目標設定（stage=\"plan\"）の確認が通ります。"
	        "手引き: goalsheet-guide -->\n"
	        "<sheet xmlns=\"urn:goalsheet:1\" fiscal-year=\"%d\" priority=\"%d\" "
	        "stage=\"plan\"", priority, fiscal_year, priority);
	if (template_attr) {
		fputs(" template=\"", out);
		put_escaped(out, template_attr);
		fputs("\"", out);
	}
	fputs(">\n", out);
	comment(out, t, FIELD_DEPARTMENT, "  ");
	fputs("  <department>", out);
	if (nunits == 0)
		fputs("<unit></unit>", out);
	for (size_t i = 0; i < nunits; i++) {
		fputs("<unit>", out);
		put_escaped(out, units[i]);
		fputs("</unit>", out);
	}
	fputs("</department>\n", out);
	skeleton_body(out, t);
	return 0;
}

/* The template of -t (by default the default one), read to label the
 * skeleton. */
static Template *skeleton_template(const char *argv0, const char *name)
{
	Diag d;
	diag_init(&d, stderr);
	char *datadir = find_datadir(argv0, &d);
	char *path = datadir ? template_find(datadir, name ? name : "ueda-a4", NULL,
	                                     &d) : NULL;
	Template *t = path ? template_load(path, &d) : NULL;
	free(path);
	free(datadir);
	return t;
}

static int usage(const char *msg, const char *arg)
{
	Diag d;
	diag_init(&d, stderr);
	diag_system(&d, msg, arg);
	fputs(_("usage: goalsheet new --priority N --fiscal-year Y [--unit NAME]... "
	        "[-t NAME] [-o FILE]\n"), stderr);
	return 2;
}

static bool parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* A unit is printed in the sheet: refused when it is not UTF-8 or holds
 * a control character, which an XML document cannot hold (or shows as
 * nothing); 0 when it is fine, else the first bad code point (or
 * 0xFFFD for bad UTF-8). */
static uint32_t bad_unit_char(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0xFFFD;
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return cp;
		i += n;
	}
	return 0;
}

/* Writes the skeleton into a new file: never over an existing one, and
 * nothing left behind when the write fails. */
static int write_new_file(const char *path, const Template *t,
                          const char *template_attr, int priority, int year,
                          const char *const *units, size_t nunits)
{
	Diag d;
	diag_init(&d, stderr);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (mem == NULL) {
		diag_system(&d, "%s", strerror(errno));
		return 2;
	}
	write_skeleton(mem, t, template_attr, priority, year, units, nunits);
	fclose(mem);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST)
		diag_system(&d, _("new: '%s' exists; new never writes over a file "
		            "(give another name, or remove it first)"), path);
	else if (fd < 0)
		diag_system(&d, _("new: cannot create '%s': %s"), path, strerror(errno));
	size_t done = 0;
	while (fd >= 0 && done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int saved = errno;
	if (fd >= 0 && (close(fd) != 0 || done < len)) {
		unlink(path);
		diag_system(&d, _("new: cannot write '%s': %s"), path,
		            strerror(done < len ? saved : errno));
	}
	free(text);
	return diag_exit_status(&d);
}

int cmd_new(int argc, char **argv, const char *argv0)
{
	static const struct option longs[] = {
		{"priority", required_argument, NULL, 'p'},
		{"fiscal-year", required_argument, NULL, 'y'},
		{"unit", required_argument, NULL, 'u'},
		{"template", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0}};
	const char *template_name = NULL, *output = NULL;
	int priority = 0, year = 0, c;
	const char **units = xcalloc((size_t)argc, sizeof *units);
	size_t nunits = 0;
	int rc = 0;
	optind = 1;
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, ":o:t:", longs, NULL)) != -1) {
		uint32_t bad;
		if (c == 'p' && !parse_int(optarg, 1, 999, &priority))
			rc = usage(_("new: --priority %s: give 1, 2, 3 …"), optarg);
		else if (c == 'y' && !parse_int(optarg, 1989, 2100, &year))
			rc = usage(_("new: --fiscal-year %s: give the Western year, 1989 "
			             "to 2100"), optarg);
		else if (c == 'u' && (bad = bad_unit_char(optarg)) != 0) {
			char *code = xasprintf("U+%04X", (unsigned)bad);
			rc = usage(_("new: --unit holds %s, a control character or "
			             "invalid UTF-8 that a sheet cannot hold; give the "
			             "name as it is printed"), code);
			free(code);
		} else if (c == 'u')
			units[nunits++] = optarg;
		else if (c == 'o')
			output = optarg;
		else if (c == 't')
			template_name = optarg;
		else if (c == ':' || c == '?')
			rc = usage(_("new: bad option %s"), argv[optind - 1]);
	}
	if (rc == 0 && optind < argc)
		rc = usage(_("new: unexpected argument %s"), argv[optind]);
	if (rc == 0 && (priority == 0 || year == 0))
		rc = usage("%s", _("new: --priority and --fiscal-year are required"));
	Template *t = rc == 0 ? skeleton_template(argv0, template_name) : NULL;
	if (rc == 0 && t == NULL)
		rc = 2;
	if (t && output != NULL)
		rc = write_new_file(output, t, template_name, priority, year, units,
		                    nunits);
	else if (t)
		write_skeleton(stdout, t, template_name, priority, year, units, nunits);
	template_free(t);
	free(units);
	return rc;
}
