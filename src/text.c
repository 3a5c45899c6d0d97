/* text.c: see text.h.
 *
 * Which part implements which section of typesetting.md:
 *   §1             nominal widths: cp_halves, text_nominal_width
 *   §1 (UAX #29)   extended grapheme clusters, GB3–GB13: text_next_cluster
 *   §3.1           character classes, the program's only tables: "Classes"
 *   §2, §3.6       whitespace: text_collapse
 *   §3.2, §3.3, §3.6  break opportunities: may_break
 *   §3.4–§3.6      push-out, greedy lines, last resort: text_break
 *   §6             vertical forms: text_vertical_form
 * §4 (hanging labels) and §7 belong to the callers: they pass W − hang
 * as the width and print the label (cmd_wrap.c).
 *
 * A cluster's classes are those of its first code point; its width is
 * the sum over its code points (§3.6).
 */
#define _GNU_SOURCE   /* memmem */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "util.h"

/* Real widths may be off by rounding (§1: "≤ W + 0.001 em"); nominal
 * widths are multiples of 0.5, so the slack never changes them. */
#define FIT_SLACK 0.001

/* ------------------------------------------------------------------ */
/* Widths (§1)                                                          */

/* Nominal width of one code point in half-ems: 0, 1 or 2. */
static int cp_halves(uint32_t cp)
{
	uint32_t gc = U_GET_GC_MASK((UChar32)cp);
	if (gc & (U_GC_MN_MASK | U_GC_ME_MASK | U_GC_CF_MASK))
		return 0;
	int eaw = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
	if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH)
		return 2;
	/* Ambiguous punctuation and symbols (…, ①, ○, ※) are full-width
	 * in Japanese fonts; ambiguous letters (Greek, Cyrillic) are not. */
	if (eaw == U_EA_AMBIGUOUS && !(gc & (U_GC_L_MASK | U_GC_M_MASK)))
		return 2;
	return 1;
}

/* Decodes the code point at s[i]; an invalid byte counts as U+FFFD of
 * length 1, so that no caller loops forever on bad input. */
static size_t decode_at(const char *s, size_t len, size_t i, uint32_t *cp)
{
	size_t n = utf8_decode(s + i, len - i, cp);
	if (n == 0) {
		*cp = 0xFFFD;
		n = 1;
	}
	return n;
}

bool text_is_invisible(uint32_t cp)
{
	return cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

/* The single code point of s[0..len), or 0 when it holds more. */
static uint32_t only_cp(const char *s, size_t len)
{
	uint32_t cp;
	size_t n = utf8_decode(s, len, &cp);
	return n != 0 && n == len ? cp : 0;
}

/* A cluster's width: invisible format characters are no glyph at all,
 * whatever a font would give them. */
static double cluster_width(TextMeasure measure, void *ctx, const char *s,
                            size_t len)
{
	return text_is_invisible(only_cp(s, len)) ? 0 : measure(ctx, s, len);
}

void text_visible(const char *s, size_t len, bool hyphen, Buf *out)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = decode_at(s, len, i, &cp);
		if (!text_is_invisible(cp))
			buf_add(out, s + i, n);
		i += n;
	}
	if (hyphen)
		buf_adds(out, TEXT_HYPHEN);
}

char *text_nfc(const char *s, size_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	UChar *in = NULL, *out = NULL;
	char *result = NULL;
	int32_t n16 = 0;
	if (U_SUCCESS(err) && len < INT32_MAX / 4) {
		/* UTF-16 never takes more units than UTF-8 takes bytes */
		in = xmalloc((len + 1) * sizeof *in);
		u_strFromUTF8(in, (int32_t)len + 1, &n16, s, (int32_t)len, &err);
	}
	if (in != NULL && U_SUCCESS(err) &&
	    unorm2_spanQuickCheckYes(nfc, in, n16, &err) < n16 && U_SUCCESS(err)) {
		int32_t cap = 3 * n16 + 1;   /* NFC at most triples a string */
		out = xmalloc((size_t)cap * sizeof *out);
		int32_t n = unorm2_normalize(nfc, in, n16, out, cap, &err);
		/* at most 3 bytes of UTF-8 per unit of UTF-16 */
		result = xmalloc(3 * (size_t)n + 1);
		if (U_SUCCESS(err))
			u_strToUTF8(result, 3 * n + 1, NULL, out, n, &err);
	}
	if (result == NULL || U_FAILURE(err)) {
		free(result);   /* already NFC (the usual case), or not UTF-8 */
		result = xstrndup(s, len);
	}
	free(in);
	free(out);
	return result;
}

double text_nominal_width(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	int halves = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += decode_at(s, len, i, &cp);
		halves += cp_halves(cp);
	}
	return halves * 0.5;
}

/* ------------------------------------------------------------------ */
/* Grapheme clusters (UAX #29, extended, rules GB3–GB13)                 */

static int gcb(uint32_t cp)
{
	return u_getIntPropertyValue((UChar32)cp, UCHAR_GRAPHEME_CLUSTER_BREAK);
}

static bool is_control_gcb(int g)
{
	return g == U_GCB_CONTROL || g == U_GCB_CR || g == U_GCB_LF;
}

/* What a cluster remembers while it grows: GB11 needs to know that it
 * has seen ExtPict Extend* ZWJ, GB12–13 how many RIs it holds. */
typedef struct ClusterState {
	int prev;              /* GCB of the previous code point */
	bool pict_run;         /* ExtPict Extend* just seen */
	bool pict_zwj;         /* ExtPict Extend* ZWJ just seen */
	int regional;          /* regional indicators so far */
} ClusterState;

/* True if no cluster boundary falls before cp (GB3–GB13; GB999 breaks). */
static bool joins(const ClusterState *st, uint32_t cp, int g)
{
	int p = st->prev;
	if (p == U_GCB_CR && g == U_GCB_LF)
		return true;                                    /* GB3 */
	if (is_control_gcb(p) || is_control_gcb(g))
		return false;                                   /* GB4, GB5 */
	if (p == U_GCB_L && (g == U_GCB_L || g == U_GCB_V ||
	                     g == U_GCB_LV || g == U_GCB_LVT))
		return true;                                    /* GB6 */
	if ((p == U_GCB_LV || p == U_GCB_V) && (g == U_GCB_V || g == U_GCB_T))
		return true;                                    /* GB7 */
	if ((p == U_GCB_LVT || p == U_GCB_T) && g == U_GCB_T)
		return true;                                    /* GB8 */
	if (g == U_GCB_EXTEND || g == U_GCB_ZWJ || g == U_GCB_SPACING_MARK)
		return true;                                    /* GB9, GB9a */
	if (p == U_GCB_PREPEND)
		return true;                                    /* GB9b */
	if (p == U_GCB_ZWJ && st->pict_zwj &&
	    u_hasBinaryProperty((UChar32)cp, UCHAR_EXTENDED_PICTOGRAPHIC))
		return true;                                    /* GB11 */
	if (p == U_GCB_REGIONAL_INDICATOR && g == U_GCB_REGIONAL_INDICATOR)
		return st->regional % 2 == 1;                   /* GB12, GB13 */
	return false;
}

static void cluster_state_add(ClusterState *st, uint32_t cp, int g)
{
	bool pict = u_hasBinaryProperty((UChar32)cp,
	                                UCHAR_EXTENDED_PICTOGRAPHIC);
	st->pict_zwj = g == U_GCB_ZWJ && st->pict_run;
	st->pict_run = pict || (g == U_GCB_EXTEND && st->pict_run);
	st->regional = g == U_GCB_REGIONAL_INDICATOR ? st->regional + 1 : 0;
	st->prev = g;
}

size_t text_next_cluster(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	uint32_t cp;
	size_t n = utf8_decode(s + pos, len - pos, &cp);
	if (n == 0)
		return pos + 1;
	ClusterState st = {0};
	cluster_state_add(&st, cp, gcb(cp));
	size_t i = pos + n;
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			break;
		int g = gcb(cp);
		if (!joins(&st, cp, g))
			break;
		cluster_state_add(&st, cp, g);
		i += n;
	}
	return i;
}

double text_width(const char *s, size_t len, TextMeasure measure, void *ctx)
{
	double w = 0;
	for (size_t i = 0, next; i < len; i = next) {
		next = text_next_cluster(s, len, i);
		w += cluster_width(measure, ctx, s + i, next - i);
	}
	return w;
}

/* ------------------------------------------------------------------ */
/* Classes (§3.1).  Written as in the spec so that they can be checked   */
/* against it character by character.                                   */

/* No-start in both modes: cl-02 closing brackets, cl-03 hyphens and
 * wave dashes, cl-04 ! ?, cl-05 middle dots and colons, cl-06 full
 * stops, cl-07 commas, cl-09 iteration marks. */
static const char NO_START[] =
	"’”)）〕]］}｝〉》」』】⦆｠〙〗»〟｣"
	"‐〜゠–～"
	"!！?？‼⁇⁈⁉"
	"・:：;；･"
	"。.．｡"
	"、,，､"
	"ヽヾゝゞ々〻";
/* No-start in strict only (UAX #14 CJ, freed by normal, §3.3): cl-10
 * prolonged sound marks and cl-11 small kana (plus the ranges in
 * no_start_strict_only). */
static const char NO_START_STRICT[] =
	"ーｰ"
	"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ";
/* No-end: cl-01 opening brackets. */
static const char NO_END[] = "‘“(（〔[［{｛〈《「『【⦅｟〘〖«〝｢";
/* cl-12 prefixed abbreviations (currency). */
static const char PREFIX[] = "¥￥$＄£￡#＃€№";
/* cl-13 postfixed abbreviations (units). */
static const char POSTFIX[] =
	"°′″℃¢￠%％‰ℓ㏋㌃㌍㌔㌘㌢㌣㌦㌧㌫㌶㌻㍉㍊㍍㍑㍗㎎㎏㎜㎝㎞㎡㏄";
/* Separators inside numbers (rule 5). */
static const char SEPARATOR[] = ",.:/-，．：／～〜‐–";
/* Marks after which a last-resort cut is made (§3.5, §3.6). */
static const char CUT_MARK[] = "/.-?&=／．";
/* Inseparable pairs (rule 6), two characters each. */
static const char *const INSEPARABLE[] = {
	"——", "――", "……", "‥‥", "〳〵", "〴〵",
};

/* UTF-8 never matches in the middle of a character, so finding cp's
 * bytes in the set's bytes finds the character. */
static bool in_set(const char *set, uint32_t cp)
{
	char bytes[4];
	size_t n = utf8_encode(cp, bytes);
	return memmem(set, strlen(set), bytes, n) != NULL;
}

static bool no_start_strict_only(uint32_t cp)
{
	return in_set(NO_START_STRICT, cp) ||
	       (cp >= 0x31F0 && cp <= 0x31FF) ||   /* small katakana ext. */
	       (cp >= 0xFF67 && cp <= 0xFF6F);     /* ｧ–ｯ */
}

static bool is_inseparable(uint32_t a, uint32_t b)
{
	size_t count = sizeof INSEPARABLE / sizeof INSEPARABLE[0];
	for (size_t i = 0; i < count; i++) {
		const char *p = INSEPARABLE[i];
		size_t len = strlen(p);
		uint32_t first, second;
		size_t n = decode_at(p, len, 0, &first);
		decode_at(p, len, n, &second);
		if (first == a && second == b)
			return true;
	}
	return false;
}

static bool is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* §3.1 word character; U+00A0 and U+2060 are not (§3.6). */
static bool is_word(uint32_t cp)
{
	if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
	    (cp >= 0xFF41 && cp <= 0xFF5A))
		return true;
	if (cp == 0x20 || cp == 0xA0 || cp == 0x2060 || cp == 0xFEFF ||
	    (cp >= 0xFF61 && cp <= 0xFF9F))
		return false;
	return cp_halves(cp) == 1;
}

enum {
	C_SPACE = 1 << 0,           /* U+0020 */
	C_NO_START = 1 << 1,        /* in both modes */
	C_NO_START_STRICT = 1 << 2, /* in strict only */
	C_NO_END = 1 << 3,
	C_PREFIX = 1 << 4,
	C_POSTFIX = 1 << 5,
	C_SEPARATOR = 1 << 6,
	C_WORD = 1 << 7,
	C_DIGIT = 1 << 8,
	C_GLUE = 1 << 9,            /* U+00A0, U+2060: no break either side */
	C_ZWSP = 1 << 10,           /* U+200B: a break after it */
	C_CUT_MARK = 1 << 11,
	C_FORCED = 1 << 12,         /* '\n' (a <br/>) or the paragraph end */
	C_SHY = 1 << 13,            /* U+00AD: a break after it, hyphenated */
};

/* Every character of the sets above lies in one of these ranges; the
 * ideographs that make up most of a sheet lie in none, and skip them. */
static bool in_class_ranges(uint32_t cp)
{
	return cp < 0x100 || (cp >= 0x2000 && cp < 0x2200) ||
	       (cp >= 0x2980 && cp < 0x2990) || (cp >= 0x3000 && cp < 0x3400) ||
	       (cp >= 0xFE00 && cp < 0x10000);
}

static unsigned classes_of(uint32_t cp)
{
	unsigned c = 0;
	if (!in_class_ranges(cp))
		return is_word(cp) ? C_WORD : 0;
	if (cp == 0x20)
		c |= C_SPACE;
	if (cp == '\n' || cp == '\r')
		c |= C_FORCED;
	if (cp == 0xA0 || cp == 0x2060 || cp == 0xFEFF)
		c |= C_GLUE;    /* U+FEFF inside text is the old word joiner */
	if (cp == 0xAD)
		c |= C_SHY;
	if (cp == 0x200B)
		c |= C_ZWSP;
	if (in_set(NO_START, cp))
		c |= C_NO_START;
	if (no_start_strict_only(cp))
		c |= C_NO_START_STRICT;
	if (in_set(NO_END, cp))
		c |= C_NO_END;
	if (in_set(PREFIX, cp))
		c |= C_PREFIX;
	if (in_set(POSTFIX, cp))
		c |= C_POSTFIX;
	if (in_set(SEPARATOR, cp))
		c |= C_SEPARATOR;
	if (in_set(CUT_MARK, cp))
		c |= C_CUT_MARK;
	if (is_word(cp))
		c |= C_WORD;
	if (is_digit(cp))
		c |= C_DIGIT;
	return c;
}

static bool classes_no_start(unsigned c, BreakMode mode)
{
	return (c & C_NO_START) ||
	       (mode == BREAK_STRICT && (c & C_NO_START_STRICT));
}

static uint32_t first_cp(const char *s, size_t len)
{
	uint32_t cp = 0;
	if (len > 0)
		decode_at(s, len, 0, &cp);
	return cp;
}

bool text_no_start(const char *s, size_t len, BreakMode mode)
{
	return len > 0 && classes_no_start(classes_of(first_cp(s, len)), mode);
}

bool text_no_end(const char *s, size_t len)
{
	return len > 0 && in_set(NO_END, first_cp(s, len));
}

/* ------------------------------------------------------------------ */
/* Whitespace (§2, §3.6)                                                */

/* The classes of §2's table; SIDE_NONE is a paragraph edge. */
typedef enum Side { SIDE_NONE, SIDE_F, SIDE_P, SIDE_L } Side;

/* SIDE_NONE for a zero-width character: a run beside one looks past it
 * to the nearest character with a width (§3.6). */
static Side side_of(uint32_t cp)
{
	switch (cp_halves(cp)) {
	case 0:
		return SIDE_NONE;
	case 2:
		return SIDE_F;
	}
	uint32_t gc = U_GET_GC_MASK((UChar32)cp);
	return (gc & (U_GC_P_MASK | U_GC_S_MASK)) ? SIDE_P : SIDE_L;
}

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* §2's table: true if a run between left and right becomes one U+0020. */
static bool run_keeps_space(Side left, Side right, bool has_newline)
{
	if (left == SIDE_NONE || right == SIDE_NONE)
		return false;
	if (left == SIDE_F || right == SIDE_F)
		return (left == SIDE_L || right == SIDE_L) && !has_newline;
	return true;
}

/* Side of the first character with a width at or after pos, looking
 * past whitespace and zero-width characters; *at gets its offset. */
static Side side_after(const char *s, size_t len, size_t pos, size_t *at)
{
	while (pos < len) {
		uint32_t cp;
		size_t n = decode_at(s, len, pos, &cp);
		Side side = is_xml_space(s[pos]) ? SIDE_NONE : side_of(cp);
		if (side != SIDE_NONE) {
			*at = pos;
			return side;
		}
		pos += n;
	}
	*at = len;
	return SIDE_NONE;
}

char *text_collapse(const char *raw, size_t len)
{
	Buf out = {0};
	Side left = SIDE_NONE;
	/* The right neighbour found for one run serves every later run that
	 * ends before it, which keeps the scan linear. */
	Side right = SIDE_NONE;
	size_t right_at = 0;
	bool right_known = false;
	size_t i = 0;
	while (i < len) {
		if (is_xml_space(raw[i])) {
			bool newline = false;
			size_t j = i;
			for (; j < len && is_xml_space(raw[j]); j++)
				newline |= raw[j] == '\n' || raw[j] == '\r';
			if (!right_known || right_at < j) {
				right = side_after(raw, len, j, &right_at);
				right_known = true;
			}
			if (run_keeps_space(left, right, newline))
				buf_addc(&out, ' ');
			i = j;
			continue;
		}
		uint32_t cp;
		size_t n = decode_at(raw, len, i, &cp);
		Side side = side_of(cp);
		if (side != SIDE_NONE)
			left = side;
		buf_add(&out, raw + i, n);
		i += n;
	}
	return buf_take(&out);
}

/* ------------------------------------------------------------------ */
/* Break opportunities (§3.2, §3.3, §3.6)                               */

/* One grapheme cluster of a paragraph, and what the breaker knows about
 * the boundary before it.  Index n is a sentinel at the paragraph end. */
typedef struct Cluster {
	size_t off;        /* first byte */
	double cum;        /* width of all clusters before this one */
	uint32_t cp;       /* first code point */
	unsigned cls;      /* C_* */
	bool brk;          /* break opportunity before this cluster */
	size_t trim;       /* boundary after the last non-space before it */
	size_t mark_cut;   /* last mark cut at or before it (0: none) */
	size_t good_cut;   /* last kinsoku-clean cut at or before it (0: none) */
} Cluster;

/* Rule 5: a number holds to its prefix, postfix and inner separators. */
static bool number_binds(const Cluster *before, const Cluster *a,
                         const Cluster *b, const Cluster *after)
{
	if ((a->cls & C_DIGIT) && (b->cls & C_POSTFIX))
		return true;
	if ((a->cls & C_PREFIX) && (b->cls & C_DIGIT))
		return true;
	if ((a->cls & C_SEPARATOR) && (b->cls & C_DIGIT) &&
	    before != NULL && (before->cls & C_DIGIT))
		return true;
	return (a->cls & C_DIGIT) && (b->cls & C_SEPARATOR) &&
	       after != NULL && (after->cls & C_DIGIT);
}

/* §3.2: may a line break between clusters i−1 and i?  Both lie in the
 * segment that starts at first; neighbours across a forced break do not
 * count. */
static bool may_break(const Cluster *c, size_t i, size_t first, BreakMode mode)
{
	const Cluster *a = &c[i - 1], *b = &c[i];
	const Cluster *before = i - 1 > first ? &c[i - 2] : NULL;
	const Cluster *after = (c[i + 1].cls & C_FORCED) ? NULL : &c[i + 1];

	if ((a->cls | b->cls) & C_GLUE)
		return false;                   /* U+00A0, U+2060 */
	if (b->cls & (C_SPACE | C_ZWSP | C_SHY))
		return false;                   /* rule 1; U+200B, U+00AD: UAX #14 */
	if (a->cls & (C_SPACE | C_ZWSP | C_SHY)) /* rule 2; U+200B by §3.6 */
		return !classes_no_start(b->cls, mode) &&
		       !(before != NULL && (before->cls & C_NO_END));
	if (classes_no_start(b->cls, mode) || (a->cls & C_NO_END))
		return false;                   /* rule 3 */
	if ((a->cls & C_WORD) && (b->cls & C_WORD))
		return false;                   /* rule 4 */
	if (number_binds(before, a, b, after))
		return false;                   /* rule 5 */
	if (is_inseparable(a->cp, b->cp))
		return false;                   /* rule 6 */
	return true;                            /* rule 7 */
}

/* A last-resort cut after a mark (§3.5): not inside a doubled mark, and
 * not before a no-start character.  "Not the line's first character"
 * depends on the line and is checked where the cut is used. */
static bool is_mark_cut(const Cluster *c, size_t i, BreakMode mode)
{
	return i > 0 && (c[i - 1].cls & C_CUT_MARK) && !(c[i].cls & C_FORCED) &&
	       c[i].cp != c[i - 1].cp && !classes_no_start(c[i].cls, mode);
}

/* A cut that keeps kinsoku (§3.6), preferred by the grapheme fallback. */
static bool is_good_cut(const Cluster *c, size_t i, BreakMode mode)
{
	return i > 0 && !classes_no_start(c[i].cls, mode) &&
	       !(c[i - 1].cls & C_NO_END);
}

/* Splits text into clusters, measuring each once.  Returns n; (*out)[n]
 * is the sentinel. */
static size_t split_clusters(const char *text, size_t len, TextMeasure measure,
                             void *ctx, Cluster **out)
{
	Cluster *c = NULL;
	size_t n = 0, cap = 0;
	double cum = 0;
	/* Kana and punctuation repeat: remember the classes of recent ones. */
	struct { uint32_t cp; unsigned cls; } memo[64];
	memset(memo, 0xFF, sizeof memo);
	for (size_t i = 0, next; i < len; i = next) {
		next = text_next_cluster(text, len, i);
		/* A space takes a following mark into its cluster (UAX #29
		 * GB9), but only the space may be dropped at a break: the
		 * mark is a cluster of its own. */
		if (text[i] == ' ')
			next = i + 1;
		xgrow((void **)&c, &cap, n + 2, sizeof *c);
		uint32_t cp = first_cp(text + i, next - i);
		size_t slot = cp % 64;
		if (memo[slot].cp != cp) {
			memo[slot].cp = cp;
			memo[slot].cls = classes_of(cp);
		}
		c[n] = (Cluster){
			.off = i, .cum = cum, .cp = cp, .cls = memo[slot].cls,
		};
		if (!(c[n].cls & C_FORCED))
			cum += cluster_width(measure, ctx, text + i, next - i);
		n++;
	}
	xgrow((void **)&c, &cap, n + 1, sizeof *c);
	c[n] = (Cluster){.off = len, .cum = cum, .cls = C_FORCED};
	*out = c;
	return n;
}

/* Fills brk, trim, mark_cut and good_cut for every boundary. */
static void find_opportunities(Cluster *c, size_t n, BreakMode mode)
{
	size_t first = 0;   /* start of the current segment */
	for (size_t i = 0; i <= n; i++) {
		if (i > 0 && (c[i - 1].cls & C_FORCED))
			first = i;
		/* a segment's end is forced, its start never a break */
		if (i > first && !(c[i].cls & C_FORCED))
			c[i].brk = may_break(c, i, first, mode);
		const Cluster *prev = i > 0 ? &c[i - 1] : NULL;
		c[i].trim = prev && (prev->cls & C_SPACE) ? prev->trim : i;
		c[i].mark_cut = is_mark_cut(c, i, mode) ? i :
		                prev ? prev->mark_cut : 0;
		c[i].good_cut = is_good_cut(c, i, mode) ? i :
		                prev ? prev->good_cut : 0;
	}
}

/* ------------------------------------------------------------------ */
/* Choosing the lines (§3.4, §3.5, §3.6)                                */

/* The state of one text_break call.  opp and fit only move forward,
 * so the paragraph is walked once (linear time). */
typedef struct Breaker {
	const Cluster *c;
	double width;
	size_t opp;        /* next boundary to test as an opportunity */
	size_t fit;        /* furthest boundary known to fit (last resort) */
	double hyphen;     /* width of TEXT_HYPHEN */
} Breaker;

/* True if a line ending before cluster p ends at a soft hyphen and so
 * shows a hyphen: a break there, not a paragraph end or <br/>. */
static bool ends_hyphenated(const Cluster *c, size_t s, size_t p)
{
	return p > s && (c[p - 1].cls & C_SHY) && !(c[p].cls & C_FORCED);
}

/* Width of clusters [s, p) without trailing U+0020 (§1), with the
 * hyphen a soft hyphen shows at the line's end. */
static double span_width(const Breaker *br, size_t s, size_t p)
{
	const Cluster *c = br->c;
	size_t t = c[p].trim > s ? c[p].trim : s;
	return c[t].cum - c[s].cum + (ends_hyphenated(c, s, p) ? br->hyphen : 0);
}

static bool fits(const Breaker *br, size_t s, size_t p)
{
	return span_width(br, s, p) <= br->width + FIT_SLACK;
}

static size_t skip_spaces(const Cluster *c, size_t i, size_t end)
{
	while (i < end && (c[i].cls & C_SPACE))
		i++;
	return i;
}

/* Greedy (§3.5): the last opportunity in (s, end] that fits, or 0.
 * Leaves br->opp at the first opportunity that does not fit. */
static size_t longest_fit(Breaker *br, size_t s, size_t end)
{
	size_t best = 0;
	size_t p = br->opp > s ? br->opp : s + 1;
	for (; p <= end; p++) {
		if (p < end && !br->c[p].brk)
			continue;
		if (!fits(br, s, p))
			break;
		best = p;
	}
	br->opp = p;
	return best;
}

/* Last resort (§3.5): the first opportunity, stop, does not fit.  Cut
 * after the last fitting mark, else after the last fitting cluster
 * (kinsoku kept if possible, §3.6).  Returns 0 if cluster s alone is
 * wider than the line. */
static size_t last_resort(Breaker *br, size_t s, size_t stop)
{
	const Cluster *c = br->c;
	size_t f = br->fit > s ? br->fit : s;
	while (f + 1 < stop && fits(br, s, f + 1))
		f++;
	br->fit = f;
	if (f == s)
		return 0;
	if (c[f].mark_cut >= s + 2)     /* the mark is not the line's first */
		return c[f].mark_cut;
	if (c[f].good_cut > s)
		return c[f].good_cut;
	return f;
}

static void add_line(TextLines *out, const Breaker *br, size_t s, size_t e)
{
	const Cluster *c = br->c;
	size_t t = c[e].trim > s ? c[e].trim : s;
	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n++] = (TextLine){
		.start = c[s].off,
		.end = c[t].off,
		.width = span_width(br, s, e),
		.hyphen = ends_hyphenated(c, s, e),
	};
}

/* Lines of the segment [first, end) (text between forced breaks). */
static int break_segment(Breaker *br, size_t first, size_t end,
                         TextLines *out, size_t *bad_offset)
{
	const Cluster *c = br->c;
	size_t s = skip_spaces(c, first, end);
	if (s == end) {
		add_line(out, br, s, s);   /* an empty line (<br/><br/>) */
		return 0;
	}
	while (s < end) {
		size_t e = longest_fit(br, s, end);
		if (e == 0)
			e = last_resort(br, s, br->opp);
		if (e == 0) {
			*bad_offset = c[s].off;
			return -1;
		}
		add_line(out, br, s, e);
		s = skip_spaces(c, e, end);
	}
	return 0;
}

int text_break(const char *text, size_t len, double width, BreakMode mode,
               TextMeasure measure, void *ctx, TextLines *out,
               size_t *bad_offset)
{
	if (len == 0)
		return 0;
	Cluster *c;
	size_t n = split_clusters(text, len, measure, ctx, &c);
	find_opportunities(c, n, mode);
	Breaker br = {.c = c, .width = width,
	              .hyphen = measure(ctx, TEXT_HYPHEN, strlen(TEXT_HYPHEN))};
	int rc = 0;
	for (size_t first = 0; first <= n && rc == 0;) {
		size_t end = first;
		while (!(c[end].cls & C_FORCED))
			end++;
		rc = break_segment(&br, first, end, out, bad_offset);
		first = end + 1;
	}
	free(c);
	return rc;
}

void text_lines_free(TextLines *lines)
{
	free(lines->v);
	lines->v = NULL;
	lines->n = lines->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Vertical forms (§6)                                                  */

/* Pairs: a character, then its vertical presentation form. */
static const char VERTICAL_PAIRS[] =
	"、︑。︒，︐（︵）︶「﹁」﹂『﹃』﹄【︻】︼〔︹〕︺…︙‥︰—︱";
/* No vertical form: drawn rotated 90° clockwise (UAX #50 Tr). */
static const char VERTICAL_ROTATED[] = "ー～〜";

static bool is_small_kana(uint32_t cp)
{
	return in_set(NO_START_STRICT, cp) || (cp >= 0x31F0 && cp <= 0x31FF) ||
	       (cp >= 0xFF67 && cp <= 0xFF6F);
}

/* Han, full-size kana and full-width alphanumerics (UAX #50 U). */
static bool is_upright(uint32_t cp)
{
	if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
	    (cp >= 0xFF41 && cp <= 0xFF5A))
		return true;
	int script = u_getIntPropertyValue((UChar32)cp, UCHAR_SCRIPT);
	if (script == USCRIPT_HAN)
		return true;
	bool kana = script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA;
	return kana && cp_halves(cp) == 2 && !is_small_kana(cp);
}

uint32_t text_vertical_form(uint32_t cp, bool *rotate)
{
	*rotate = false;
	size_t len = strlen(VERTICAL_PAIRS);
	for (size_t i = 0; i < len;) {
		uint32_t from, to;
		i += decode_at(VERTICAL_PAIRS, len, i, &from);
		i += decode_at(VERTICAL_PAIRS, len, i, &to);
		if (from == cp)
			return to;
	}
	if (in_set(VERTICAL_ROTATED, cp)) {
		*rotate = true;
		return cp;
	}
	return is_upright(cp) ? cp : 0;
}
