/* tests/unit/font_compact.c: a subset made through fonts.h, which reads
 * a compact copy of the font (font_compact.h), has the glyphs, outlines
 * and advances of hb_subset's from the whole font: for kanji and kana,
 * also after subsets that left the copy with fewer or more glyphs, and
 * for Latin letters made of other glyphs (DejaVu Sans's Ō is its macron
 * over its O), whose parts the copy gains in a second round.
 * The copy holds the outlines of the glyphs it keeps only.
 * Runs from the repository root (GOALSHEET_TOP, else "."). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb.h>
#include <hb-subset.h>

#include "check.h"
#include "fontcodes.h"
#include "font_compact.h"
#include "fonts.h"
#include "util.h"

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static int passed, failed;

/* A glyph's outline, summed up: its points and the sum of their
 * coordinates, drawn by HarfBuzz (a composite glyph's header has its
 * bounding box even when its parts are missing: no use here). */
typedef struct Outline {
	long points, sum;
} Outline;

static void point(Outline *o, float x, float y)
{
	o->points++;
	o->sum += (long)x * 7 + (long)y;
}

static void move_to(hb_draw_funcs_t *f, void *o, hb_draw_state_t *st,
                    float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	point(o, x, y);
}

static void quadratic_to(hb_draw_funcs_t *f, void *o, hb_draw_state_t *st,
                         float cx, float cy, float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	point(o, cx, cy);
	point(o, x, y);
}

static Outline outline(hb_font_t *font, hb_codepoint_t gid)
{
	static hb_draw_funcs_t *funcs;
	if (funcs == NULL) {
		funcs = hb_draw_funcs_create();
		hb_draw_funcs_set_move_to_func(funcs, move_to, NULL, NULL);
		hb_draw_funcs_set_line_to_func(funcs, move_to, NULL, NULL);
		hb_draw_funcs_set_quadratic_to_func(funcs, quadratic_to, NULL, NULL);
		hb_draw_funcs_make_immutable(funcs);
	}
	Outline o = {0, 0};
	hb_font_get_glyph_shape(font, gid, funcs, &o);
	return o;
}

static bool has_outline(hb_font_t *font, hb_codepoint_t gid)
{
	return outline(font, gid).points > 0;
}

static bool same_glyph(hb_font_t *a, hb_codepoint_t ga, hb_font_t *b,
                       hb_codepoint_t gb)
{
	Outline x = outline(a, ga), y = outline(b, gb);
	return x.points == y.points && x.sum == y.sum &&
	       hb_font_get_glyph_h_advance(a, ga) == hb_font_get_glyph_h_advance(b, gb);
}

/* hb_subset's subset of the whole font at path to cps, without the
 * layout tables, whose glyphs fonts.h leaves out. */
static hb_face_t *whole_subset(const char *path, const uint32_t *cps, size_t n)
{
	hb_blob_t *blob = hb_blob_create_from_file(path);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	for (size_t i = 0; i < n; i++)
		hb_set_add(hb_subset_input_unicode_set(in), cps[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	const char *layout[] = {"GSUB", "GPOS", "GDEF", "morx", "mort"};
	for (size_t i = 0; i < sizeof layout / sizeof *layout; i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG),
		           hb_tag_from_string(layout[i], 4));
	hb_face_t *sub = hb_subset_or_fail(face, in);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return sub;
}

/* The program fonts.h makes for font of fs has the whole font's subset's
 * glyphs, each code point's with its outline and advance. */
static void check_program(FontSet *fs, size_t font, const uint32_t *cps,
                          size_t n, const char *what)
{
	Diag d;
	diag_init(&d, stderr);
	FontSubset sub, made = {0};
	FontPlan *p = fonts_plan(fs, font, cps, n, &sub, &d);
	CHECK(p && fonts_plan_execute(p, &made) == 0, "%s: a subset", what);
	if (made.program == NULL) {
		fonts_subset_free(&sub);
		return;
	}
	hb_face_t *ours = hb_face_create(made.program, 0);
	hb_face_t *want = whole_subset(fonts_path(fs, font), cps, n);
	CHECK(hb_face_get_glyph_count(ours) == hb_face_get_glyph_count(want),
	      "%s: %u glyphs, hb_subset of the whole font %u", what,
	      hb_face_get_glyph_count(ours), hb_face_get_glyph_count(want));
	hb_font_t *a = hb_font_create(ours), *b = hb_font_create(want);
	size_t same = 0, outlined = 0, mapped = 0;
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t ga = 0, gb = 0;
		if (!hb_font_get_nominal_glyph(b, cps[i], &gb))
			continue;      /* a kanji the font has not */
		mapped++;
		hb_font_get_nominal_glyph(a, cps[i], &ga);
		same += ga == gb && ga == sub.gid[i] && same_glyph(a, ga, b, gb);
		outlined += has_outline(a, ga);
	}
	CHECK(mapped > n / 4 && same == mapped, "%s: %zu of %zu code points "
	      "have the whole font's glyph, outline and advance", what, same,
	      mapped);
	CHECK(outlined == mapped, "%s: %zu of %zu glyphs have an outline", what,
	      outlined, mapped);
	hb_font_destroy(a);
	hb_font_destroy(b);
	hb_face_destroy(ours);
	hb_face_destroy(want);
	fonts_subset_free(&made);
	fonts_subset_free(&sub);
}

static void test_programs(void)
{
	char *conf = xasprintf("%s/fonts/fonts.conf", top());
	char *pk = xasprintf("%s/fonts/packages", top());
	Diag d;
	diag_init(&d, stderr);
	const char *fam[] = {"IPAexMincho", "DejaVu Sans"};
	const char *files[] = {NULL, DEJAVU};
	FontSet *fs = fonts_open_files(conf, pk, fam, files, 2, NULL, &d);
	CHECK(fs != NULL, "fonts_open_files failed (see above)");
	if (fs != NULL) {
		uint32_t *cps = xmalloc(0x10000 * sizeof *cps);
		check_program(fs, 0, cps, cjk_codes(cps, 41), "IPAexMincho");
		/* kept: glyphs the font's copy lacks, then fewer than it has */
		fonts_keep_copies(fs, true);
		check_program(fs, 0, cps, cjk_codes(cps, 29), "IPAexMincho, more");
		check_program(fs, 0, cps, 0x3093 - 0x3041 + 1, "IPAexMincho, kana");
		const uint32_t latin[] = {'O', 0x14C, 0x14D, 0xE9, 0x1FA};
		check_program(fs, 1, latin + 1, 4, "DejaVu Sans, letters of parts");
		check_program(fs, 1, latin, 5, "DejaVu Sans, with O");
		free(cps);
		fonts_close(fs);
	}
	free(conf);
	free(pk);
}

/* A compact copy of DejaVu Sans keeping Ō's glyph: Ō has no outline
 * until its parts are kept too; O, not kept, has none; the copy is a
 * small part of the file. */
static void test_copy(void)
{
	int fd = open(DEJAVU, O_RDONLY);
	hb_blob_t *file = hb_blob_create_from_file(DEJAVU);
	hb_face_t *face = hb_face_create(file, 0);
	hb_font_t *whole = hb_font_create(face);
	hb_codepoint_t omacron = 0, o = 0, macron = 0;
	hb_font_get_nominal_glyph(whole, 0x14C, &omacron);
	hb_font_get_nominal_glyph(whole, 'O', &o);
	hb_font_get_nominal_glyph(whole, 0xAF, &macron);
	CHECK(fd >= 0 && omacron && o && macron, DEJAVU ": Ō, O and ¯");
	hb_set_t *keep = hb_set_create(), *drop = hb_set_create();
	hb_set_add(keep, 0);
	hb_set_add(keep, omacron);
	hb_face_t *copy = font_compact_face(face, file, fd, keep, drop);
	hb_font_t *font = copy ? hb_font_create(copy) : NULL;
	CHECK(font && !has_outline(font, omacron) && !has_outline(font, o),
	      "without its parts, Ō has no outline; nor has O");
	hb_font_destroy(font);
	hb_face_destroy(copy);
	hb_set_add(keep, o);
	hb_set_add(keep, macron);
	copy = font_compact_face(face, file, fd, keep, drop);
	font = copy ? hb_font_create(copy) : NULL;
	CHECK(font && has_outline(font, omacron) &&
	      same_glyph(font, omacron, whole, omacron) &&
	      same_glyph(font, o, whole, o),
	      "with its parts, Ō is the font's");
	hb_blob_t *blob = copy ? hb_face_reference_blob(copy) : hb_blob_get_empty();
	CHECK(copy && hb_face_get_glyph_count(copy) == hb_face_get_glyph_count(face) &&
	      hb_blob_get_length(blob) < hb_blob_get_length(file) / 2,
	      "the copy has the font's %u glyphs in %u of its %u bytes",
	      hb_face_get_glyph_count(face), hb_blob_get_length(blob),
	      hb_blob_get_length(file));
	hb_blob_destroy(blob);
	hb_font_destroy(font);
	hb_face_destroy(copy);
	/* file must hold the face's tables: with other data, no copy (the
	 * caller then subsets the font itself) */
	hb_blob_t *other = hb_blob_create("0123", 4, HB_MEMORY_MODE_READONLY,
	                                  NULL, NULL);
	copy = font_compact_face(face, other, fd, keep, drop);
	CHECK(copy == NULL, "no copy of a face whose tables are not in file");
	hb_face_destroy(copy);
	hb_blob_destroy(other);
	hb_set_destroy(keep);
	hb_set_destroy(drop);
	hb_font_destroy(whole);
	hb_face_destroy(face);
	hb_blob_destroy(file);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	test_programs();
	test_copy();
	printf("font_compact: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
