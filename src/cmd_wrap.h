/* cmd_wrap.h: `goalsheet wrap` (typesetting.md §7).
 *
 * Owns: the options of the wrap command and its output format.  The
 * breaking itself is text.h's; this file only reads, collapses (§2),
 * breaks with the hang of a label (§4) and prints.
 */
#ifndef GOALSHEET_CMD_WRAP_H
#define GOALSHEET_CMD_WRAP_H

#include <stdbool.h>
#include <stdio.h>

#include "text.h"

/* `goalsheet wrap --em N [--mode strict|normal] [--label L]`.  argv[0]
 * is the command name ("wrap"); options follow.  Reads stdin, writes
 * stdout, reports on stderr.  Returns the exit status: 0, 1 for bad
 * input (invalid UTF-8, N <= 0, text that cannot be set), 2 for a usage
 * or system error. */
/* Gives the measure of a template font by its id ("mincho", "gothic")
 * for --font; returns false after reporting when there is none. */
typedef bool (*WrapFontLookup)(void *arg, const char *font_id,
                               TextMeasure *measure, void **measure_ctx);

int cmd_wrap(int argc, char **argv, WrapFontLookup lookup, void *lookup_arg);

/* The body of cmd_wrap, with the measure as a parameter so that the
 * caller can pass nominal widths (text_nominal_width, ctx NULL) or a
 * font's (fonts_measure with a FontMeasure).  Reads all of in as the
 * text of one <p>, prints each line and LF to out, the label (may be
 * NULL or empty) at the start of the first.  em must be > 0.  Returns an
 * exit status as cmd_wrap does; messages go to stderr. */
int wrap_run(FILE *in, FILE *out, double em, BreakMode mode,
             const char *label, TextMeasure m, void *ctx);

#endif
