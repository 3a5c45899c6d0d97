/* explain.c: see explain.h.  Sections: positions in the source, labels,
 * the vocabulary's shape, parse errors, validity errors, numbers. */
#include "explain.h"

#include <ctype.h>
#include <errno.h>
#include <strings.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "template.h"
#include "util.h"

#define NS_GOALSHEET "urn:goalsheet:1"
#define NS_XINCLUDE "http://www.w3.org/2001/XInclude"

void explainer_init(Explainer *ex, Diag *d, const char *path,
                    const char *data, size_t len)
{
	*ex = (Explainer){.d = d, .path = path, .data = data, .len = len};
}

void explainer_free(Explainer *ex)
{
	free(ex->message);
	free(ex->str1);
	free(ex->str2);
	ex->message = ex->str1 = ex->str2 = NULL;
}

static char *one_line(const char *msg)
{
	char *s = xstrdup(msg ? msg : "");
	for (char *nl = strchr(s, '\n'); nl; nl = strchr(nl, '\n'))
		*nl = ' ';
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* libxml2's message in the user's language, never English inside
 * Japanese: a translation, or a plain statement with libxml2's code. */
static char *in_user_language(const char *msg, int code, bool schema)
{
	char *t = i18n_xml_message(msg ? msg : "");
	if (t != NULL)
		return t;
	const char *fmt = schema ? N_("this does not follow the goalsheet "
	                              "vocabulary (libxml2 error %d)")
	                         : N_("this is not well-formed XML (libxml2 error %d)");
	if (_(fmt) != fmt)
		return xasprintf(_(fmt), code);
	return xstrdup(msg ? msg : "");
}

void explain_collect(void *explainer, xmlErrorPtr e)
{
	Explainer *ex = explainer;
	if (e->level == XML_ERR_WARNING) {
		char *msg = one_line(e->message);
		char *shown = in_user_language(msg, e->code, false);
		diag_at(ex->d, DIAG_WARNING, ex->path, e->line > 0 ? e->line : 1,
		        e->int2 > 0 ? e->int2 : 1, NULL, "%s", shown);
		free(shown);
		free(msg);
		return;
	}
	if (ex->errors++ > 0)
		return;
	ex->code = e->code;
	ex->line = e->line;
	ex->col = e->int2;
	ex->message = one_line(e->message);
	ex->str1 = e->str1 ? xstrdup(e->str1) : NULL;
	ex->str2 = e->str2 ? xstrdup(e->str2) : NULL;
	ex->int1 = e->int1;
	ex->node = e->node;
}

/* ---------------------------------------------------------------- */
/* Positions in the source                                           */

static bool is_lead(char c)
{
	return ((unsigned char)c & 0xC0) != 0x80;
}

/* The offset of line:col (characters) in the source, at most its line's end. */
static size_t offset_at(const Explainer *ex, long line, long col)
{
	size_t i = 0;
	for (long l = 1; l < line && i < ex->len; i++)
		if (ex->data[i] == '\n')
			l++;
	for (long c = 1; c < col && i < ex->len && ex->data[i] != '\n';) {
		i++;
		while (i < ex->len && !is_lead(ex->data[i]))
			i++;
		c++;
	}
	return i;
}

static SrcPos pos_at_offset(const Explainer *ex, size_t off)
{
	SrcPos p = {1, 1};
	for (size_t i = 0; i < off && i < ex->len; i++) {
		if (ex->data[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (is_lead(ex->data[i])) {
			p.col++;
		}
	}
	return p;
}

static size_t line_begin(const Explainer *ex, size_t off)
{
	while (off > 0 && ex->data[off - 1] != '\n')
		off--;
	return off;
}

/* The last occurrence of needle in [from, to), or SIZE_MAX. */
static size_t find_back(const Explainer *ex, size_t from, size_t to,
                        const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = to; i-- > from;)
		if (i + n <= ex->len && memcmp(ex->data + i, needle, n) == 0)
			return i;
	return SIZE_MAX;
}

static size_t find_forward(const Explainer *ex, size_t from, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= ex->len; i++)
		if (memcmp(ex->data + i, needle, n) == 0)
			return i;
	return SIZE_MAX;
}

/* ---------------------------------------------------------------- */
/* Labels                                                            */

static const struct {
	const char *element;
	Field field;
} template_labelled[] = {
	{"department", FIELD_DEPARTMENT}, {"goal", FIELD_GOAL},
	{"comprehensive-plan", FIELD_COMPREHENSIVE_PLAN},
	{"strategic-plan", FIELD_STRATEGIC_PLAN}, {"reform-plan", FIELD_REFORM_PLAN},
	{"sdgs", FIELD_SDGS}, {"situation", FIELD_SITUATION},
	{"purpose", FIELD_PURPOSE}, {"action", FIELD_ACTION},
	{"period", FIELD_PERIOD}, {"target", FIELD_TARGET},
	{"interim", FIELD_INTERIM}, {"final", FIELD_FINAL},
	{"participation", FIELD_PARTICIPATION}, {"outcomes", FIELD_OUTCOMES},
};

/* What an element or attribute is, in the user's language (for the
 * elements the template labels, when no template is at hand); in
 * English the name says it, and no label is shown. */
static const char *own_label(const char *name)
{
	/* TRANSLATORS: what an element or attribute of a sheet is, shown
	 * after its name in messages: <unit>（部局名の行）. */
	const char *const names[][2] = {
		{"unit", P_("element", "unit")}, {"line", P_("element", "line")},
		{"sdg", P_("element", "sdg")},
		{"initiatives", P_("element", "initiatives")},
		{"initiative", P_("element", "initiative")},
		{"summary", P_("element", "summary")}, {"step", P_("element", "step")},
		{"point", P_("element", "point")}, {"p", P_("element", "p")},
		{"br", P_("element", "br")}, {"alignment", P_("element", "alignment")},
		{"book", P_("element", "book")}, {"include", P_("element", "include")},
		{"department", P_("element", "department")},
		{"goal", P_("element", "goal")},
		{"comprehensive-plan", P_("element", "comprehensive-plan")},
		{"strategic-plan", P_("element", "strategic-plan")},
		{"reform-plan", P_("element", "reform-plan")},
		{"sdgs", P_("element", "sdgs")}, {"situation", P_("element", "situation")},
		{"purpose", P_("element", "purpose")}, {"action", P_("element", "action")},
		{"period", P_("element", "period")}, {"target", P_("element", "target")},
		{"interim", P_("element", "interim")}, {"final", P_("element", "final")},
		{"remarks", P_("element", "remarks")},
		{"participation", P_("element", "participation")},
		{"outcomes", P_("element", "outcomes")},
		{"fiscal-year", P_("attribute", "fiscal-year")},
		{"priority", P_("attribute", "priority")},
		{"stage", P_("attribute", "stage")}, {"title", P_("attribute", "title")},
		{"mark", P_("attribute", "mark")}, {"no", P_("attribute", "no")},
		{"label", P_("attribute", "label")},
		{"optional", P_("attribute", "optional")},
		{"href", P_("attribute", "href")}, {"parse", P_("attribute", "parse")},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i][0], name) == 0)
			return strcmp(names[i][1], name) == 0 ? NULL : names[i][1];
	return NULL;
}

/* A template label as a short name: its first line, before any
 * parenthesis, without a leading ○ (期間・期限（いつ…） → 期間・期限). */
static char *short_label(const char *label)
{
	Buf b = {0};
	if (strncmp(label, "○", strlen("○")) == 0)
		label += strlen("○");
	for (const char *p = label; *p; p++) {
		if (strncmp(p, "（", strlen("（")) == 0 || *p == '(')
			break;
		if (*p != '\n')
			buf_addc(&b, *p);
	}
	return buf_take(&b);
}

/* "<goal>（重点目標）", or "<goal>" when there is no label.  Caller frees. */
static char *named(const Explainer *ex, const char *element)
{
	char *label = NULL;
	for (size_t i = 0; i < sizeof template_labelled / sizeof template_labelled[0]; i++)
		if (strcmp(template_labelled[i].element, element) == 0) {
			if (ex->labels && ex->labels[template_labelled[i].field])
				label = short_label(ex->labels[template_labelled[i].field]);
		}
	if (label == NULL && own_label(element))
		label = xstrdup(own_label(element));
	if (label == NULL || label[0] == '\0' || strcmp(label, element) == 0) {
		free(label);
		return xasprintf("<%s>", element);
	}
	/* TRANSLATORS: an element and what it is: <goal>（重点目標）. */
	char *s = xasprintf(_("<%s> (%s)"), element, label);
	free(label);
	return s;
}

/* The same for an attribute: title（取組の見出し）. */
static char *named_attr(const char *attr)
{
	const char *label = own_label(attr);
	if (label == NULL)
		return xstrdup(attr);
	/* TRANSLATORS: an attribute and what it is: title（取組の見出し）. */
	return xasprintf(_("%s (%s)"), attr, label);
}

/* ---------------------------------------------------------------- */
/* The vocabulary's shape (templates/goalsheet.rng, said for messages) */

typedef enum ContentKind { C_ELEMENTS, C_INLINE, C_BLOCK, C_EMPTY } ContentKind;
typedef enum AttrType { A_TEXT, A_INT, A_STAGE, A_COLUMNS, A_XML } AttrType;

typedef struct AttrRule {
	const char *name;
	bool required;
	AttrType type;
} AttrRule;

typedef struct ChildRule {
	const char *name;
	const char *alt;      /* another name in the same place, or NULL */
	unsigned char min, max;   /* max 0: any number */
} ChildRule;

typedef struct ElementRule {
	const char *name;
	ContentKind content;
	AttrRule attrs[4];
	ChildRule children[8];
} ElementRule;

#define BLOCK_RULE(n) {n, C_BLOCK, {{0}}, {{0}}}
static const ElementRule rules[] = {
	{"sheet", C_ELEMENTS, {{"fiscal-year", true, A_INT}, {"priority", true, A_INT},
	                       {"stage", false, A_STAGE}},
	 {{"department", NULL, 1, 1}, {"goal", NULL, 1, 1}, {"alignment", NULL, 1, 1},
	  {"situation", NULL, 1, 1}, {"purpose", NULL, 1, 1},
	  {"initiatives", NULL, 1, 1}, {"remarks", NULL, 0, 1}}},
	{"book", C_ELEMENTS, {{"fiscal-year", true, A_INT}},
	 {{"department", NULL, 1, 1}, {"sheet", "include", 1, 0}}},
	{"department", C_ELEMENTS, {{0}}, {{"unit", NULL, 1, 0}}},
	{"unit", C_INLINE, {{0}}, {{0}}},
	{"goal", C_INLINE, {{0}}, {{0}}},
	{"line", C_INLINE, {{0}}, {{0}}},
	{"alignment", C_ELEMENTS, {{0}},
	 {{"comprehensive-plan", NULL, 1, 1}, {"strategic-plan", NULL, 1, 1},
	  {"reform-plan", NULL, 1, 1}, {"sdgs", NULL, 1, 1}}},
	{"comprehensive-plan", C_ELEMENTS, {{0}}, {{"line", NULL, 0, 0}}},
	{"strategic-plan", C_ELEMENTS, {{0}}, {{"line", NULL, 0, 0}}},
	{"reform-plan", C_ELEMENTS, {{0}}, {{"line", NULL, 0, 0}}},
	{"sdgs", C_ELEMENTS, {{0}}, {{"sdg", NULL, 0, 0}}},
	{"sdg", C_EMPTY, {{"goal", true, A_INT}}, {{0}}},
	BLOCK_RULE("situation"), BLOCK_RULE("purpose"), BLOCK_RULE("summary"),
	BLOCK_RULE("action"), BLOCK_RULE("period"), BLOCK_RULE("target"),
	BLOCK_RULE("interim"), BLOCK_RULE("final"), BLOCK_RULE("participation"),
	BLOCK_RULE("outcomes"),
	{"p", C_INLINE, {{"label", false, A_TEXT}}, {{0}}},
	{"br", C_EMPTY, {{0}}, {{0}}},
	{"initiatives", C_ELEMENTS, {{0}}, {{"initiative", NULL, 1, 0}}},
	{"initiative", C_ELEMENTS, {{"title", true, A_TEXT}, {"mark", false, A_TEXT},
	                            {"no", false, A_TEXT}},
	 {{"summary", NULL, 0, 1}, {"step", NULL, 1, 0}}},
	/* target, interim and final, or <point>s: checked apart. */
	{"step", C_ELEMENTS, {{"label", false, A_TEXT}, {"optional", false, A_COLUMNS}},
	 {{"action", NULL, 0, 1}, {"period", NULL, 0, 1}, {"target", NULL, 0, 1},
	  {"interim", NULL, 0, 1}, {"final", NULL, 0, 1}, {"point", NULL, 0, 0}}},
	{"point", C_ELEMENTS, {{"label", false, A_TEXT}, {"optional", false, A_COLUMNS}},
	 {{"period", NULL, 0, 1}, {"target", NULL, 0, 1}, {"interim", NULL, 0, 1},
	  {"final", NULL, 0, 1}}},
	{"remarks", C_ELEMENTS, {{0}},
	 {{"participation", NULL, 0, 1}, {"outcomes", NULL, 0, 1}}},
	{"include", C_EMPTY, {{"href", true, A_TEXT}, {"parse", false, A_XML}}, {{0}}},
};

static const ElementRule *rule_for(const char *name)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].name, name) == 0)
			return &rules[i];
	return NULL;
}

static size_t nchildren(const ElementRule *r)
{
	size_t n = 0;
	while (n < sizeof r->children / sizeof r->children[0] && r->children[n].name)
		n++;
	return n;
}

size_t explain_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return SIZE_MAX;
	size_t d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) !=
			              tolower((unsigned char)b[j - 1]);
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

/* The nearest of names to word, when near enough to be a slip. */
static const char *nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t dist = explain_distance(word, names[i]);
		if (dist < best_d) {
			best_d = dist;
			best = names[i];
		}
	}
	size_t len = strlen(word);
	size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	return best && best_d <= limit ? best : NULL;
}

/* ---------------------------------------------------------------- */
/* Reporting                                                         */

static void report(Explainer *ex, SrcPos pos, const char *msg, int shown)
{
	diag_at(ex->d, DIAG_ERROR, ex->path, pos.line > 0 ? pos.line : 1,
	        pos.col > 0 ? pos.col : 1, NULL, "%s", msg);
	int rest = ex->errors - shown;
	if (rest > 0)
		diag_at(ex->d, DIAG_NOTE, ex->path, pos.line > 0 ? pos.line : 1,
		        pos.col > 0 ? pos.col : 1, NULL,
		        ngettext("%d more error that follows from this one is not "
		                 "shown; fix this one and check again",
		                 "%d more errors that follow from this one are not "
		                 "shown; fix this one and check again", rest), rest);
}

static char *libxml2_message(const Explainer *ex, bool schema)
{
	return in_user_language(ex->message, ex->code, schema);
}

/* ---------------------------------------------------------------- */
/* Parse errors                                                      */

static bool starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A full-width character that stands for markup, at off, or NULL. */
static const char *fullwidth_markup(const Explainer *ex, size_t off)
{
	static const char *const marks[] = {"　", "＜", "＞", "＝", "＂", "“", "”",
	                                    "’", "‘", "／", "＇"};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t n = strlen(marks[i]);
		if (off + n <= ex->len && memcmp(ex->data + off, marks[i], n) == 0)
			return marks[i];
	}
	return NULL;
}

static const char *halfwidth_of(const char *mark)
{
	static const char *const pairs[][2] = {
		{"　", " "}, {"＜", "<"}, {"＞", ">"}, {"＝", "="}, {"＂", "\""},
		{"“", "\""}, {"”", "\""}, {"’", "'"}, {"‘", "'"}, {"／", "/"}, {"＇", "'"}};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (strcmp(pairs[i][0], mark) == 0)
			return pairs[i][1];
	return "?";
}

static char *fullwidth_message(const char *mark)
{
	if (strcmp(mark, "　") == 0)
		return xstrdup(_("a full-width space (U+3000) inside a tag: separate "
		                 "names and attributes with half-width spaces"));
	return xasprintf(_("the full-width %s is markup here: write the half-width "
	                 "%s (tags and attributes are written in half-width "
	                 "characters)"), mark, halfwidth_of(mark));
}

/* Looks for full-width markup between the start of the tag that holds
 * off and off itself (a little past it too: libxml2 stops after it). */
static bool find_fullwidth_in_tag(const Explainer *ex, size_t off, size_t *at,
                                  const char **mark)
{
	size_t lt = find_back(ex, line_begin(ex, off), off < ex->len ? off + 1 : off, "<");
	size_t from = lt == SIZE_MAX ? line_begin(ex, off) : lt;
	size_t to = off + 8 < ex->len ? off + 8 : ex->len;
	for (size_t i = from; i < to; i++) {
		if (ex->data[i] == '>' && i >= off)
			break;
		const char *m = fullwidth_markup(ex, i);
		if (m != NULL) {
			*at = i;
			*mark = m;
			return true;
		}
	}
	return false;
}

static bool has_utf8_bom(const Explainer *ex)
{
	return ex->len >= 3 && memcmp(ex->data, "\xEF\xBB\xBF", 3) == 0;
}

/* The encoding the declaration names, or NULL.  Caller frees. */
static char *declared_encoding(const Explainer *ex)
{
	size_t start = has_utf8_bom(ex) ? 3 : 0;
	if (ex->len < start + 5 || memcmp(ex->data + start, "<?xml", 5) != 0)
		return NULL;
	size_t end = find_forward(ex, start, "?>");
	size_t enc = find_forward(ex, start, "encoding");
	if (end == SIZE_MAX || enc == SIZE_MAX || enc > end)
		return NULL;
	size_t q = enc + strlen("encoding");
	while (q < end && (ex->data[q] == ' ' || ex->data[q] == '='))
		q++;
	if (q >= end || (ex->data[q] != '"' && ex->data[q] != '\''))
		return NULL;
	char quote = ex->data[q++];
	size_t e = q;
	while (e < end && ex->data[e] != quote)
		e++;
	return xstrndup(ex->data + q, e - q);
}

static bool decodes_as(const Explainer *ex, const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return false;
	char out[4096];
	char *in = (char *)ex->data;
	size_t left = ex->len;
	bool ok = true;
	while (ok && left > 0) {
		char *o = out;
		size_t room = sizeof out;
		if (iconv(cd, &in, &left, &o, &room) == (size_t)-1 && errno != E2BIG)
			ok = false;
	}
	iconv_close(cd);
	return ok;
}

static char *explain_encoding(const Explainer *ex, SrcPos *pos)
{
	char *declared = declared_encoding(ex);
	bool utf8 = declared == NULL || strcasecmp(declared, "UTF-8") == 0;
	char *msg = NULL;
	size_t bad = 0;
	if (utf8 && !utf8_valid(ex->data, ex->len, &bad))
		*pos = pos_at_offset(ex, bad);
	if (has_utf8_bom(ex) && !utf8)
		msg = xasprintf(_("the file starts with a UTF-8 byte order mark but "
		                "declares encoding=\"%s\": write encoding=\"UTF-8\" "
		                "(or save the file without the mark)"), declared);
	else if (declared != NULL && utf8 && decodes_as(ex, "CP932"))
		msg = xstrdup(_("the file declares UTF-8 but looks like Shift_JIS: "
		              "save it as UTF-8, or write encoding=\"Shift_JIS\" in "
		              "its declaration"));
	else if (utf8 && decodes_as(ex, "CP932"))
		msg = xstrdup(_("the file is not UTF-8 but looks like Shift_JIS: "
		              "save it as UTF-8, or declare it on the first line: "
		              "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>"));
	else if (declared == NULL)
		msg = xstrdup(_("the file is not UTF-8: save it as UTF-8 (or "
		              "declare its encoding on the first line)"));
	else
		msg = xasprintf(_("the file does not read as the encoding it declares "
		                "(encoding=\"%s\"): declare the encoding it was saved "
		                "in, or save it as UTF-8"), declared);
	free(declared);
	return msg;
}

/* "Opening and ending tag mismatch: OPEN line N and CLOSE". */
static char *explain_mismatch(const Explainer *ex, SrcPos *pos)
{
	const char *open = ex->str1 ? ex->str1 : "?", *close = ex->str2 ? ex->str2 : "?";
	size_t here = offset_at(ex, ex->line, ex->col);
	char *end_tag = xasprintf("</%s", close);
	size_t at = find_back(ex, line_begin(ex, here), here + 1, end_tag);
	free(end_tag);
	if (at != SIZE_MAX)
		*pos = pos_at_offset(ex, at);
	if (strcmp(open, "br") == 0) {
		size_t br = find_forward(ex, offset_at(ex, ex->int1, 1), "<br");
		if (br != SIZE_MAX)
			*pos = pos_at_offset(ex, br);
		return xstrdup(_("write <br> as <br/>: a line break is an empty "
		               "element and needs its slash"));
	}
	if (explain_distance(open, close) <= 2)
		return xasprintf(_("</%s> does not close <%s> (line %d): write </%s>"),
		                 close, open, ex->int1, open);
	return xasprintf(_("<%s> (line %d) is not closed: write </%s> before </%s>"),
	                 open, ex->int1, open, close);
}

static char *explain_ampersand(const Explainer *ex, SrcPos *pos)
{
	size_t here = offset_at(ex, ex->line, ex->col);
	size_t amp = find_back(ex, line_begin(ex, here), here + 1, "&");
	if (amp != SIZE_MAX)
		*pos = pos_at_offset(ex, amp);
	return xstrdup(_("a bare & in text: write it as &amp; (& starts a "
	               "character reference such as &lt;)"));
}

static char *explain_comment(const Explainer *ex, SrcPos *pos)
{
	size_t here = offset_at(ex, ex->line, ex->col);
	size_t open = find_back(ex, 0, here + 1, "<!--");
	size_t dash = open == SIZE_MAX ? SIZE_MAX : find_forward(ex, open + 4, "--");
	if (dash != SIZE_MAX)
		*pos = pos_at_offset(ex, dash);
	return xstrdup(_("-- inside a comment: a comment <!-- … --> may not hold "
	               "two hyphens in a row; write them apart or use another "
	               "dash (―)"));
}

/* The explanation of the first parse error, or NULL. */
static char *explain_parse(const Explainer *ex, SrcPos *pos)
{
	const char *m = ex->message;
	if (ex->data == NULL)
		return NULL;
	if (starts(m, "Input is not proper UTF-8") || ex->code == XML_I18N_CONV_FAILED ||
	    starts(m, "input conversion failed"))
		return explain_encoding(ex, pos);
	size_t here = offset_at(ex, ex->line, ex->col), at;
	const char *mark;
	if (starts(m, "xmlParseEntityRef: no name") || starts(m, "EntityRef: expecting ';'"))
		return explain_ampersand(ex, pos);
	if (ex->code == XML_ERR_TAG_NAME_MISMATCH)
		return explain_mismatch(ex, pos);
	if (ex->code == XML_ERR_HYPHEN_IN_COMMENT)
		return explain_comment(ex, pos);
	if (ex->code == XML_ERR_TAG_NOT_FINISHED)
		return xasprintf(_("<%s> (line %d) is never closed: the file ends "
		                 "before its </%s>"), ex->str1 ? ex->str1 : "?",
		                 ex->int1, ex->str1 ? ex->str1 : "?");
	if (find_fullwidth_in_tag(ex, here, &at, &mark)) {
		*pos = pos_at_offset(ex, at);
		return fullwidth_message(mark);
	}
	if (ex->code == XML_ERR_ATTRIBUTE_NOT_STARTED)
		return xstrdup(_("an attribute's value must be in quotes: "
		               "name=\"value\""));
	if (ex->code == XML_ERR_ATTRIBUTE_WITHOUT_VALUE)
		return xasprintf(_("the attribute %s has no value: write %s=\"…\""),
		                 ex->str1 ? ex->str1 : "?", ex->str1 ? ex->str1 : "?");
	if (ex->code == XML_ERR_ATTRIBUTE_REDEFINED)
		return xasprintf(_("the attribute %s is given twice: keep one"),
		                 ex->str1 ? ex->str1 : "?");
	if (starts(m, "StartTag: invalid element name")) {
		size_t lt = find_back(ex, line_begin(ex, here), here + 1, "<");
		if (lt != SIZE_MAX)
			*pos = pos_at_offset(ex, lt);
		return xstrdup(_("a < in text: write it as &lt; (< starts a tag)"));
	}
	if (ex->code == XML_ERR_DOCUMENT_END)
		return xstrdup(_("something follows the document's last end tag: a "
		               "file holds one <sheet> or one <book>"));
	if (ex->code == XML_ERR_RESERVED_XML_NAME)
		return xstrdup(_("the declaration <?xml …?> must be the very first "
		               "thing in the file: remove the blank lines or spaces "
		               "before it"));
	if (ex->code == XML_NS_ERR_UNDEFINED_NAMESPACE && ex->str1 &&
	    strcmp(ex->str1, "xi") == 0)
		return xasprintf(_("the prefix xi: is not declared: write "
		                 "xmlns:xi=\"%s\" on the <book>"), NS_XINCLUDE);
	if (ex->code == XML_ERR_UNDECLARED_ENTITY)
		return xasprintf(_("&%s; is not an XML entity: write the character "
		                 "itself (XML knows only &amp; &lt; &gt; &quot; "
		                 "&apos; and &#NUMBER;)"), ex->str1 ? ex->str1 : "?");
	return NULL;
}

void explain_parse_failure(Explainer *ex)
{
	if (ex->errors == 0)
		return;
	SrcPos pos = {ex->line > 0 ? ex->line : 1, ex->col > 0 ? ex->col : 1};
	char *msg = explain_parse(ex, &pos);
	if (msg == NULL)
		msg = libxml2_message(ex, false);
	report(ex, pos, msg, 1);
	free(msg);
}

/* ---------------------------------------------------------------- */
/* Validity errors                                                   */

typedef struct Finding {
	bool found;
	SrcPos pos;
	char *msg;
} Finding;

static void found(Finding *f, SrcPos pos, char *msg)
{
	f->found = true;
	f->pos = pos;
	f->msg = msg;
}

static SrcPos element_pos(const Explainer *ex, xmlNodePtr n)
{
	if (ex->pos)
		return ex->pos(ex->pos_ctx, n);
	return (SrcPos){xmlGetLineNo(n), 1};
}

static bool in_vocabulary(xmlNodePtr n)
{
	if (n->ns == NULL)
		return false;
	const char *ns = (const char *)n->ns->href;
	return strcmp(ns, NS_GOALSHEET) == 0 ||
	       (strcmp(ns, NS_XINCLUDE) == 0 && strcmp((const char *)n->name, "include") == 0);
}

static bool is_blank(const char *s)
{
	for (; s && *s; s++)
		if (!strchr(" \t\r\n", *s))
			return false;
	return true;
}

/* Where a text node's first visible character is: searched in the
 * source from the element before it (libxml2 keeps no column). */
static SrcPos text_pos(const Explainer *ex, xmlNodePtr text, const char *want)
{
	xmlNodePtr before = text->prev ? text->prev : text->parent;
	while (before && before->type != XML_ELEMENT_NODE)
		before = before->prev ? before->prev : before->parent;
	SrcPos from = before ? element_pos(ex, before) : (SrcPos){1, 1};
	if (ex->data == NULL)
		return from;
	size_t start = offset_at(ex, from.line, from.col);
	size_t at = want ? find_forward(ex, start, want) : SIZE_MAX;
	if (at == SIZE_MAX) {
		const char *s = (const char *)text->content;
		while (*s && strchr(" \t\r\n", *s))
			s++;
		size_t n = 0;
		while (s[n] && n < 12 && !strchr("\n&<", s[n]))
			n++;
		char *needle = xstrndup(s, n);
		/* Past the start tag of the element before. */
		size_t gt = find_forward(ex, start, ">");
		at = n > 0 ? find_forward(ex, gt == SIZE_MAX ? start : gt, needle) : SIZE_MAX;
		free(needle);
	}
	return at == SIZE_MAX ? from : pos_at_offset(ex, at);
}

static const char *first_fullwidth(const char *s, const char **mark)
{
	static const char *const marks[] = {"＜", "＞", "＝", "＂", "／"};
	for (const char *p = s; *p; p++)
		for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
			if (strncmp(p, marks[i], strlen(marks[i])) == 0) {
				*mark = marks[i];
				return p;
			}
	return NULL;
}

/* "<action> (…), <period> (…)": the names that may come at a place. */
static char *name_list(const Explainer *ex, const char *const *names, size_t n)
{
	Buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			/* TRANSLATORS: between the items of a list of names. */
			buf_adds(&b, _(", "));
		char *s = named(ex, names[i]);
		buf_adds(&b, s);
		free(s);
	}
	return buf_take(&b);
}

static void text_not_allowed(const Explainer *ex, xmlNodePtr parent, xmlNodePtr t,
                             Finding *f)
{
	const char *mark = NULL;
	const char *p = first_fullwidth((const char *)t->content, &mark);
	if (p != NULL) {
		found(f, text_pos(ex, t, mark), xasprintf(_("text in <%s> holds a "
		      "full-width %s: tags are written with the half-width < > / = "
		      "and \" (%s here), or the text belongs inside a field"),
		      (const char *)parent->name, mark, halfwidth_of(mark)));
		return;
	}
	const ElementRule *r = rule_for((const char *)parent->name);
	const char *names[8];
	size_t n = 0;
	for (size_t i = 0; r && i < nchildren(r); i++)
		names[n++] = r->children[i].name;
	char *list = name_list(ex, names, n);
	found(f, text_pos(ex, t, NULL), xasprintf(_("<%s> holds no text of its own: "
	      "write the text inside one of %s"), (const char *)parent->name, list));
	free(list);
}

static const char *const stage_words[][2] = {
	{"plan", "目標設定"}, {"interim", "中間報告"}, {"final", "期末報告"},
	{"plan", "目標"}, {"interim", "中間"}, {"final", "期末"}};
static const char *const column_words[] = {"action", "period", "target",
                                           "interim", "final"};

static bool ascii_digits(char *s);

/* 令和６, R6, 平成30 … as a Western year, or 0. */
static int era_to_western(const char *v, bool *no_such_year)
{
	static const struct { const char *name; int base, last; } eras[] = {
		{"令和", 2018, 0}, {"平成", 1988, 31}, {"昭和", 1925, 64},
		{"R", 2018, 0}, {"H", 1988, 31}, {"S", 1925, 64}};
	for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
		size_t n = strlen(eras[i].name);
		if (strncasecmp(v, eras[i].name, n) != 0)
			continue;
		const char *p = v + n;
		int y = 0;
		if (strncmp(p, "元", strlen("元")) == 0)
			y = 1;
		for (; isdigit((unsigned char)*p); p++)
			y = y * 10 + (*p - '0');
		if (y <= 0)
			return 0;
		*no_such_year = eras[i].last > 0 && y > eras[i].last;
		return eras[i].base + y;
	}
	return 0;
}

static char *bad_integer(const char *name, const char *v)
{
	bool no_such = false;
	char *ascii = xstrdup(v);
	ascii_digits(ascii);
	int year = strcmp(name, "fiscal-year") == 0 ? era_to_western(ascii, &no_such) : 0;
	free(ascii);
	if (year > 0 && no_such)
		return xasprintf(_("fiscal-year=\"%s\": that era year does not exist; "
		                 "write the Western year in which the fiscal year "
		                 "starts (2019 is 令和元年度)"), v);
	if (year > 0)
		return xasprintf(_("fiscal-year=\"%s\": write the Western year: "
		                 "fiscal-year=\"%d\""), v, year);
	return xasprintf(_("%s=\"%s\" is not a whole number: write digits, such "
	                 "as %s=\"%s\""), name, v, name,
	                 strcmp(name, "fiscal-year") == 0 ? "2024" : "1");
}

static char *bad_stage(const char *v)
{
	for (size_t i = 0; i < sizeof stage_words / sizeof stage_words[0]; i++)
		if (strstr(v, stage_words[i][1]) || strcasecmp(v, stage_words[i][0]) == 0)
			return xasprintf(_("stage=\"%s\": write stage=\"%s\" (the stages "
			                 "are plan, interim and final)"), v, stage_words[i][0]);
	return xasprintf(_("stage=\"%s\": the stages are plan (目標設定), interim "
	                 "(中間報告) and final (期末報告)"), v);
}

static char *bad_columns(const char *v)
{
	char *copy = xstrdup(v);
	char *msg = NULL;
	for (char *tok = strtok(copy, " \t\r\n"); tok && !msg; tok = strtok(NULL, " \t\r\n")) {
		bool known = false;
		for (size_t i = 0; i < 5; i++)
			known = known || strcmp(tok, column_words[i]) == 0;
		if (known)
			continue;
		const char *near = nearest(tok, column_words, 5);
		msg = near ? xasprintf(_("optional=\"%s\": %s is not a column; did you "
		                       "mean %s?"), v, tok, near)
		           : xasprintf(_("optional=\"%s\": %s is not a column; the "
		                       "columns are action, period, target, interim "
		                       "and final"), v, tok);
	}
	free(copy);
	return msg;
}

static bool is_integer(const char *v)
{
	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
		v++;
	if (*v == '+' || *v == '-')
		v++;
	if (!isdigit((unsigned char)*v))
		return false;
	while (isdigit((unsigned char)*v))
		v++;
	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
		v++;
	return *v == '\0';
}

static char *value_problem(const AttrRule *a, const char *v)
{
	switch (a->type) {
	case A_INT:
		return is_integer(v) ? NULL : bad_integer(a->name, v);
	case A_STAGE:
		return strcmp(v, "plan") == 0 || strcmp(v, "interim") == 0 ||
		       strcmp(v, "final") == 0 ? NULL : bad_stage(v);
	case A_COLUMNS:
		return bad_columns(v);
	case A_XML:
		return strcmp(v, "xml") == 0 ? NULL
		       : xasprintf(_("parse=\"%s\": only parse=\"xml\" is allowed"), v);
	case A_TEXT:
		break;
	}
	return NULL;
}

static void check_attrs(const Explainer *ex, xmlNodePtr n, const ElementRule *r,
                        Finding *f)
{
	const char *allowed[4];
	size_t nallowed = 0;
	while (nallowed < 4 && r->attrs[nallowed].name)
		nallowed++;
	for (size_t i = 0; i < nallowed; i++)
		allowed[i] = r->attrs[i].name;
	for (xmlAttrPtr a = n->properties; a && !f->found; a = a->next) {
		const char *name = (const char *)a->name;
		size_t i = 0;
		while (i < nallowed && !(a->ns == NULL && strcmp(allowed[i], name) == 0))
			i++;
		if (i < nallowed) {
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
			char *why = value_problem(&r->attrs[i], v ? (const char *)v : "");
			xmlFree(v);
			if (why)
				found(f, element_pos(ex, n), why);
			continue;
		}
		const char *near = nearest(name, allowed, nallowed);
		char *list = NULL;
		if (near == NULL) {
			Buf b = {0};
			for (size_t k = 0; k < nallowed; k++) {
				if (k > 0)
					buf_adds(&b, _(", "));
				buf_adds(&b, allowed[k]);
			}
			list = buf_take(&b);
		}
		char *msg = near ? xasprintf(_("<%s> has no attribute %s; did you mean "
		                             "%s?"), (const char *)n->name, name, near)
		            : nallowed == 0
		            ? xasprintf(_("<%s> takes no attributes; remove %s"),
		                        (const char *)n->name, name)
		            : xasprintf(_("<%s> has no attribute %s; its attributes "
		                        "are %s"), (const char *)n->name, name, list);
		free(list);
		found(f, element_pos(ex, n), msg);
	}
	for (size_t i = 0; i < nallowed && !f->found; i++) {
		if (!r->attrs[i].required ||
		    xmlHasNsProp(n, (const xmlChar *)allowed[i], NULL) != NULL)
			continue;
		char *attr = named_attr(allowed[i]);
		found(f, element_pos(ex, n), xasprintf(_("<%s> needs the attribute "
		      "%s: write <%s %s=\"…\">"), (const char *)n->name, attr,
		      (const char *)n->name, allowed[i]));
		free(attr);
	}
}

static bool rule_names(const ChildRule *c, const char *name)
{
	return strcmp(c->name, name) == 0 || (c->alt && strcmp(c->alt, name) == 0);
}

/* Names that may come at item k of r's children (k itself up to the
 * first one still required). */
static size_t names_from(const ElementRule *r, size_t k, const unsigned *count,
                         const char **out)
{
	size_t n = 0;
	for (size_t i = k; i < nchildren(r); i++) {
		if (r->children[i].max == 0 || count[i] < r->children[i].max) {
			out[n++] = r->children[i].name;
			if (r->children[i].alt)
				out[n++] = r->children[i].alt;
		}
		if (count[i] < r->children[i].min)
			break;
	}
	return n;
}

static xmlNodePtr later_sibling(xmlNodePtr c, const char *name)
{
	for (; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

static void missing_child(const Explainer *ex, xmlNodePtr parent, xmlNodePtr prev,
                          xmlNodePtr here, const char *name, Finding *f)
{
	char *what = named(ex, name);
	xmlNodePtr later = here ? later_sibling(here, name) : NULL;
	char *msg;
	if (later != NULL) {
		/* Said where it belongs, as a missing one would be. */
		msg = xasprintf(_("%s comes before <%s>: move it up"), what,
		                (const char *)here->name);
		found(f, element_pos(ex, here), msg);
	} else {
		msg = prev ? xasprintf(_("%s is missing: write it after <%s>"), what,
		                       (const char *)prev->name)
		           : xasprintf(_("%s is missing: write it first in <%s>"), what,
		                       (const char *)parent->name);
		SrcPos pos = here ? element_pos(ex, here) : element_pos(ex, parent);
		if (here == NULL && prev != NULL)
			pos = element_pos(ex, prev);
		found(f, pos, msg);
	}
	free(what);
}

static bool has_child_rule(const ElementRule *r, const char *name)
{
	for (size_t i = 0; r && i < nchildren(r); i++)
		if (rule_names(&r->children[i], name))
			return true;
	return false;
}

/* A known element in the wrong place: one that comes earlier in this
 * parent, or one that belongs inside what may come here.  NULL if not. */
static char *misplaced(const Explainer *ex, const ElementRule *parent_rule,
                       xmlNodePtr c, const char *const *names, size_t n)
{
	const char *name = (const char *)c->name;
	if (!in_vocabulary(c) || rule_for(name) == NULL)
		return NULL;
	char *what = named(ex, name), *msg = NULL;
	if (has_child_rule(parent_rule, name) && n > 0)
		msg = xasprintf(_("%s comes before <%s>: move it up"), what, names[0]);
	for (size_t i = 0; i < n && msg == NULL; i++)
		if (has_child_rule(rule_for(names[i]), name))
			msg = xasprintf(_("%s goes inside a <%s>"), what, names[i]);
	free(what);
	return msg;
}

static void unexpected_child(const Explainer *ex, xmlNodePtr parent, xmlNodePtr c,
                             const char *const *names, size_t n, bool twice,
                             Finding *f)
{
	const ElementRule *r = rule_for((const char *)parent->name);
	const char *name = (const char *)c->name;
	char *msg;
	if (twice) {
		char *what = named(ex, name);
		msg = xasprintf(_("a second %s: <%s> holds one; join the two"), what,
		                (const char *)parent->name);
		free(what);
	} else {
		const char *near = nearest(name, names, n);
		const ElementRule *known = rule_for(name);
		if (near != NULL && strcmp(near, name) != 0) {
			char *what = named(ex, near);
			msg = xasprintf(_("<%s> cannot go here; did you mean %s?"), name, what);
			free(what);
		} else if ((msg = misplaced(ex, r, c, names, n)) != NULL) {
			/* said by misplaced */
		} else if (n == 0) {
			msg = xasprintf(_("<%s> cannot go here: nothing more goes in <%s>"),
			                name, (const char *)parent->name);
		} else {
			char *list = name_list(ex, names, n);
			msg = known && !in_vocabulary(c)
			      ? xasprintf(_("<%s> is not in the goalsheet namespace; is "
			                  "an xmlns=\"\" left on it?"), name)
			      : xasprintf(_("<%s> cannot go here; what may come here: %s"),
			                  name, list);
			free(list);
		}
	}
	found(f, element_pos(ex, c), msg);
}

static void check_element(const Explainer *ex, xmlNodePtr n, Finding *f);

static void check_sequence(const Explainer *ex, xmlNodePtr n, const ElementRule *r,
                           Finding *f)
{
	size_t k = 0, nk = nchildren(r);
	unsigned count[8] = {0};
	xmlNodePtr prev = NULL;
	for (xmlNodePtr c = n->children; c && !f->found; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!is_blank((const char *)c->content))
				text_not_allowed(ex, n, c, f);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		const char *names[16];
		size_t nn = names_from(r, k, count, names);
		size_t j = k;
		while (j < nk && !rule_names(&r->children[j], name))
			j++;
		bool known_here = j < nk && in_vocabulary(c);
		/* A required child skipped on the way is missing. */
		for (size_t i = k; known_here && i < j; i++)
			if (count[i] < r->children[i].min) {
				missing_child(ex, n, prev, c, r->children[i].name, f);
				return;
			}
		if (!known_here) {
			bool twice = false;
			for (size_t i = 0; i < k + 1 && i < nk; i++)
				twice = twice || (rule_names(&r->children[i], name) &&
				                  in_vocabulary(c) && count[i] > 0);
			unexpected_child(ex, n, c, names, nn, twice, f);
			return;
		}
		if (r->children[j].max != 0 && count[j] >= r->children[j].max) {
			unexpected_child(ex, n, c, names, nn, true, f);
			return;
		}
		count[j]++;
		k = j;
		prev = c;
	}
	for (size_t i = k; i < nk && !f->found; i++)
		if (count[i] < r->children[i].min)
			missing_child(ex, n, prev, NULL, r->children[i].name, f);
}

/* <point>s replace target, interim and final in a <step>. */
static void check_points(const Explainer *ex, xmlNodePtr step, Finding *f)
{
	xmlNodePtr point = NULL, column = NULL;
	for (xmlNodePtr c = step->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "point") == 0 && point == NULL)
			point = c;
		else if (!column && (strcmp((const char *)c->name, "target") == 0 ||
		                     strcmp((const char *)c->name, "interim") == 0 ||
		                     strcmp((const char *)c->name, "final") == 0))
			column = c;
	}
	if (point && column) {
		char *what = named(ex, (const char *)column->name);
		found(f, element_pos(ex, column), xasprintf(_("%s and <point> do not "
		      "go together in one <step>: put it inside each <point>"), what));
		free(what);
	}
}

static void check_inline(const Explainer *ex, xmlNodePtr n, bool block, Finding *f)
{
	bool has_p = false, has_inline = false;
	xmlNodePtr first_text = NULL;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!is_blank((const char *)c->content)) {
				has_inline = true;
				first_text = first_text ? first_text : c;
			}
		} else if (c->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)c->name;
			if (strcmp(name, "br") == 0 && in_vocabulary(c)) {
				has_inline = true;
			} else if (block && strcmp(name, "p") == 0 && in_vocabulary(c)) {
				has_p = true;
			} else {
				char *what = named(ex, (const char *)n->name);
				const char *allowed[] = {"br", "p"};
				const char *near = nearest(name, allowed, block ? 2 : 1);
				char *msg = near && strcmp(near, name) != 0
				      ? xasprintf(_("<%s> cannot go here; did you mean <%s>?"),
				                  name, near)
				      : block ? xasprintf(_("%s holds text, <br/> or <p> "
				                          "paragraphs: <%s> cannot go inside "
				                          "it"), what, name)
				      : xasprintf(_("%s holds one line of text (with <br/>): "
				                  "<%s> cannot go inside it"), what, name);
				free(what);
				found(f, element_pos(ex, c), msg);
				return;
			}
		}
	}
	if (has_p && has_inline) {
		char *what = named(ex, (const char *)n->name);
		SrcPos pos = first_text ? text_pos(ex, first_text, NULL) : element_pos(ex, n);
		found(f, pos, xasprintf(_("%s mixes text and <p> paragraphs: put all "
		      "its text inside <p>, or use no <p>"), what));
		free(what);
	}
}

static void check_empty(const Explainer *ex, xmlNodePtr n, Finding *f)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE ||
		    (c->type == XML_TEXT_NODE && !is_blank((const char *)c->content))) {
			found(f, c->type == XML_TEXT_NODE ? text_pos(ex, c, NULL)
			                                 : element_pos(ex, c),
			      xasprintf(_("<%s> is empty: write it as <%s …/>"),
			                (const char *)n->name, (const char *)n->name));
			return;
		}
}

static void check_element(const Explainer *ex, xmlNodePtr n, Finding *f)
{
	const ElementRule *r = rule_for((const char *)n->name);
	if (r == NULL || !in_vocabulary(n))
		return;   /* reported by its parent */
	check_attrs(ex, n, r, f);
	if (f->found)
		return;
	switch (r->content) {
	case C_ELEMENTS:
		check_sequence(ex, n, r, f);
		if (!f->found && strcmp(r->name, "step") == 0)
			check_points(ex, n, f);
		break;
	case C_INLINE:
	case C_BLOCK:
		check_inline(ex, n, r->content == C_BLOCK, f);
		break;
	case C_EMPTY:
		check_empty(ex, n, f);
		break;
	}
	for (xmlNodePtr c = n->children; c && !f->found; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			check_element(ex, c, f);
}

void explain_invalid(Explainer *ex, xmlDocPtr doc)
{
	Finding f = {0};
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root != NULL && rule_for((const char *)root->name) &&
	    (strcmp((const char *)root->name, "sheet") == 0 ||
	     strcmp((const char *)root->name, "book") == 0))
		check_element(ex, root, &f);
	else if (root != NULL) {
		const char *roots[] = {"sheet", "book"};
		const char *near = nearest((const char *)root->name, roots, 2);
		found(&f, element_pos(ex, root), xasprintf(_("a goalsheet document is a "
		      "<sheet> or a <book>, not a <%s>%s"), (const char *)root->name,
		      near ? (strcmp(near, "sheet") == 0 ? _("; did you mean <sheet>?")
		                                         : _("; did you mean <book>?"))
		           : ""));
	}
	if (!f.found) {
		SrcPos pos = ex->node ? element_pos(ex, ex->node)
		                      : (SrcPos){ex->line > 0 ? ex->line : 1, 1};
		f.pos = pos;
		f.msg = libxml2_message(ex, true);
	}
	if (ex->errors == 0)
		ex->errors = 1;
	report(ex, f.pos, f.msg, 1);
	free(f.msg);
}

/* ---------------------------------------------------------------- */
/* Numbers                                                           */

/* ２０２４ → 2024, in place.  True when a digit was changed. */
static bool ascii_digits(char *s)
{
	char *w = s;
	bool changed = false;
	for (const char *r = s; *r;) {
		/* U+FF10..U+FF19 are EF BC 90..99 in UTF-8. */
		if ((unsigned char)r[0] == 0xEF && (unsigned char)r[1] == 0xBC &&
		    (unsigned char)r[2] >= 0x90 && (unsigned char)r[2] <= 0x99) {
			*w++ = (char)('0' + ((unsigned char)r[2] - 0x90));
			r += 3;
			changed = true;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return changed;
}

static void normalise_element(xmlNodePtr n)
{
	const ElementRule *r = rule_for((const char *)n->name);
	for (size_t i = 0; r && in_vocabulary(n) && i < 4 && r->attrs[i].name; i++) {
		if (r->attrs[i].type != A_INT)
			continue;
		xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)r->attrs[i].name);
		if (v == NULL)
			continue;
		char *s = xstrdup((const char *)v);
		xmlFree(v);
		if (ascii_digits(s) && is_integer(s))
			xmlSetNsProp(n, NULL, (const xmlChar *)r->attrs[i].name,
			             (const xmlChar *)s);
		free(s);
	}
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			normalise_element(c);
}

void explain_normalise_numbers(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root != NULL)
		normalise_element(root);
}
