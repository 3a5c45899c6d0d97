/* fuzz_layout.c: libFuzzer harness for text setting and layout.
 *
 * The input is pieces of text separated by 0xFF bytes (never in UTF-8),
 * after a first byte of flags.  Each piece is made valid XML text
 * (invalid UTF-8 and characters XML forbids dropped, markup escaped,
 * 0x01 becoming <br/>) and put into one slot of a sheet that fills every
 * kind of cell: fixed cells (goal, department, plans), flowing ones
 * (situation, the table), labels that hang, vertical labels, points.
 * The sheet is loaded, checked and laid out with the real template
 * (ueda-a4, or ueda-a3) and fonts; some inputs are written as PDF too.
 * FUZZ_VERBOSE=1 prints the messages (and keeps the files in the
 * private folder of $TMPDIR).  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fonts.h"
#include "layout.h"
#include "load.h"
#include "page.h"
#include "pdf.h"
#include "template.h"
#include "util.h"

#ifndef FUZZ_DATADIR
#define FUZZ_DATADIR "."
#endif

/* @N@ is slot N (a piece of the input, or the default text). */
static const char sheet_template[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<sheet xmlns=\"urn:goalsheet:1\" fiscal-year=\"2019\" priority=\"3\" stage=\"@S@\">\n"
	"<department><unit>@0@</unit><unit>@1@</unit></department>\n"
	"<goal>@2@</goal>\n"
	"<alignment><comprehensive-plan><line>@3@</line></comprehensive-plan>"
	"<strategic-plan/><reform-plan><line>@4@</line></reform-plan>"
	"<sdgs><sdg goal=\"3\"/><sdg goal=\"17\"/></sdgs></alignment>\n"
	"<situation><p label=\"@5@\">@6@</p><p>@7@</p></situation>\n"
	"<purpose>@8@</purpose>\n"
	"<initiatives>\n"
	"<initiative title=\"@9@\" mark=\"@A@\">\n"
	"<summary><p label=\"○\">@B@</p></summary>\n"
	"<step label=\"@C@\"><action>@D@</action><period>@E@</period>"
	"<target>@F@</target><interim>@G@</interim><final>@H@</final></step>\n"
	"<step><action>@I@</action><period>年度末</period>"
	"<point label=\"@J@\"><target>@K@</target><interim>@L@</interim><final>@M@</final></point>"
	"<point><target>目標</target><interim>中間</interim><final>期末</final></point></step>\n"
	"</initiative>\n"
	"<initiative title=\"取組\" no=\"@N@\"><step><action>行動</action><period>期間</period>"
	"<target>目標</target><interim>中間</interim><final>期末</final></step></initiative>\n"
	"</initiatives>\n"
	"<remarks><participation>@O@</participation><outcomes><p label=\"・\">@P@</p></outcomes></remarks>\n"
	"</sheet>\n";

#define NSLOTS 26   /* @0@ .. @9@, @A@ .. @P@ */

static Schema *schema;
static Template *tmpl[2];
static FontSet *fonts[2];
static FILE *devnull;
static char *input_path, *pdf_path;

static size_t decode_utf8(const uint8_t *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (len == 0 || len > n || s[0] > 0xF4)
		return 0;
	uint32_t c = s[0] & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Appends s[0..n) as XML text (in_attr: as an attribute value). */
static void add_text(Buf *out, const uint8_t *s, size_t n, bool in_attr)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = decode_utf8(s + i, n - i, &cp);
		if (len == 0) {
			i++;
			continue;
		}
		if (cp == 1 && !in_attr)
			buf_adds(out, "<br/>");
		else if (cp == '&')
			buf_adds(out, "&amp;");
		else if (cp == '<')
			buf_adds(out, "&lt;");
		else if (cp == '>')
			buf_adds(out, "&gt;");
		else if (cp == '"')
			buf_adds(out, "&quot;");
		else if ((cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') &&
		         cp != 0xFFFE && cp != 0xFFFF)
			buf_add(out, (const char *)s + i, len);
		i += len;
	}
}

static void write_file(const char *path, const char *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static void open_template(const char *datadir, int i, const char *name)
{
	Diag d;
	diag_init(&d, stderr);
	char *path = xasprintf("%s/templates/%s.xml", datadir, name);
	tmpl[i] = template_load(path, &d);
	free(path);
	if (tmpl[i] == NULL)
		abort();
	char *conf = xasprintf("%s/fonts/fonts.conf", datadir);
	char *packages = xasprintf("%s/fonts/packages", datadir);
	fonts[i] = fonts_open(conf, packages, (const char *const *)tmpl[i]->fonts,
	                      tmpl[i]->nfonts, &d);
	free(conf);
	free(packages);
	if (fonts[i] == NULL)
		abort();
}

static char *private_dir;

/* The private folder goes at a normal exit (not after a crash, nor with
 * FUZZ_VERBOSE=1). */
static void remove_private_dir(void)
{
	static const char *const names[] = {"in.xml", "out.pdf"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *path = xasprintf("%s/%s", private_dir, names[i]);
		remove(path);
		free(path);
	}
	rmdir(private_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *datadir = getenv("GOALSHEET_DATADIR");
	if (datadir == NULL || datadir[0] == '\0')
		datadir = FUZZ_DATADIR;
	Diag d;
	diag_init(&d, stderr);
	char *rng = xasprintf("%s/templates/goalsheet.rng", datadir);
	schema = schema_open(rng, &d);
	free(rng);
	if (schema == NULL)
		abort();
	open_template(datadir, 0, "ueda-a4");
	open_template(datadir, 1, "ueda-a3");
	/* FUZZ_VERBOSE=1: messages on stderr, to see what an input does. */
	const char *verbose = getenv("FUZZ_VERBOSE");
	devnull = verbose && verbose[0] == '1' ? stderr : fopen("/dev/null", "w");
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/goalsheet-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	input_path = xasprintf("%s/in.xml", dir);
	pdf_path = xasprintf("%s/out.pdf", dir);
	private_dir = dir;
	if (devnull != stderr)
		atexit(remove_private_dir);
	return 0;
}

static char *build_sheet(const uint8_t *data, size_t size, unsigned flags)
{
	const uint8_t *piece[NSLOTS] = {0};
	size_t piece_len[NSLOTS] = {0};
	size_t npieces = 0;
	for (size_t i = 0, start = 0; i <= size && npieces < NSLOTS; i++)
		if (i == size || data[i] == 0xFF) {
			piece[npieces] = data + start;
			piece_len[npieces++] = i - start;
			start = i + 1;
		}
	static const char *const stages[] = {"plan", "interim", "final", "final"};
	Buf out = {0};
	for (const char *p = sheet_template; *p;) {
		const char *at = strchr(p, '@');
		if (at == NULL) {
			buf_adds(&out, p);
			break;
		}
		buf_add(&out, p, (size_t)(at - p));
		char key = at[1];
		bool in_attr = at > sheet_template && at[-1] == '"';
		if (key == 'S') {
			buf_adds(&out, stages[flags & 3]);
		} else {
			int slot = key <= '9' ? key - '0' : key - 'A' + 10;
			if (slot >= 0 && (size_t)slot < npieces)
				add_text(&out, piece[slot], piece_len[slot], in_attr);
			else
				buf_adds(&out, "テキスト");
		}
		p = at + 3;
	}
	return buf_take(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned flags = data[0];
	char *xml = build_sheet(data + 1, size - 1, flags);
	write_file(input_path, xml, strlen(xml));
	free(xml);
	Diag d;
	diag_init(&d, devnull);
	Document doc;
	int t = (flags >> 3) & 1;
	if (load_document(input_path, schema, &doc, &d) == 0 && doc.kind == DOC_SHEET) {
		CheckOptions co = {.draft = (flags >> 2) & 1};
		check_sheet(&doc.sheet, &co, &d);
		Doc pages = {0};
		LayoutContext ctx = {.t = tmpl[t], .fonts = fonts[t], .d = &d,
		                     .opt = {co.draft, "案　2024-01-01 00:00 UTC　in.xml"}};
		layout_sheet(&ctx, &doc.sheet, &pages, (flags >> 4) & 1 ? 4 : -1);
		/* Writing PDF subsets fonts: slow, so for one input in eight. */
		if ((flags >> 5) == 7 && d.errors == 0)
			pdf_write(&pages, fonts[t], pdf_path, &d);
		doc_free(&pages);
	}
	document_free(&doc);
	return 0;
}
