/* cmd_new.c: see cmd_new.h. */
#include "cmd_new.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

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

/* "<!-- 名前：hint -->", or why the field stays empty. */
static void comment(FILE *out, const Template *t, Field f, const char *indent)
{
	fputs(indent, out);
	fputs("<!-- ", out);
	const char *name = t->field_names[f];
	if (!(t->printed & (1ul << f))) {
		fprintf(out, "%s：このテンプレート（%s）には欄がないため空のまま",
		        field_xml_name(f), t->name);
	} else {
		put_escaped(out, name ? name : field_xml_name(f));
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
	 "    <!-- 取組：title に見出し、<step> が表の一行（(1)、(2)…） -->\n"
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
	put_escaped(out, t->title);
	fprintf(out, "（優先順位 %d）。stage は plan（目標設定）、"
	        "interim（中間報告）、final（期末報告）。 -->\n"
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
	        "[-t NAME] > sheet.xml\n"), stderr);
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

int cmd_new(int argc, char **argv, const char *argv0)
{
	static const struct option longs[] = {
		{"priority", required_argument, NULL, 'p'},
		{"fiscal-year", required_argument, NULL, 'y'},
		{"unit", required_argument, NULL, 'u'},
		{"template", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0}};
	const char *template_name = NULL;
	int priority = 0, year = 0, c;
	const char **units = xcalloc((size_t)argc, sizeof *units);
	size_t nunits = 0;
	int rc = 0;
	optind = 1;
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, ":t:", longs, NULL)) != -1) {
		if (c == 'p' && !parse_int(optarg, 1, 999, &priority))
			rc = usage(_("new: --priority %s: give 1, 2, 3 …"), optarg);
		else if (c == 'y' && !parse_int(optarg, 1989, 2100, &year))
			rc = usage(_("new: --fiscal-year %s: give the Western year, 1989 "
			             "to 2100"), optarg);
		else if (c == 'u')
			units[nunits++] = optarg;
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
	if (t)
		write_skeleton(stdout, t, template_name, priority, year, units, nunits);
	template_free(t);
	free(units);
	return rc;
}
