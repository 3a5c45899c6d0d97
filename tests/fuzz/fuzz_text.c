/* fuzz_text.c: libFuzzer harness with a text-survival oracle.
 *
 * Nothing lost: every character of the input, except the white space
 * typesetting.md §2/§3.5 drops and the invisible format characters
 * (text_is_invisible), must come out.  The input is a byte of flags and
 * then text (made valid XML text as fuzz_layout does, 0x01 a <br/>).
 *   1. The bare breaker: text_collapse removes only white space, and
 *      text_break's lines, with nominal widths in a width and mode taken
 *      from the flags, hold every character between them but U+0020 and
 *      the forced breaks.
 *   2. The layout: the text (in NFC, as the loader composes it) is put
 *      in the situation and in a step's action of a sheet; when the
 *      sheet lays out without an error, the text items of its pages hold
 *      every character of it at least twice over, each item inside its
 *      cell.
 * A violation aborts with the missing character.  Built and run by
 * `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fonts.h"
#include "fuzz_common.h"
#include "layout.h"
#include "load.h"
#include "page.h"
#include "template.h"
#include "text.h"
#include "util.h"

static FuzzEnv env;
static Template *tmpl[2];
static FontSet *fonts[2];
static char *input_path;

static const char head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<sheet xmlns=\"urn:goalsheet:1\" fiscal-year=\"2024\" priority=\"1\" stage=\"plan\">"
	"<department><unit>総務部</unit></department><goal>目標</goal>"
	"<alignment><comprehensive-plan/><strategic-plan/><reform-plan/><sdgs/></alignment>"
	"<situation><p>";
static const char middle[] =
	"</p></situation><purpose>目的</purpose><initiatives>"
	"<initiative title=\"取組\"><step><action>";
static const char tail[] =
	"</action><period>期間</period><target>目標</target></step></initiative>"
	"</initiatives></sheet>\n";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(&env);
	fuzz_open_template(&env, "ueda-a4", &tmpl[0], &fonts[0]);
	fuzz_open_template(&env, "ueda-a3", &tmpl[1], &fonts[1]);
	input_path = fuzz_path(&env, "in.xml");
	return 0;
}

static void lost(const char *what, const char *text, size_t at)
{
	fprintf(stderr, "fuzz_text: %s: text lost at byte %zu of \"%s\"\n", what,
	        at, text);
	abort();
}

static bool is_white(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
}

/* True if bytes [from, to) of s are only U+0020 and line feeds. */
static bool only_breaks(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] != ' ' && s[i] != '\n')
			return false;
	return true;
}

/* Oracle 1: the breaker alone, on the text of one paragraph. */
static void check_breaker(const char *plain, size_t len, unsigned flags)
{
	Buf raw = {0};
	buf_add(&raw, plain, len);
	char *text = text_collapse(raw.data ? raw.data : "", raw.len);
	size_t tlen = strlen(text);
	size_t a = 0, b = 0;   /* collapse removes white space only */
	while (a < raw.len || b < tlen) {
		while (a < raw.len && is_white((unsigned char)raw.data[a]))
			a++;
		while (b < tlen && is_white((unsigned char)text[b]))
			b++;
		if ((a < raw.len) != (b < tlen) || (a < raw.len && raw.data[a] != text[b]))
			lost("text_collapse", raw.data, a);
		a += a < raw.len;
		b += b < tlen;
	}
	double em = 1 + (flags & 15) * 0.5;
	BreakMode mode = (flags >> 4) & 1 ? BREAK_NORMAL : BREAK_STRICT;
	TextLines lines = {0};
	size_t bad;
	if (text_break(text, tlen, em, mode, text_nominal_width, NULL, &lines,
	               &bad) == 0) {
		size_t at = 0;
		for (size_t i = 0; i < lines.n; i++) {
			if (lines.v[i].start < at || !only_breaks(text, at, lines.v[i].start))
				lost("text_break", text, at);
			at = lines.v[i].end;
		}
		if (!only_breaks(text, at, tlen))
			lost("text_break", text, at);
	}
	text_lines_free(&lines);
	free(text);
	buf_free(&raw);
}

/* The code points of s that must be drawn, appended to cps. */
static void visible_cps(const char *s, uint32_t **cps, size_t *n, size_t *cap)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0xFFFD;
		size_t k = utf8_decode(s + i, len - i, &cp);
		i += k ? k : 1;
		if (is_white(cp) || text_is_invisible(cp))
			continue;
		xgrow((void **)cps, cap, *n + 1, sizeof **cps);
		(*cps)[(*n)++] = cp;
	}
}

static int by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static void check_inside(const Item *it)
{
	const double eps = 0.01;
	const Box c = it->cell;
	if (it->angle != 0)
		return;
	if (it->x < c.x - eps || it->x + it->width > c.x + c.w + eps ||
	    it->y - 0.88 * it->size < c.y - eps ||
	    it->y + 0.12 * it->size > c.y + c.h + eps) {
		fprintf(stderr, "fuzz_text: \"%s\" is drawn outside its cell\n",
		        it->text);
		abort();
	}
}

/* Oracle 2: every character twice (situation and action) in the pages. */
static void check_layout(const Doc *doc, const char *plain)
{
	char *nfc = text_nfc(plain, strlen(plain));
	uint32_t *want = NULL, *got = NULL;
	size_t nwant = 0, wcap = 0, ngot = 0, gcap = 0;
	visible_cps(nfc, &want, &nwant, &wcap);
	visible_cps(nfc, &want, &nwant, &wcap);
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t i = 0; i < doc->pages[p].nitems; i++) {
			const Item *it = &doc->pages[p].items[i];
			if (it->kind != ITEM_TEXT)
				continue;
			check_inside(it);
			visible_cps(it->text, &got, &ngot, &gcap);
		}
	if (nwant > 0)
		qsort(want, nwant, sizeof *want, by_value);
	if (ngot > 0)
		qsort(got, ngot, sizeof *got, by_value);
	size_t g = 0;
	for (size_t w = 0; w < nwant; w++) {
		while (g < ngot && got[g] < want[w])
			g++;
		if (g == ngot || got[g] != want[w]) {
			fprintf(stderr, "fuzz_text: U+%04X is missing from the layout of "
			        "\"%s\"\n", (unsigned)want[w], nfc);
			abort();
		}
		g++;
	}
	free(want);
	free(got);
	free(nfc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned flags = data[0];
	Buf xml = {0}, plain = {0}, discard = {0};
	buf_adds(&xml, head);
	fuzz_add_xml_text(&xml, &plain, data + 1, size - 1, false);
	buf_adds(&xml, middle);
	fuzz_add_xml_text(&xml, &discard, data + 1, size - 1, false);
	buf_adds(&xml, tail);
	const char *text = plain.data ? plain.data : "";
	check_breaker(text, plain.len, flags);
	fuzz_write_file(input_path, xml.data, xml.len);
	Diag d;
	diag_init(&d, env.messages);
	Document doc;
	int t = (flags >> 5) & 1;
	if (load_document(input_path, env.schema, env.helpers, &doc, &d) == 0 &&
	    doc.kind == DOC_SHEET) {
		CheckOptions co = {0};
		check_sheet(&doc.sheet, &co, &d);
		Doc pages = {0};
		LayoutContext ctx = {.t = tmpl[t], .fonts = fonts[t], .d = &d};
		layout_sheet(&ctx, &doc.sheet, &pages, -1);
		if (d.errors == 0)
			check_layout(&pages, text);
		doc_free(&pages);
	}
	document_free(&doc);
	buf_free(&xml);
	buf_free(&plain);
	buf_free(&discard);
	return 0;
}
