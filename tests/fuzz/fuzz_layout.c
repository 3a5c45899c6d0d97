/* fuzz_layout.c: libFuzzer harness for text setting and layout.
 *
 * The input is pieces of text separated by 0xFF bytes (never in UTF-8),
 * after a first byte of flags.  Each piece is made valid XML text
 * (invalid UTF-8 and characters XML forbids dropped, markup escaped,
 * 0x01 becoming <br/>) and put into one slot of a sheet that fills every
 * kind of cell: fixed cells (goal, department, plans), flowing ones
 * (situation, the table), labels that hang, vertical labels, points.
 * The sheet is loaded, checked and laid out with the real template
 * (ueda-a4, or ueda-a3) and fonts; some inputs are written as PDF too,
 * and some become a book of two such sheets (priorities 1 and 2) laid
 * out with its cover.
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
#include "fuzz_common.h"
#include "layout.h"
#include "load.h"
#include "page.h"
#include "pdf.h"
#include "template.h"
#include "util.h"

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

static FuzzEnv env;
static Template *tmpl[2];
static FontSet *fonts[2];
static char *input_path, *pdf_path, *book_path, *sheet_paths[2];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(&env);
	fuzz_open_template(&env, "ueda-a4", &tmpl[0], &fonts[0]);
	fuzz_open_template(&env, "ueda-a3", &tmpl[1], &fonts[1]);
	input_path = fuzz_path(&env, "in.xml");
	pdf_path = fuzz_path(&env, "out.pdf");
	book_path = fuzz_path(&env, "book.xml");
	sheet_paths[0] = fuzz_path(&env, "s1.xml");
	sheet_paths[1] = fuzz_path(&env, "s2.xml");
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
				fuzz_add_xml_text(&out, NULL, piece[slot], piece_len[slot], in_attr);
			else
				buf_adds(&out, "テキスト");
		}
		p = at + 3;
	}
	return buf_take(&out);
}

static const char book_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<book xmlns=\"urn:goalsheet:1\" xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
	"fiscal-year=\"2019\"><department><unit>総務部</unit></department>"
	"<xi:include href=\"s1.xml\"/><xi:include href=\"s2.xml\"/></book>\n";

/* Writes the sheet twice, as priorities 1 and 2, and the book of both. */
static void write_book(const char *xml)
{
	for (int i = 0; i < 2; i++) {
		char *copy = xstrdup(xml);
		char *p = strstr(copy, "priority=\"3\"");
		if (p)
			p[10] = (char)('1' + i);
		fuzz_write_file(sheet_paths[i], copy, strlen(copy));
		free(copy);
	}
	fuzz_write_file(book_path, book_xml, strlen(book_xml));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned flags = data[0];
	char *xml = build_sheet(data + 1, size - 1, flags);
	bool book = (flags >> 5) == 6;   /* one input in eight */
	if (book)
		write_book(xml);
	else
		fuzz_write_file(input_path, xml, strlen(xml));
	free(xml);
	Diag d;
	diag_init(&d, env.messages);
	Document doc;
	int t = (flags >> 3) & 1;
	int loaded = load_document(book ? book_path : input_path, env.schema,
	                           env.helpers, &doc, &d);
	if (loaded == 0 && doc.kind == DOC_BOOK) {
		CheckOptions co = {.draft = (flags >> 2) & 1};
		check_book(&doc.book, &co, &d);
		Doc pages = {0};
		LayoutContext ctx = {.t = tmpl[t], .fonts = fonts[t], .d = &d,
		                     .opt = {.draft = co.draft, .draft_note = "案　2024-01-01 00:00 UTC",
		                             .draft_source = "book.xml"}};
		layout_book(&ctx, &doc.book, &pages);
		doc_free(&pages);
	} else if (loaded == 0 && doc.kind == DOC_SHEET) {
		CheckOptions co = {.draft = (flags >> 2) & 1};
		check_sheet(&doc.sheet, &co, &d);
		Doc pages = {0};
		LayoutContext ctx = {.t = tmpl[t], .fonts = fonts[t], .d = &d,
		                     .opt = {.draft = co.draft, .draft_note = "案　2024-01-01 00:00 UTC",
		                             .draft_source = "in.xml"}};
		layout_sheet(&ctx, &doc.sheet, &pages, (flags >> 4) & 1 ? 4 : -1);
		/* Writing PDF subsets fonts: slow, so for one input in eight. */
		if ((flags >> 5) == 7 && d.errors == 0)
			pdf_write(&pages, fonts[t], pdf_path, &d);
		doc_free(&pages);
	}
	document_free(&doc);
	return 0;
}
