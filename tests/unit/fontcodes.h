/* tests/unit/fontcodes.h: what the font tests share: the repository's
 * root (GOALSHEET_TOP, else ".") and code points of the IPAex fonts. */
#ifndef GOALSHEET_UNIT_FONTCODES_H
#define GOALSHEET_UNIT_FONTCODES_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static inline const char *top(void)
{
	const char *t = getenv("GOALSHEET_TOP");
	return t && t[0] ? t : ".";
}

/* Kana and every step-th kanji into cps: a few hundred glyphs spread
 * over the font (some kanji the IPAex fonts lack); returns how many. */
static inline size_t cjk_codes(uint32_t *cps, uint32_t step)
{
	size_t n = 0;
	for (uint32_t cp = 0x3041; cp <= 0x3093; cp++)
		cps[n++] = cp;
	for (uint32_t cp = 0x4E00; cp < 0x9FA0; cp += step)
		cps[n++] = cp;
	return n;
}

#endif
