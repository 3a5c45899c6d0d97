/* tests/unit/sheet_edit.c: tests of sheet_edit.c and xmlspan.c on
 * tests/cases/edit/odd.xml (comments everywhere, odd indentation,
 * attributes out of order): the form's texts; a form sent back
 * unchanged gives the file byte for byte; an edited field changes only
 * its element; escaping; labels and <br/>; new, removed and reordered
 * items keep the bytes (and comments) of the others; SDGs; attributes
 * changed in place; positions back to keys; the form's decoding.
 * Prints one line per failure and "sheet_edit: N passed, M failed";
 * exits 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_edit.h"
#include "util.h"
#include "xmlspan.h"

static int passed, failed;
static char *original;
static size_t original_len;

static void check(int ok, const char *what, const char *got)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	fprintf(stderr, "FAIL: %s\n--- got ---\n%s\n-----------\n", what, got ? got : "");
}

static EditSheet *open_odd(void)
{
	Diag d = {0};
	EditSheet *e = edit_open("odd.xml", original, original_len, &d);
	if (e == NULL) {
		fprintf(stderr, "FAIL: odd.xml does not open\n");
		exit(1);
	}
	return e;
}

/* The file after a form of "key=value&…" (already encoded). */
static char *apply(EditSheet *e, const char *body, const char **why)
{
	Form f;
	*why = NULL;
	if (form_parse(&f, body, strlen(body)) != 0)
		return NULL;
	size_t len;
	char *out = edit_apply(e, &f, &len, why);
	form_free(&f);
	return out;
}

/* out equals the original with one replacement of old by new. */
static void check_only(const char *what, const char *out, const char *old,
                       const char *new)
{
	const char *at = strstr(original, old);
	Buf want = {0};
	if (at != NULL) {
		buf_add(&want, original, (size_t)(at - original));
		buf_adds(&want, new);
		buf_adds(&want, at + strlen(old));
	}
	check(at != NULL && out != NULL && strcmp(out, want.data) == 0, what, out);
	buf_free(&want);
}

static void test_texts(EditSheet *e)
{
	static const struct { const char *key, *text; } cases[] = {
		{"fiscal-year", "2024"}, {"priority", "2"}, {"stage", "plan"},
		{"department", "総務部\n窓口課"}, {"goal", "窓口サービスの向上"},
		{"strategic-plan", ""}, {"sdgs", "16 11"},
		{"situation", "・窓口の待ち時間が長い。\n・書類が多い&複雑。"},
		{"purpose", "待ち時間を半分にする。"}, {"participation", ""},
		{"i.0.title", "書かない窓口の拡大"}, {"i.0.s.1.period", "６月"},
		{"i.1.s.0.target", "１０手続"}, {"i.0.s.0.interim", ""},
		{"i.5.title", ""}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = edit_text(e, cases[i].key);
		char *what = xasprintf("the form's text of %s", cases[i].key);
		check(strcmp(t, cases[i].text) == 0, what, t);
		free(what);
		free(t);
	}
	check(edit_count(e, "i") == 2 && edit_count(e, "i.0.s") == 2 &&
	      edit_count(e, "i.1.s") == 1 && edit_count(e, "i.0.s.0.p") == 0,
	      "the lists' counts", NULL);
}

static void test_unchanged(EditSheet *e)
{
	const char *why;
	char *out = apply(e, "fiscal-year=2024&priority=2&stage=plan&goal=%E7%AA%93"
	                  "%E5%8F%A3%E3%82%B5%E3%83%BC%E3%83%93%E3%82%B9%E3%81%AE"
	                  "%E5%90%91%E4%B8%8A&sdgs=16+11&i.n=2&i.0.o=0&i.1.o=1"
	                  "&i.0.s.n=2&i.0.s.0.o=0&i.0.s.1.o=1&participation=", &why);
	check(out && strcmp(out, original) == 0, "a form sent back unchanged keeps "
	      "every byte", out);
	free(out);
	out = apply(e, "", &why);
	check(out && strcmp(out, original) == 0, "an empty form changes nothing", out);
	free(out);
}

static void test_fields(EditSheet *e)
{
	const char *why;
	char *out = apply(e, "goal=A+%26+B+%3C+C", &why);
	check_only("an edited goal: only its text, escaped", out,
	           "<goal>窓口サービスの向上</goal>", "<goal>A &amp; B &lt; C</goal>");
	free(out);
	out = apply(e, "i.0.s.1.period=%EF%BC%97%E6%9C%88", &why);
	check_only("a step's period: only its text", out, "<period>６月</period>",
	           "<period>７月</period>");
	free(out);
	/* One paragraph kept byte for byte (with its comment after it),
	 * one changed, one new with the field's label. */
	out = apply(e, "situation=%E3%83%BB%E7%AA%93%E5%8F%A3%E3%81%AE%E5%BE%85%E3"
	            "%81%A1%E6%99%82%E9%96%93%E3%81%8C%E9%95%B7%E3%81%84%E3%80%82%0A"
	            "%E3%83%BB%E6%96%B0%E3%81%97%E3%81%84%E8%A1%8C%E2%80%A8%E6%94%B9"
	            "%E8%A1%8C", &why);
	check(out && strstr(out, "<p  label='・' >窓口の待ち時間が\n\t\t   長い。</p>") &&
	      strstr(out, "<p label=\"・\">新しい行<br/>改行</p>") &&
	      !strstr(out, "書類が多い") && !strstr(out, "<!-- 実測 -->"),
	      "paragraphs: kept, labelled, <br/> for U+2028, removed", out);
	free(out);
	out = apply(e, "i.0.s.0.interim=%E9%80%B2%E3%82%93%E3%81%A7%E3%81%84%E3%82%8B",
	            &why);
	check_only("a missing column is inserted after its neighbours", out,
	           "<target>対象手続 20件</target>\n",
	           "<target>対象手続 20件</target>\n\t\t\t\t<interim>進んでいる</interim>\n");
	free(out);
	out = apply(e, "i.0.s.0.period=", &why);
	check_only("an emptied optional column is taken out", out,
	           "\n\t\t\t\t<period>年度末まで</period>", "");
	free(out);
	out = apply(e, "strategic-plan=%E4%B8%80%0A%E4%BA%8C", &why);
	check_only("lines of an empty element", out, "<strategic-plan/>",
	           "<strategic-plan>\n\t\t\t<line>一</line>\n\t\t\t<line>二</line>\n"
	           "\t\t</strategic-plan>");
	free(out);
	out = apply(e, "participation=%E5%B8%82%E6%B0%91", &why);
	check_only("remarks made after the initiatives", out, "\t</initiatives>\n",
	           "\t</initiatives>\n\t<remarks>\n\t\t<participation>市民</participation>"
	           "\n\t</remarks>\n");
	free(out);
}

static void test_attributes(EditSheet *e)
{
	const char *why;
	char *out = apply(e, "priority=3", &why);
	check_only("an attribute changed in place", out, "priority=\"2\"", "priority=\"3\"");
	free(out);
	out = apply(e, "i.1.title=%22x%22+%26", &why);
	check_only("a title escaped for its attribute", out, "title=\"オンライン申請\"",
	           "title=\"&quot;x&quot; &amp;\"");
	free(out);
	out = apply(e, "sdgs=11+3", &why);
	check_only("SDGs: the file's own <sdg> kept, a new one added", out,
	           "<sdg goal=\"16\"/>  <!-- 平和 --><sdg  goal='11'/>",
	           "<sdg  goal='11'/><sdg goal=\"3\"/>");
	free(out);
}

static void test_lists(EditSheet *e)
{
	const char *why;
	char *out = apply(e, "i.n=2&i.0.o=1&i.1.o=0", &why);
	const char *two = strstr(original, "\n\t\t<!-- ② -->");
	const char *one = strstr(original, "\n\t\t<!-- ① -->");
	const char *close = strstr(original, "\n\t</initiatives>");
	Buf want = {0};
	buf_add(&want, original, (size_t)(one - original));
	buf_add(&want, two, (size_t)(close - two));
	buf_add(&want, one, (size_t)(two - one));
	buf_adds(&want, close);
	check(out && strcmp(out, want.data) == 0, "initiatives swapped with their "
	      "comments, every byte kept", out);
	buf_free(&want);
	free(out);
	out = apply(e, "i.n=2&i.0.o=0&i.1.o=1&i.0.s.n=3&i.0.s.0.o=0&i.0.s.1.o=&"
	            "i.0.s.1.action=%E6%96%B0&i.0.s.2.o=1", &why);
	check_only("a new step between two, indented as they are", out,
	           "\t\t\t</step>\n\t\t\t<!-- 二つ目 -->",
	           "\t\t\t</step>\n\t\t\t<step>\n\t\t\t\t<action>新</action>\n"
	           "\t\t\t</step>\n\t\t\t<!-- 二つ目 -->");
	free(out);
	out = apply(e, "i.n=1&i.0.o=1&i.0.title=X", &why);
	check(out && !strstr(out, "書かない窓口") && strstr(out, "title=\"X\"") &&
	      strstr(out, "\t<initiatives>\n\t\t<!-- ② -->\n\t\t<initiative title=\"X\">"),
	      "an initiative removed, the other edited", out);
	free(out);
	out = apply(e, "i.n=2&i.0.o=1&i.1.o=1", &why);
	check(out == NULL && why != NULL, "an item named twice is refused", why);
	out = apply(e, "i.n=1&i.0.o=7", &why);
	check(out == NULL && why != NULL, "an item the file lacks is refused", why);
}

static void test_positions(EditSheet *e)
{
	static const struct { long line, col; const char *key; } cases[] = {
		{10, 2, "goal"}, {15, 9, "sdgs"}, {17, 4, "situation"},
		{29, 5, "i.0.s.0.target"}, {33, 5, "i.0.s.1.action"},
		{32, 4, "i.0.s.1"}, {25, 3, "i.0"}, {5, 1, "sheet"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *k = edit_key_at(e, cases[i].line, cases[i].col);
		char *what = xasprintf("line %ld:%ld is %s", cases[i].line, cases[i].col,
		                       cases[i].key);
		check(k && strcmp(k, cases[i].key) == 0, what, k);
		free(what);
		free(k);
	}
}

static void test_spans(void)
{
	size_t n;
	const char *text = "<a x='>'><!-- <b> --><b/><![CDATA[<c>]]><?pi <d>?><c></c></a>";
	XmlSpan *s = xml_spans(text, strlen(text), &n);
	check(s && n == 3 && s[1].empty && s[2].start == 50 && s[0].end == strlen(text),
	      "spans skip quotes, comments, CDATA and PIs", NULL);
	free(s);
	check(xml_spans("<a><b></a>", 10, &n) == NULL && n == 0,
	      "tags that do not nest give no spans", NULL);
	Form f;
	check(form_parse(&f, "a=%FF", 5) == -1, "a form that is not UTF-8 is refused", NULL);
	check(form_parse(&f, "a=1%0D%0A2&b", 12) == 0 && strcmp(form_get(&f, "a"), "1\n2") == 0 &&
	      strcmp(form_get(&f, "b"), "") == 0 && form_get(&f, "c") == NULL,
	      "form decoding: CRLF as LF, a key without a value", NULL);
	form_free(&f);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "tests/cases/edit/odd.xml";
	original = read_file(path, &original_len);
	if (original == NULL) {
		perror(path);
		return 1;
	}
	EditSheet *e = open_odd();
	test_texts(e);
	test_unchanged(e);
	test_fields(e);
	test_attributes(e);
	test_lists(e);
	test_positions(e);
	test_spans();
	edit_close(e);
	free(original);
	printf("sheet_edit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
