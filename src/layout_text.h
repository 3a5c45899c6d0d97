/* layout_text.h: setting a field's text inside a cell (typesetting.md
 * §4 hanging labels, §5 fitting, §6 vertical text).  Internal to layout.
 *
 * Owns: SetLines (runs of text positioned in em inside a cell), the
 * glyph-coverage check, fitting by shrinking, and emitting lines as page
 * items.  Strings in runs point into the model or the template, which
 * outlive the layout.
 */
#ifndef GOALSHEET_LAYOUT_TEXT_H
#define GOALSHEET_LAYOUT_TEXT_H

#include "layout.h"

typedef struct Run {
	const char *s;
	size_t len;
	double x, w;         /* em from the cell's inner left edge; width in em */
	bool hyphen;         /* ends at a soft hyphen's break: draw TEXT_HYPHEN */
} Run;

typedef struct SetLine {
	Run runs[3];         /* step label, paragraph label, text */
	int nruns;
	double right;        /* em: right edge of the last run */
	bool para_start;     /* a paragraph's first line: a page may break before it */
} SetLine;

typedef struct Lines {
	SetLine *v;
	size_t n, cap;
	const Style *st;
	double size;         /* pt */
	double ascent, descent;  /* em, the font's (fonts_extents) */
} Lines;

/* What a diagnostic about a field names. */
typedef struct FieldRef {
	const char *file;
	SrcPos pos;
	const char *field;
} FieldRef;

FieldRef block_ref(const Block *b);

double line_height(const Lines *l);             /* pt */
double lines_height(const Lines *l);            /* pt, padding included */

/* Sets paragraphs for an inner width (pt) at size; cell_label hangs over
 * all of them.  Appends to out.  Returns the number of errors. */
int set_paragraphs(const LayoutContext *ctx, const Style *st, double size,
                   double inner_w, const char *cell_label, const Para *paras,
                   size_t n, FieldRef ref, Lines *out);

/* Cell setting's push-out (追い出し, typesetting.md §3.4): when the
 * greedy lines of text[0..len) in width em end on a line of a single
 * character, the line before it gives up characters at its last earlier
 * break opportunity so that two or more go down, if the last line then
 * still fits.  Not across a forced break ('\n').  Push-in (追込み) is not
 * used: it needs compressible space, which §1 excludes.  `goalsheet
 * wrap` (the bare line breaker) does not do this.  Returns true when it
 * changed lines. */
bool cell_push_out(const char *text, size_t len, double width, BreakMode mode,
                   TextMeasure measure, void *ctx, TextLines *lines);

/* One string as a paragraph ('\n' breaks), e.g. a template label. */
int set_string(const LayoutContext *ctx, const Style *st, double size,
               double inner_w, const char *s, FieldRef ref, Lines *out);

/* Reports every character of s the style's font cannot draw, and any
 * beyond U+FFFF.  Returns the number of errors. */
int check_glyphs(const LayoutContext *ctx, const Style *st, const char *s,
                 FieldRef ref);
int check_block_glyphs(const LayoutContext *ctx, const Style *st,
                       const Block *b);
/* True when check_glyphs has found s clean in the style's font earlier
 * in this layout run (layout_cache.h): it would report nothing. */
bool glyphs_known_clean(const LayoutContext *ctx, const Style *st,
                        const char *s);

/* Fixed-height cell: sets s (or paras) at the style's size, shrinking by
 * 0.5 pt down to its minimum until it fits box; notes a reduction,
 * reports an error when even the minimum does not fit.  Returns errors. */
int fit_paragraphs(const LayoutContext *ctx, const Style *st, Box box,
                   const Para *paras, size_t n, FieldRef ref, Lines *out);
int fit_string(const LayoutContext *ctx, const Style *st, Box box,
               const char *s, FieldRef ref, Lines *out);
/* Sets s on one line, never broken (an initiative's number): at the
 * style's size, or smaller by 0.5 pt steps down to a third of it until
 * it fits inner_w (pt).  Text wider than that is broken at the style's
 * size.  Returns errors as set_string. */
int fit_one_line(const LayoutContext *ctx, const Style *st, double inner_w,
                 const char *s, FieldRef ref, Lines *out);

/* Draws lines [from, to) with the first at y_top, inside inner. */
void emit_lines(Page *p, const Lines *l, size_t from, size_t to, Box inner,
                double y_top, Rgb color);
/* Draws the lines vertically centred in box (padding applied). */
void emit_in_box(Page *p, const Lines *l, Box box, Rgb color);

/* Sets s vertically in box (§6), one character under another. */
int emit_vertical(const LayoutContext *ctx, Page *p, const Style *st,
                  Box box, const char *s, FieldRef ref);

/* How far the middle of the style's glyphs stands above the baseline,
 * in em (the font's ascent and descent). */
double glyph_centre(const LayoutContext *ctx, const Style *st);

void lines_free(Lines *l);
Box inner_box(Box b, double padding);

#endif
