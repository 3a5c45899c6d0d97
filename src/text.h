/* text.h: characters, whitespace and line breaking (typesetting.md §1–§4, §6).
 *
 * Owns: every character class the program knows (widths, kinsoku
 * classes, word characters, grapheme clusters, vertical forms), the
 * whitespace rule of §2, and the greedy line breaker of §3 (also over a
 * paragraph prepared once for many widths: TextPara).  It knows
 * nothing of fonts: widths come through a TextMeasure callback, so the
 * same breaker serves `goalsheet wrap` (nominal widths) and layout
 * (real advances from fonts.h).  No global state.
 */
#ifndef GOALSHEET_TEXT_H
#define GOALSHEET_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum BreakMode { BREAK_STRICT, BREAK_NORMAL } BreakMode;

/* Width in em of one grapheme cluster s[0..len). */
typedef double (*TextMeasure)(void *ctx, const char *s, size_t len);

/* Nominal width (§1): full-width 1, half-width 0.5, marks/format 0.
 * ctx is unused. */
double text_nominal_width(void *ctx, const char *s, size_t len);

/* What a line that breaks at U+00AD SOFT HYPHEN shows at its end. */
#define TEXT_HYPHEN "-"

/* True for the format characters that are never drawn: U+00AD (shown
 * only as TEXT_HYPHEN at a break), U+200B, U+2060 and U+FEFF (§3.6). */
bool text_is_invisible(uint32_t cp);

/* Appends s[0..len) without its invisible characters to out, then
 * TEXT_HYPHEN if hyphen: the text a line draws. */
struct Buf;
void text_visible(const char *s, size_t len, bool hyphen, struct Buf *out);
/* True when s[0..len) has no invisible character: without a hyphen,
 * text_visible would give it as it is. */
bool text_all_visible(const char *s, size_t len);

/* s[0..len) in Unicode Normalization Form C (decomposed kana and
 * accents composed, so that each is one glyph).  Caller frees. */
char *text_nfc(const char *s, size_t len);

/* Collapses XML whitespace in raw[0..len) by §2 and trims both ends.
 * raw must be valid UTF-8.  Caller frees the result. */
char *text_collapse(const char *raw, size_t len);

/* Byte offset of the grapheme cluster after the one starting at pos
 * (UAX #29, extended clusters). */
size_t text_next_cluster(const char *s, size_t len, size_t pos);

typedef struct TextLine {
	size_t start, end;   /* bytes of the paragraph; a dropped U+0020 is outside */
	double width;        /* em, by the measure used, trailing U+0020 excluded,
	                      * the hyphen included */
	bool hyphen;         /* ends at a U+00AD break: TEXT_HYPHEN is shown */
} TextLine;

typedef struct TextLines {
	TextLine *v;
	size_t n, cap;
} TextLines;

/* Breaks text[0..len) (one paragraph, already collapsed; '\n' is a forced
 * break) into lines of at most width em (§3.5).  Appends to out (which
 * the caller frees with text_lines_free).  Returns 0, or -1 when a single
 * grapheme cluster is wider than width; then *bad_offset is its offset
 * and out holds the lines before it. */
int text_break(const char *text, size_t len, double width, BreakMode mode,
               TextMeasure measure, void *ctx, TextLines *out,
               size_t *bad_offset);
void text_lines_free(TextLines *lines);

/* A paragraph prepared once for text_break_prepared at any width: its
 * grapheme clusters, their widths by measure and its break
 * opportunities in mode.  text_break(text, len, w, mode, measure, ctx)
 * gives the same lines as text_break_prepared(text_prepare(text, len,
 * mode, measure, ctx), w).  The paragraph keeps no pointer to text. */
typedef struct TextPara TextPara;
/* What text_prepare learns of single code points with one measure (a
 * font): their classes and widths.  A caller preparing many paragraphs
 * with that measure passes the same memo each time; with NULL each
 * paragraph learns them afresh. */
typedef struct TextMemo TextMemo;
TextMemo *text_memo_new(void);
void text_memo_free(TextMemo *m);
TextPara *text_prepare(const char *text, size_t len, BreakMode mode,
                       TextMeasure measure, void *ctx, TextMemo *memo);
int text_break_prepared(const TextPara *p, double width, TextLines *out,
                        size_t *bad_offset);
void text_para_free(TextPara *p);

/* Width in em of s[0..len) measured cluster by cluster. */
double text_width(const char *s, size_t len, TextMeasure measure, void *ctx);

/* True if the cluster at s may not start a line in mode (§3.1 no-start). */
bool text_no_start(const char *s, size_t len, BreakMode mode);
/* True if the cluster at s may not end a line (§3.1 no-end). */
bool text_no_end(const char *s, size_t len);

/* Vertical setting (§6): the code point to draw for cp in a vertical
 * label; *rotate is set when the glyph is turned 90° clockwise instead.
 * Returns 0 when cp cannot be set vertically. */
uint32_t text_vertical_form(uint32_t cp, bool *rotate);

#endif
