/* fonts.h: finding fonts, their glyph advances, and their subsets.
 *
 * Owns: fontconfig (a private FcConfig built from fonts/fonts.conf,
 * initialised once per FontSet and only for the families asked for),
 * the HarfBuzz faces of the resolved files, a per-font cache of
 * advances, and hb_subset.  Layout asks it for widths and coverage;
 * the PDF backend asks it for subset font programs.
 */
#ifndef GOALSHEET_FONTS_H
#define GOALSHEET_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef struct FontSet FontSet;

/* Resolves each family (exact family match, no substitution) with the
 * fontconfig file conf_file (NULL: the system configuration) and opens
 * it.  A missing family is a system error naming the family and, from
 * packages_file ("Family<TAB>debian-package" lines; may be NULL), the
 * Debian package that provides it.  Returns NULL after reporting, with
 * the index of the family that failed in *failed (when not NULL; not
 * set when the configuration itself failed). */
FontSet *fonts_open(const char *conf_file, const char *packages_file,
                    const char *const *families, size_t nfamilies,
                    size_t *failed, Diag *d);
/* As fonts_open, but files[i] (files may be NULL, an entry NULL) names
 * family i's file: used without fontconfig when it opens as a TrueType
 * font of that family, else the family is looked up as by fonts_open. */
FontSet *fonts_open_files(const char *conf_file, const char *packages_file,
                          const char *const *families,
                          const char *const *files, size_t nfamilies,
                          size_t *failed, Diag *d);
void fonts_close(FontSet *fs);

/* Whether the compact copy a subset reads (font_compact.h) is kept for
 * the next document's, which makes it again only if it needs glyphs the
 * copy lacks (several documents: 70 sheets took 443 instead of 554 ms),
 * or freed with the subset (the default: one document's peak RSS). */
void fonts_keep_copies(FontSet *fs, bool keep);

size_t fonts_count(const FontSet *fs);
const char *fonts_family(const FontSet *fs, size_t font);
const char *fonts_path(const FontSet *fs, size_t font);

bool fonts_has_glyph(FontSet *fs, size_t font, uint32_t cp);
/* Horizontal advance of cp in em (HarfBuzz, no kern/palt); cached. */
double fonts_advance(FontSet *fs, size_t font, uint32_t cp);

/* The font's ascender and descender in em (HarfBuzz's horizontal
 * extents; the descent positive): where glyphs sit in a line box. */
void fonts_extents(const FontSet *fs, size_t font, double *ascent,
                   double *descent);

/* A TextMeasure (text.h) over one font: ctx points to a FontMeasure. */
typedef struct FontMeasure {
	FontSet *fs;
	size_t font;
} FontMeasure;
double fonts_measure(void *font_measure, const char *s, size_t len);

/* A subset of one font for the PDF: its TrueType program, and for each
 * code point it was made for, the glyph (the PDF's CID) and advance. */
typedef struct FontSubset {
	const char *data;      /* the font program, held by program */
	size_t len;
	struct hb_blob_t *program;
	uint16_t *gid;         /* gid[i]: the glyph of cps[i], 0 if none */
	int *width;            /* width[i]: its advance in 1/1000 em */
	int bbox[4];           /* 'head' xMin yMin xMax yMax, 1/1000 em */
	int ascent, descent;   /* 'hhea', 1/1000 em; descent negative */
	char ps_name[64];      /* PostScript name, else the family's, no blanks */
} FontSubset;

/* A subset in two steps: the plan says which glyphs it keeps and their
 * new ids (cheap: the PDF's text needs them), the execution makes the
 * font program (costly: it may run in another thread meanwhile). */
typedef struct FontPlan FontPlan;

/* Plans the subset of font to the code points cps[0..n) (plus .notdef)
 * and fills out's gid, width, ps_name, bbox, ascent and descent.
 * Returns NULL after reporting a system error; fonts_subset_free frees
 * *out.  Two threads may plan at once for different fonts, not for the
 * same one (its compact copy, fonts_keep_copies). */
FontPlan *fonts_plan(FontSet *fs, size_t font, const uint32_t *cps, size_t n,
                     FontSubset *out, Diag *d);
/* Makes the planned font program and frees the plan: fills out's data,
 * len and program.  May run in another thread than the FontSet's other
 * users, as long as the FontSet is not closed meanwhile.  Returns 0, or
 * -1 (nothing reported: the caller says so). */
int fonts_plan_execute(FontPlan *p, FontSubset *out);
/* Frees a plan that is not executed. */
void fonts_plan_free(FontPlan *p);
/* Frees the font program of s only; fonts_subset_free frees all of s. */
void fonts_program_free(FontSubset *s);
void fonts_subset_free(FontSubset *s);

#endif
