/* sdg.h: SDG badges (sheet-grid.md, "SDG badges").  Internal to layout.
 *
 * Owns: the seventeen goals' official colours and short Japanese names,
 * and drawing a badge: a square in the goal's colour with its number
 * and name in white.  The UN artwork is not ours to ship; this is a
 * drawn stand-in.  The colours and names are also the browser form's
 * badges (sdg_colour, sdg_name).
 */
#ifndef GOALSHEET_SDG_H
#define GOALSHEET_SDG_H

#include "layout.h"

/* Draws the sheet's badges in area, as large as the template's cell
 * allows (its badge, badge-gap, badge-number, badge-split) and small
 * enough for all to fit, each a Figure node under parent with its goal
 * as Alt (artifacts when doc is NULL).  Returns the number of errors. */
int sdg_badges(const LayoutContext *ctx, Page *p, const Sheet *s,
               const TCell *cell, Box area, Doc *doc, size_t parent);

/* Goal n's (1..17) colour as 0xRRGGBB, and its short Japanese name. */
unsigned sdg_colour(int n);
const char *sdg_name(int n);

#endif
