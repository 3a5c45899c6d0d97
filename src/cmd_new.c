/* cmd_new.c: see cmd_new.h. */
#include "cmd_new.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* A template label inside a comment: one line, and never "--", which
 * would end the comment's well-formedness. */
static void put_label(FILE *out, const Template *t, LabelKey key)
{
	const char *s = t->labels[key] ? t->labels[key] : "";
	for (; *s; s++) {
		if (*s == '\n')
			continue;
		fputc(*s, out);
		if (*s == '-' && (s[1] == '-' || s[1] == '\0'))
			fputc(' ', out);
	}
}

/* "  <!-- LABEL（必須）：NOTE -->\n" */
static void guide(FILE *out, const char *indent, const Template *t, LabelKey key,
                  bool required, const char *note)
{
	fprintf(out, "%s<!-- ", indent);
	put_label(out, t, key);
	fputs(required ? "（必須）" : "（任意）", out);
	if (note && note[0])
		fprintf(out, "：%s", note);
	fputs(" -->\n", out);
}

/* One field of the skeleton: its comment, then its XML. */
typedef struct Field {
	const char *indent;
	LabelKey key;
	bool required;      /* by check --stage plan */
	const char *note;
	const char *xml;
} Field;

static void put_fields(FILE *out, const Template *t, const Field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		guide(out, f[i].indent, t, f[i].key, f[i].required, f[i].note);
		fputs(f[i].xml, out);
	}
}

#define PUT_FIELDS(out, t, table) put_fields(out, t, table, sizeof table / sizeof table[0])

int write_skeleton(FILE *out, const Template *t, int priority, int fiscal_year,
                   const char *const *units, size_t nunits)
{
	static const Field top[] = {
		{"  ", LABEL_GOAL, true, "一行で", "  <goal></goal>\n  <alignment>\n"},
		{"    ", LABEL_COMPREHENSIVE_PLAN, false, "<line> で一行ずつ",
		 "    <comprehensive-plan><line></line></comprehensive-plan>\n"},
		{"    ", LABEL_STRATEGIC_PLAN, false, "なければ空のまま",
		 "    <strategic-plan/>\n"},
		{"    ", LABEL_REFORM_PLAN, false, "なければ空のまま", "    <reform-plan/>\n"},
		{"    ", LABEL_SDGS, false, "<sdg goal=\"11\"/> のように番号で（1〜17）",
		 "    <sdgs/>\n  </alignment>\n"},
		{"  ", LABEL_SITUATION, false, "段落ごとに <p>",
		 "  <situation><p></p></situation>\n"},
		{"  ", LABEL_PURPOSE, false, "段落ごとに <p>",
		 "  <purpose><p></p></purpose>\n"
		 "  <initiatives>\n"
		 "    <!-- 取組の見出し（必須）：title に。<step> が表の一行（(1)、(2)…）。"
		 "取組を増やすときは <initiative> ごと写します -->\n"
		 "    <initiative title=\"\">\n"
		 "      <step>\n"},
		{"        ", LABEL_ACTION, true, NULL, "        <action></action>\n"},
		{"        ", LABEL_PERIOD, true, NULL, "        <period></period>\n"},
		{"        ", LABEL_TARGET, true, NULL, "        <target></target>\n"},
	};
	static const Field remarks[] = {
		{"  ", LABEL_REMARKS, false, NULL, "  <remarks>\n"},
		{"    ", LABEL_PARTICIPATION, false, NULL, "    <participation></participation>\n"},
		{"    ", LABEL_OUTCOMES, false, NULL, "    <outcomes></outcomes>\n  </remarks>\n"},
	};
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- ", out);
	put_label(out, t, LABEL_TITLE);
	fprintf(out, "（%d", priority);
	put_label(out, t, LABEL_PRIORITY_SUFFIX);
	/* No "--" in a comment: it would not be XML. */
	fprintf(out, "）。必須の欄を埋めると、目標設定（stage=\"plan\"）の確認が"
	        "通ります。手引き: goalsheet-guide -->\n"
	        "<sheet xmlns=\"urn:goalsheet:1\" fiscal-year=\"%d\" priority=\"%d\" "
	        "stage=\"plan\">\n", fiscal_year, priority);
	guide(out, "  ", t, LABEL_DEPARTMENT, true, "<unit> で一行ずつ");
	fputs("  <department>", out);
	if (nunits == 0)
		fputs("<unit></unit>", out);
	for (size_t i = 0; i < nunits; i++) {
		fputs("<unit>", out);
		put_escaped(out, units[i]);
		fputs("</unit>", out);
	}
	fputs("</department>\n", out);
	PUT_FIELDS(out, t, top);
	fputs("        <!-- 10月ごろ: ここに <interim>", out);
	put_label(out, t, LABEL_INTERIM);
	fputs("</interim> を書き、stage=\"interim\" に。年度末: <final>", out);
	put_label(out, t, LABEL_FINAL);
	fputs("</final> を書き、stage=\"final\" に -->\n"
	      "      </step>\n    </initiative>\n  </initiatives>\n", out);
	PUT_FIELDS(out, t, remarks);
	fputs("</sheet>\n", out);
	return 0;
}

static int usage(const char *msg, const char *arg)
{
	Diag d;
	diag_init(&d, stderr);
	diag_system(&d, msg, arg);
	fputs(_("usage: goalsheet new --priority N --fiscal-year Y [--unit NAME]... "
	        "[-t TEMPLATE] [-o FILE]\n"), stderr);
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
static int write_new_file(const char *path, const Template *t, int priority,
                          int year, const char *const *units, size_t nunits)
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
	write_skeleton(mem, t, priority, year, units, nunits);
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

int cmd_new(int argc, char **argv, NewTemplateFn template_for, void *arg)
{
	static const struct option longs[] = {
		{"priority", required_argument, NULL, 'p'},
		{"fiscal-year", required_argument, NULL, 'y'},
		{"unit", required_argument, NULL, 'u'},
		{"output", required_argument, NULL, 'o'},
		{"template", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0}};
	int priority = 0, year = 0, c;
	const char **units = xcalloc((size_t)argc, sizeof *units);
	const char *output = NULL, *template_name = NULL;
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
	const Template *t = rc == 0 ? template_for(arg, template_name) : NULL;
	if (rc == 0 && t == NULL)
		rc = 2;
	if (rc == 0 && output != NULL)
		rc = write_new_file(output, t, priority, year, units, nunits);
	else if (rc == 0)
		write_skeleton(stdout, t, priority, year, units, nunits);
	free(units);
	return rc;
}
