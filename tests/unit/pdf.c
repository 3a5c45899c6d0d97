/* tests/unit/pdf.c: fonts.c and pdf.c against the real tools.
 *
 * Builds a small two-page Doc by hand (Japanese and Latin text in
 * IPAexMincho and IPAexGothic, rules, fills, a rotated label, a link, an
 * outline, page labels, Japanese info), writes it into a temporary
 * directory and checks it with pdftotext, pdffonts, pdfinfo and qpdf;
 * then checks determinism, atomic output and the error paths.  Run from
 * the top of the tree (or set GOALSHEET_TOP).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hb.h>

#include "diag.h"
#include "fonts.h"
#include "page.h"
#include "pdf.h"
#include "util.h"

static int passed, failed;
static char tmpdir[] = "/tmp/goalsheet-unit-pdf.XXXXXX";

#define CHECK(cond, ...) check((cond), #cond, __LINE__, __VA_ARGS__)

static void check(int ok, const char *expr, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static void check(int ok, const char *expr, int line, const char *fmt, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "FAIL line %d: %s: ", line, expr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static char *tmp(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Runs cmd with stdout and stderr into strings; returns the exit status. */
static int run(const char *cmd, char **out, char **err)
{
	char *o = tmp("run.out"), *e = tmp("run.err");
	char *full = xasprintf("%s >'%s' 2>'%s'", cmd, o, e);
	int st = system(full);
	*out = read_file(o, NULL);
	*err = read_file(e, NULL);
	if (*out == NULL)
		*out = xstrdup("");
	if (*err == NULL)
		*err = xstrdup("");
	unlink(o);
	unlink(e);
	free(o);
	free(e);
	free(full);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Names in tmpdir starting with '.' (leftover temporary files). */
static int hidden_files(const char *dir)
{
	DIR *dp = opendir(dir);
	if (dp == NULL)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

typedef struct Capture {
	Diag d;
	char *text;
	size_t len;
} Capture;

static void capture_open(Capture *c)
{
	c->text = NULL;
	c->len = 0;
	diag_init(&c->d, open_memstream(&c->text, &c->len));
}

static void capture_close(Capture *c)
{
	fclose(c->d.out);
}

static const char *top(void)
{
	const char *t = getenv("GOALSHEET_TOP");
	return t && t[0] ? t : ".";
}

/* ---- fonts -------------------------------------------------------------- */

static void test_missing_family(const char *conf)
{
	char *pk = tmp("packages");
	FILE *f = fopen(pk, "w");
	fputs("# test\nGoalsheet Test Family\tfonts-goalsheet-test\n", f);
	fclose(f);

	Capture c;
	capture_open(&c);
	const char *fam[] = {"IPAexMincho", "Goalsheet Test Family"};
	FontSet *fs = fonts_open(conf, pk, fam, 2, NULL, &c.d);
	capture_close(&c);
	CHECK(fs == NULL, "fonts_open succeeded for a missing family");
	CHECK(strstr(c.text, "'Goalsheet Test Family'") != NULL &&
	      strstr(c.text, "apt-get install fonts-goalsheet-test") != NULL,
	      "message: %s", c.text);
	CHECK(c.d.system_error, "no system error recorded");
	free(c.text);

	capture_open(&c);
	const char *unknown[] = {"No Such Family Anywhere"};
	fs = fonts_open(conf, pk, unknown, 1, NULL, &c.d);
	capture_close(&c);
	CHECK(fs == NULL && strstr(c.text, "'No Such Family Anywhere'") &&
	      strstr(c.text, "names no Debian package"), "message: %s", c.text);
	free(c.text);

	capture_open(&c);
	fs = fonts_open("/nonexistent/fonts.conf", pk, fam, 1, NULL, &c.d);
	capture_close(&c);
	CHECK(fs == NULL && strstr(c.text, "/nonexistent/fonts.conf"),
	      "message: %s", c.text);
	free(c.text);
	/* The system configuration; family names ignore case and blanks. */
	capture_open(&c);
	const char *loose[] = {"ipaex gothic"};
	fs = fonts_open(NULL, NULL, loose, 1, NULL, &c.d);
	capture_close(&c);
	CHECK(fs != NULL && c.text[0] == '\0', "system config: %s", c.text);
	if (fs != NULL)
		CHECK(fonts_has_glyph(fs, 0, 0x3042), "no あ in 'ipaex gothic'");
	fonts_close(fs);
	free(c.text);
	unlink(pk);
	free(pk);
}

/* A glyph's advance in em read straight from the font file with
 * HarfBuzz, independent of fonts.c (its cache, its face, its scale);
 * -1 when the font has no glyph for cp. */
static double file_advance(const char *path, uint32_t cp)
{
	hb_blob_t *blob = hb_blob_create_from_file(path);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *font = hb_font_create(face);
	unsigned upem = hb_face_get_upem(face);
	hb_font_set_scale(font, (int)upem, (int)upem);
	hb_codepoint_t gid;
	double w = -1;
	if (upem > 0 && hb_font_get_nominal_glyph(font, cp, &gid))
		w = (double)hb_font_get_glyph_h_advance(font, gid) / upem;
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return w;
}

static void test_advances_from_the_file(FontSet *fs)
{
	/* Proportional Latin, full-width kana and kanji, punctuation. */
	static const uint32_t cps[] = {'A', 'W', 'i', '0', ' ', 0x3042, 0x6F22,
	                               0x3001, 0xFF08, 0x30FC};
	int proportional = 0;
	for (size_t f = 0; f < fonts_count(fs); f++)
		for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
			double want = file_advance(fonts_path(fs, f), cps[i]);
			double got = fonts_advance(fs, f, cps[i]);
			/* twice: the second answer may come from a cache */
			double again = fonts_advance(fs, f, cps[i]);
			CHECK(want > 0 && fabs(got - want) < 1e-6 && fabs(again - want) < 1e-6,
			      "font %zu U+%04X: fonts_advance %g, %g; the file %g", f,
			      (unsigned)cps[i], got, again, want);
			proportional += fabs(want - 1.0) > 0.01;
		}
	/* The check means something only if the widths differ from 1 em. */
	CHECK(proportional >= 8, "%d advances other than 1 em", proportional);
}

static void test_metrics(FontSet *fs)
{
	CHECK(fonts_count(fs) == 2, "%zu fonts", fonts_count(fs));
	CHECK(strcmp(fonts_family(fs, 0), "IPAexMincho") == 0, "%s",
	      fonts_family(fs, 0));
	CHECK(strstr(fonts_path(fs, 1), "ipaexg") || strstr(fonts_path(fs, 1), "gothic"),
	      "%s", fonts_path(fs, 1));
	double a = fonts_advance(fs, 0, 0x3042);    /* あ */
	CHECK(fabs(a - 1.0) < 1e-9, "advance of あ = %g", a);
	for (uint32_t cp = '0'; cp <= '9'; cp++) {
		double w = fonts_advance(fs, 0, cp);
		CHECK(fabs(w - 0.618) < 0.001, "advance of %c = %g", (char)cp, w);
	}
	test_advances_from_the_file(fs);
	CHECK(fonts_has_glyph(fs, 0, 0x3042), "no あ");
	CHECK(fonts_has_glyph(fs, 1, 'A'), "no A in Gothic");
	CHECK(!fonts_has_glyph(fs, 0, 0x1F600), "emoji in IPAexMincho");
	CHECK(!fonts_has_glyph(fs, 1, 0x1F600), "emoji in IPAexGothic");
	FontMeasure m = {fs, 0};
	double w = fonts_measure(&m, "あい", strlen("あい"));
	CHECK(fabs(w - 2.0) < 1e-9, "measure あい = %g", w);
	w = fonts_measure(&m, "10", 2);
	CHECK(fabs(w - 2 * 0.618) < 0.002, "measure 10 = %g (IPAex digits: 0.618 em)", w);
}

/* ---- the document ------------------------------------------------------- */

static const char *TEXTS[] = {
	"令和6年度 重点目標管理シート",
	"施策①の進捗: 達成率 85%",
	"Goal 2024 (ABC) — Latin text",
	"ふりがな「かな」、句読点。",
	"資料編",
};

static void add_text(Page *p, double x, double y, size_t font, double size,
                     const char *s)
{
	Box cell = {x, y - size, 400, size * 1.5};
	page_add_text(p, x, y, font, size, s, strlen(s), 0, (Rgb){0, 0, 0}, cell);
}

static void build_doc(Doc *doc)
{
	memset(doc, 0, sizeof *doc);
	Page *p = doc_add_page(doc, 595.276, 841.89);
	page_add_fill(p, (Box){40, 40, 515, 40}, (Rgb){0.85, 0.9, 1.0});
	add_text(p, 50, 70, 1, 16, TEXTS[0]);
	page_add_rule(p, 40, 90, 555, 90, 1.0);
	page_add_rule(p, 40, 90, 40, 300, 0.5);
	page_add_rule(p, 555, 90, 555, 300, 0.5);
	page_add_rule(p, 40, 300, 555, 300, 0.5);
	add_text(p, 60, 120, 0, 10.5, TEXTS[1]);
	add_text(p, 60, 140, 0, 10.5, TEXTS[2]);
	page_add_text(p, 60, 160, 1, 9, TEXTS[3], strlen(TEXTS[3]), 0,
	              (Rgb){0.8, 0, 0}, (Box){60, 150, 300, 14});
	page_add_text(p, 30, 280, 1, 9, "縦書き", strlen("縦書き"), 0,
	              (Rgb){0, 0, 0}, (Box){20, 200, 12, 80});
	p->items[p->nitems - 1].angle = 90;
	page_add_link(p, (Box){60, 130, 200, 14}, 1);
	Page *q = doc_add_page(doc, 595.276, 841.89);
	add_text(q, 50, 70, 1, 14, TEXTS[4]);
	page_add_rule(q, 40, 80, 555, 80, 0.75);
	doc_add_outline(doc, "第1章 重点目標", 0);
	doc_add_outline(doc, "Appendix", 1);
	doc_add_label(doc, 1, "資料-", true, 1);
	doc_add_label(doc, 0, "表紙", false, 0);
	doc->info.title = xstrdup("令和6年度 重点目標管理シート");
	doc->info.author = xstrdup("総務課");
	doc->info.subject = xstrdup("Priority goals");
	doc->info.keywords = xstrdup("重点目標, goalsheet");
	doc->info.creator = xstrdup("goalsheet unit test");
	doc->info.epoch = 1700000000;   /* 2023-11-14T22:13:20Z */
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The value of "Key:   value" in pdfinfo's output, or "". */
static char *info_field(const char *out, const char *key)
{
	size_t klen = strlen(key);
	for (const char *l = out; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l) {
		if (strncmp(l, key, klen) != 0 || l[klen] != ':')
			continue;
		const char *v = l + klen + 1 + strspn(l + klen + 1, " ");
		return xstrndup(v, strcspn(v, "\n"));
	}
	return xstrdup("");
}

static void test_tools(const char *pdf)
{
	char *cmd, *out, *err;
	cmd = xasprintf("pdftotext -enc UTF-8 '%s' -", pdf);
	int st = run(cmd, &out, &err);
	CHECK(st == 0, "pdftotext exit %d", st);
	CHECK(err[0] == '\0', "pdftotext stderr: %s", err);
	for (size_t i = 0; i < sizeof TEXTS / sizeof *TEXTS; i++)
		CHECK(strstr(out, TEXTS[i]) != NULL, "text '%s' missing in:\n%s",
		      TEXTS[i], out);
	free(cmd), free(out), free(err);

	cmd = xasprintf("pdffonts '%s'", pdf);
	st = run(cmd, &out, &err);
	CHECK(st == 0 && err[0] == '\0', "pdffonts: %d %s", st, err);
	const char *fams[] = {"+IPAexMincho ", "+IPAexGothic "};
	for (size_t i = 0; i < 2; i++) {
		const char *l = strstr(out, fams[i]);
		const char *eol = l ? strchr(l, '\n') : NULL;
		char *line = l ? xstrndup(l, eol ? (size_t)(eol - l) : strlen(l))
		               : xstrdup("");
		CHECK(strstr(line, "CID TrueType") && strstr(line, "yes yes yes"),
		      "pdffonts line for %s: '%s'\n%s", fams[i], line, out);
		free(line);
	}
	free(cmd), free(out), free(err);

	cmd = xasprintf("qpdf --check '%s'", pdf);
	st = run(cmd, &out, &err);
	CHECK(st == 0 && strstr(out, "No syntax or stream encoding errors"),
	      "qpdf --check: %d\n%s%s", st, out, err);
	free(cmd), free(out), free(err);

	cmd = xasprintf("pdfinfo '%s'", pdf);
	st = run(cmd, &out, &err);
	CHECK(st == 0 && err[0] == '\0', "pdfinfo: %d %s", st, err);
	const char *want[][2] = {
		{"Title", "令和6年度 重点目標管理シート"}, {"Author", "総務課"},
		{"Keywords", "重点目標, goalsheet"}, {"Subject", "Priority goals"},
		{"Creator", "goalsheet unit test"}, {"Pages", "2"},
		{"Page size", "595.276 x 841.89 pts (A4)"},
		{"CreationDate", "Tue Nov 14 22:13:20 2023 UTC"},
		{"ModDate", "Tue Nov 14 22:13:20 2023 UTC"},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		char *v = info_field(out, want[i][0]);
		CHECK(strcmp(v, want[i][1]) == 0, "pdfinfo %s: '%s'", want[i][0], v);
		free(v);
	}
	free(cmd), free(out), free(err);

	/* Outline titles, page labels and the link, as qpdf decodes them. */
	cmd = xasprintf("qpdf --json=2 --json-key=outlines --json-key=pagelabels "
	                "--json-key=pages '%s'", pdf);
	st = run(cmd, &out, &err);
	CHECK(st == 0, "qpdf --json: %d %s", st, err);
	CHECK(strstr(out, "\"title\": \"第1章 重点目標\"") != NULL, "outline:\n%s", out);
	CHECK(strstr(out, "\"title\": \"Appendix\"") != NULL, "outline:\n%s", out);
	CHECK(strstr(out, "\"label\": \"u:資料-\"") ||
	      strstr(out, "\"/P\": \"u:資料-\""), "labels:\n%s", out);
	CHECK(strstr(out, "\"/P\": \"u:表紙\"") != NULL, "labels:\n%s", out);
	free(cmd), free(out), free(err);

	cmd = xasprintf("qpdf --show-npages '%s'", pdf);
	st = run(cmd, &out, &err);
	CHECK(st == 0 && strcmp(out, "2\n") == 0, "npages: %s", out);
	free(cmd), free(out), free(err);
}

static bool same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = read_file(a, &la), *y = read_file(b, &lb);
	bool same = x && y && la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}

static int write_capture(const Doc *doc, FontSet *fs, const char *path,
                         char **msg)
{
	Capture c;
	capture_open(&c);
	int rc = pdf_write(doc, fs, path, &c.d);
	capture_close(&c);
	*msg = c.text;
	return rc;
}

static void test_failures(const Doc *doc, FontSet *fs, const char *good)
{
	char *msg;
	/* Nonexistent directory. */
	char *p = tmp("nodir/x.pdf");
	int rc = write_capture(doc, fs, p, &msg);
	CHECK(rc == -1 && strstr(msg, "nodir/x.pdf") && strstr(msg, "-o"),
	      "rc %d: %s", rc, msg);
	free(p), free(msg);
	/* A regular file used as a directory. */
	p = xasprintf("%s/x.pdf", good);
	rc = write_capture(doc, fs, p, &msg);
	CHECK(rc == -1 && strstr(msg, "Not a directory"), "rc %d: %s", rc, msg);
	free(p), free(msg);
	/* A directory as the output. */
	rc = write_capture(doc, fs, tmpdir, &msg);
	CHECK(rc == -1 && strstr(msg, "is a directory"), "rc %d: %s", rc, msg);
	free(msg);
	/* Unwritable directory (meaningless as root, who may write anyway). */
	if (geteuid() != 0) {
		char *ro = tmp("ro");
		mkdir(ro, 0555);
		p = tmp("ro/x.pdf");
		rc = write_capture(doc, fs, p, &msg);
		CHECK(rc == -1 && strstr(msg, "Permission denied"), "rc %d: %s", rc, msg);
		CHECK(hidden_files(ro) == 0, "temp file left in %s", ro);
		free(p), free(msg);
		rmdir(ro);
		free(ro);
	}
	CHECK(hidden_files(tmpdir) == 0, "temp file left in %s", tmpdir);

	/* A failed write leaves an existing file alone: a bad font index,
	 * then a character libharu cannot write. */
	size_t len;
	char *before = read_file(good, &len);
	Doc bad = {0};
	Page *q = doc_add_page(&bad, 595.276, 841.89);
	add_text(q, 50, 70, 7, 10, "font seven");
	rc = write_capture(&bad, fs, good, &msg);
	CHECK(rc == -1 && strstr(msg, "font 7"), "rc %d: %s", rc, msg);
	free(msg);
	doc_free(&bad);
	q = doc_add_page(&bad, 595.276, 841.89);
	add_text(q, 50, 70, 0, 10, "𠮷野家");
	rc = write_capture(&bad, fs, good, &msg);
	CHECK(rc == -1 && strstr(msg, "beyond U+FFFF"), "rc %d: %s", rc, msg);
	free(msg);
	doc_free(&bad);
	size_t len2;
	char *after = read_file(good, &len2);
	CHECK(before && after && len == len2 && memcmp(before, after, len) == 0,
	      "existing file changed by a failed write");
	CHECK(hidden_files(tmpdir) == 0, "temp file left in %s", tmpdir);
	free(before);
	free(after);
}

/* Many distinct characters: more than 100 bfchar and bfrange entries
 * (blocks of at most 100), ranges split where the high byte changes. */
static void test_many_codes(FontSet *fs)
{
	Doc doc = {0};
	Page *p = NULL;
	Buf line = {0};
	char **lines = NULL;
	size_t nlines = 0, cap = 0, n = 0, row = 0;
	for (uint32_t cp = 0x4E00; cp < 0x7000; cp++) {
		/* below U+5F00 runs of two, above it singletons */
		if (!fonts_has_glyph(fs, 0, cp) || cp % 3 == 2 ||
		    (cp >= 0x5F00 && cp % 3 == 1))
			continue;
		buf_add_utf8(&line, cp);
		if (++n % 60 != 0 && cp != 0x6FFF)
			continue;
		if (p == NULL || row == 90) {
			p = doc_add_page(&doc, 595.276, 841.89);
			row = 0;
		}
		xgrow((void **)&lines, &cap, nlines + 1, sizeof *lines);
		lines[nlines] = buf_take(&line);
		add_text(p, 30, 30 + 8.5 * row++, 0, 7, lines[nlines]);
		nlines++;
	}
	buf_free(&line);
	char *c = tmp("c.pdf");
	int rc = pdf_write(&doc, fs, c, &(Diag){.out = stderr});
	CHECK(rc == 0, "pdf_write of %zu characters failed", n);
	char *cmd = xasprintf("pdftotext -enc UTF-8 '%s' -", c), *out, *err;
	int st = run(cmd, &out, &err);
	CHECK(st == 0 && err[0] == '\0', "pdftotext: %d %s", st, err);
	size_t found = 0;
	for (size_t i = 0; i < nlines; i++)
		found += strstr(out, lines[i]) != NULL;
	CHECK(found == nlines, "%zu of %zu lines extracted:\n%s", found, nlines, out);
	free(cmd), free(out), free(err);
	cmd = xasprintf("qpdf --check '%s'", c);
	st = run(cmd, &out, &err);
	CHECK(st == 0, "qpdf --check: %s%s", out, err);
	free(cmd), free(out), free(err);
	for (size_t i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	if (getenv("GOALSHEET_KEEP") == NULL)
		unlink(c);
	free(c);
	doc_free(&doc);
}

int main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	char *conf = xasprintf("%s/fonts/fonts.conf", top());
	char *pk = xasprintf("%s/fonts/packages", top());
	test_missing_family(conf);

	Diag d;
	diag_init(&d, stderr);
	const char *fam[] = {"IPAexMincho", "IPAexGothic"};
	FontSet *fs = fonts_open(conf, pk, fam, 2, NULL, &d);
	CHECK(fs != NULL, "fonts_open failed (see above)");
	if (fs == NULL) {
		free(conf);
		free(pk);
		printf("pdf: %d passed, %d failed\n", passed, failed);
		return 1;
	}
	test_metrics(fs);

	Doc doc;
	build_doc(&doc);
	char *a = tmp("a.pdf"), *b = tmp("b.pdf");
	double t0 = now();
	int rc = pdf_write(&doc, fs, a, &d);
	double t1 = now();
	CHECK(rc == 0, "pdf_write failed");
	rc = pdf_write(&doc, fs, b, &d);
	CHECK(rc == 0, "second pdf_write failed");
	CHECK(same_file(a, b), "two writes differ");
	rc = pdf_write(&doc, fs, a, &d);    /* over an existing file */
	CHECK(rc == 0 && same_file(a, b), "rewrite differs");
	struct stat st;
	stat(a, &st);
	CHECK(st.st_size > 1000 && st.st_size < 100000, "size %lld",
	      (long long)st.st_size);
	test_tools(a);
	test_failures(&doc, fs, a);
	test_many_codes(fs);
	printf("pdf: wrote 2 pages in %.1f ms, %lld bytes\n", (t1 - t0) * 1000,
	       (long long)st.st_size);

	if (getenv("GOALSHEET_KEEP") == NULL) {
		unlink(a);
		unlink(b);
		rmdir(tmpdir);
	} else {
		printf("pdf: kept %s\n", a);
	}
	free(a);
	free(b);
	doc_free(&doc);
	fonts_close(fs);
	free(conf);
	free(pk);
	printf("pdf: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
