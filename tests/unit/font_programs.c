/* tests/unit/font_programs.c: the font programs made by a job and the
 * caller together (font_programs.h) are the subsets fonts.h makes, as
 * zlib streams; a job stopped early frees what it began.
 * Runs from the repository root (GOALSHEET_TOP, else "."). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "check.h"
#include "fontcodes.h"
#include "font_programs.h"
#include "fonts.h"
#include "util.h"

static int passed, failed;

/* The subset of plan made directly, as fonts.h makes it. */
static FontSubset direct(FontSet *fs, size_t font, const uint32_t *cps, size_t n)
{
	Diag d;
	diag_init(&d, stderr);
	FontSubset sub, made = {0};
	FontPlan *p = fonts_plan(fs, font, cps, n, &sub, &d);
	CHECK(p && fonts_plan_execute(p, &made) == 0, "the direct subset");
	fonts_subset_free(&sub);
	return made;
}

/* The programs made by the job (or, with no helpers, at finishing),
 * the second one made before it is added when second_made. */
static void test_made_together(FontSet *fs, uint32_t *cps, Helpers *helpers,
                               bool second_made)
{
	size_t n[2] = {cjk_codes(cps, 23), 0};
	uint32_t small[256];
	n[1] = cjk_codes(small, 997);
	Diag d;
	diag_init(&d, stderr);
	FontSubset sub[2];
	FontPlan *plans[2] = {fonts_plan(fs, 0, cps, n[0], &sub[0], &d),
	                      fonts_plan(fs, 1, small, n[1], &sub[1], &d)};
	FontPrograms *fp = font_programs_new(2, 1, helpers);
	font_programs_add(fp, plans[0], n[0]);
	FontSubset made = {0};
	if (second_made && fonts_plan_execute(plans[1], &made) == 0)
		font_programs_add_made(fp, &made, n[1]);
	else
		font_programs_add(fp, plans[1], n[1]);
	CHECK(made.program == NULL, "the made program is the job's");
	font_programs_finish(fp);
	FontSubset want[2] = {direct(fs, 0, cps, n[0]), direct(fs, 1, small, n[1])};
	CHECK(want[0].len > 3 * 64 * 1024, "the Mincho's subset is several pieces "
	      "(%zu bytes)", want[0].len);
	for (size_t i = 0; i < 2; i++) {
		size_t raw;
		const Buf *z = font_programs_packed(fp, i, &raw);
		CHECK(z != NULL && raw == want[i].len, "program %zu: %zu bytes, "
		      "wanted %zu", i, raw, want[i].len);
		uLongf len = (uLongf)want[i].len + 1;
		Bytef *back = xmalloc(len);
		int rc = z ? uncompress(back, &len, (Bytef *)z->data, (uLong)z->len) : -99;
		CHECK(rc == Z_OK && len == want[i].len &&
		      memcmp(back, want[i].data, len) == 0,
		      "program %zu inflates to the subset (zlib %d)", i, rc);
		free(back);
		fonts_subset_free(&want[i]);
		fonts_subset_free(&sub[i]);
	}
	font_programs_free(fp);
}

/* Freed without finishing (the writer failed): no leak, no wait for
 * work that never began (ASan and the test's time say). */
static void test_stopped(FontSet *fs, uint32_t *cps)
{
	size_t n[2] = {cjk_codes(cps, 7), cjk_codes(cps, 7)};
	Diag d;
	diag_init(&d, stderr);
	FontSubset sub[2];
	FontPlan *plans[2] = {fonts_plan(fs, 0, cps, n[0], &sub[0], &d),
	                      fonts_plan(fs, 1, cps, n[1], &sub[1], &d)};
	Helpers *helpers = helpers_new(1);
	FontPrograms *fp = font_programs_new(2, 1, helpers);
	font_programs_add(fp, plans[0], n[0]);
	font_programs_add(fp, plans[1], n[1]);
	font_programs_free(fp);
	helpers_free(helpers);
	fonts_subset_free(&sub[0]);
	fonts_subset_free(&sub[1]);
	CHECK(1, "stopped");
}

int main(void)
{
	char *conf = xasprintf("%s/fonts/fonts.conf", top());
	char *pk = xasprintf("%s/fonts/packages", top());
	Diag d;
	diag_init(&d, stderr);
	const char *fam[] = {"IPAexMincho", "IPAexGothic"};
	FontSet *fs = fonts_open(conf, pk, fam, 2, NULL, &d);
	CHECK(fs != NULL, "fonts_open failed (see above)");
	uint32_t *cps = xmalloc(0x10000 * sizeof *cps);
	if (fs != NULL) {
		Helpers *helpers = helpers_new(1);
		test_made_together(fs, cps, helpers, false);
		test_made_together(fs, cps, helpers, true);
		helpers_free(helpers);
		test_made_together(fs, cps, NULL, false);
		test_stopped(fs, cps);
		fonts_close(fs);
	}
	free(cps);
	free(conf);
	free(pk);
	printf("font_programs: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
