/* cmd_new.c: see cmd_new.h. */
#include "cmd_new.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

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

static const char skeleton_body[] =
	"  <!-- 重点目標：一行で -->\n"
	"  <goal></goal>\n"
	"  <alignment>\n"
	"    <!-- 総合計画における位置付け：編・章・節を <line> で一行ずつ -->\n"
	"    <comprehensive-plan><line></line></comprehensive-plan>\n"
	"    <!-- 再構築プラン・行財政改革大綱における位置付け（なければ空のまま） -->\n"
	"    <strategic-plan/>\n"
	"    <reform-plan/>\n"
	"    <!-- 該当するSDGsの目標：<sdg goal=\"11\"/> のように番号で（1〜17） -->\n"
	"    <sdgs/>\n"
	"  </alignment>\n"
	"  <!-- 現況・課題：段落ごとに <p> -->\n"
	"  <situation><p></p></situation>\n"
	"  <!-- 目的・効果 -->\n"
	"  <purpose><p></p></purpose>\n"
	"  <initiatives>\n"
	"    <!-- 取組項目：title に見出し、<step> が表の一行（(1)、(2)…） -->\n"
	"    <initiative title=\"\">\n"
	"      <step>\n"
	"        <!-- 取組項目及び方法・手段（何をどのように） -->\n"
	"        <action></action>\n"
	"        <!-- 期間・期限（いつ・いつまでに） -->\n"
	"        <period></period>\n"
	"        <!-- 数値目標（どの水準まで） -->\n"
	"        <target></target>\n"
	"        <!-- 中間報告（10月頃）：stage=\"interim\" で必須 -->\n"
	"        <interim></interim>\n"
	"        <!-- 期末報告（年度末）：stage=\"final\" で必須 -->\n"
	"        <final></final>\n"
	"      </step>\n"
	"    </initiative>\n"
	"  </initiatives>\n"
	"  <!-- 特記事項：市民参加・協働の工夫と、取組による効果・残された課題 -->\n"
	"  <remarks>\n"
	"    <participation></participation>\n"
	"    <outcomes></outcomes>\n"
	"  </remarks>\n"
	"</sheet>\n";

int write_skeleton(FILE *out, int priority, int fiscal_year,
                   const char *const *units, size_t nunits)
{
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<!-- 重点目標管理シート（優先順位 %d）。stage は plan（目標設定）、"
	        "interim（中間報告）、final（期末報告）。 -->\n"
	        "<sheet xmlns=\"urn:goalsheet:1\" fiscal-year=\"%d\" priority=\"%d\" "
	        "stage=\"plan\">\n"
	        "  <!-- 部局名：<unit> で一行ずつ -->\n"
	        "  <department>", priority, fiscal_year, priority);
	if (nunits == 0)
		fputs("<unit></unit>", out);
	for (size_t i = 0; i < nunits; i++) {
		fputs("<unit>", out);
		put_escaped(out, units[i]);
		fputs("</unit>", out);
	}
	fputs("</department>\n", out);
	fputs(skeleton_body, out);
	return 0;
}

static int usage(const char *msg, const char *arg)
{
	Diag d;
	diag_init(&d, stderr);
	diag_system(&d, msg, arg);
	fputs(_("usage: goalsheet new --priority N --fiscal-year Y [--unit NAME]... "
	        "> sheet.xml\n"), stderr);
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

int cmd_new(int argc, char **argv)
{
	static const struct option longs[] = {
		{"priority", required_argument, NULL, 'p'},
		{"fiscal-year", required_argument, NULL, 'y'},
		{"unit", required_argument, NULL, 'u'},
		{NULL, 0, NULL, 0}};
	int priority = 0, year = 0, c;
	const char **units = xcalloc((size_t)argc, sizeof *units);
	size_t nunits = 0;
	int rc = 0;
	optind = 1;
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (c == 'p' && !parse_int(optarg, 1, 999, &priority))
			rc = usage(_("new: --priority %s: give 1, 2, 3 …"), optarg);
		else if (c == 'y' && !parse_int(optarg, 1989, 2100, &year))
			rc = usage(_("new: --fiscal-year %s: give the Western year, 1989 "
			             "to 2100"), optarg);
		else if (c == 'u')
			units[nunits++] = optarg;
		else if (c == ':' || c == '?')
			rc = usage(_("new: bad option %s"), argv[optind - 1]);
	}
	if (rc == 0 && optind < argc)
		rc = usage(_("new: unexpected argument %s"), argv[optind]);
	if (rc == 0 && (priority == 0 || year == 0))
		rc = usage("%s", _("new: --priority and --fiscal-year are required"));
	if (rc == 0)
		write_skeleton(stdout, priority, year, units, nunits);
	free(units);
	return rc;
}
