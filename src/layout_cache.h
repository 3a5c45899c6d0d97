/* layout_cache.h: what one layout run works out once and then reuses
 * (internal to layout).  A sheet with a page budget is laid out up to
 * six times (layout_fit.h's trial passes), and a fixed cell sets its
 * text again at each size it tries; a paragraph's clusters, widths in
 * em and break opportunities are the same every time, and so are its
 * lines at a width met before.
 *
 * Owns: one table of texts, each keyed by its bytes and font (a copy of
 * the bytes is kept and compared, so two texts never share results,
 * and a text made again on each pass finds its entry), holding
 * the text's prepared paragraph per break mode (text.h), its lines at
 * each width met (after layout_text.h's push-out), its width and whether
 * its font has been found to draw all of it; and each font's ascent and
 * descent, and its text memo (text.h).  Created and freed by the caller of
 * a layout (layout_sheet, or layout_book for all its sheets); it holds
 * no pointer into the model.
 */
#ifndef GOALSHEET_LAYOUT_CACHE_H
#define GOALSHEET_LAYOUT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts.h"
#include "text.h"

typedef struct LayoutCache LayoutCache;

/* A paragraph's lines at one width in one mode, as set_paragraphs
 * breaks them: rc and bad are text_break's. */
typedef struct CachedLines {
	BreakMode mode;
	double width;        /* em */
	int rc;
	size_t bad;
	TextLines lines;
} CachedLines;

typedef struct CachedText {
	uint64_t hash;       /* of the bytes and the font */
	size_t len, font;
	char *bytes;         /* a copy of the text */
	TextPara *para[2];   /* by BreakMode; NULL until needed */
	CachedLines *lines;
	size_t nlines, cap;
	bool glyphs_ok;      /* check_glyphs found nothing to report */
	bool measured;       /* em holds its width (text_width), in em */
	double em;
	unsigned used;       /* the sheet that last used it (layout_cache_sweep) */
} CachedText;

LayoutCache *layout_cache_new(void);
void layout_cache_free(LayoutCache *c);

/* Ends a sheet of a run that lays out several (a book): frees every
 * entry the sheet did not use, so that what sheets share (the
 * template's labels, headers and footers) stays, and the cache holds
 * the texts of two sheets at most, however long the book. */
void layout_cache_sweep(LayoutCache *c);

/* The entry of s[0..len) in font, made empty when it is new.  Entries
 * live until the cache is freed or a sweep frees them. */
CachedText *layout_cache_text(LayoutCache *c, const char *s, size_t len,
                              size_t font);

/* The font's ascent and descent in em (fonts_extents), asked of fs
 * once a cache. */
void layout_cache_extents(LayoutCache *c, const FontSet *fs, size_t font,
                          double *ascent, double *descent);

/* The font's memo for text_prepare (text.h), made when first asked. */
TextMemo *layout_cache_memo(LayoutCache *c, size_t font);

/* The entry's lines at width in mode, or NULL. */
const CachedLines *cached_lines_find(const CachedText *t, BreakMode mode,
                                     double width);
/* Takes lines (leaving *lines empty) as the entry's lines at width in
 * mode; returns them as kept, valid until the next lines the entry
 * takes. */
const CachedLines *cached_lines_take(CachedText *t, BreakMode mode,
                                     double width, int rc, size_t bad,
                                     TextLines *lines);

#endif
