/* cmd_new.h: `goalsheet new --priority N --fiscal-year Y [--unit NAME]...`.
 *
 * Owns: the skeleton of a new sheet: schema-valid, every field present
 * and empty, with a short Japanese comment saying what goes where.  It
 * is incomplete on purpose: `check` lists what is missing, `render
 * --draft` shows it with placeholders.
 */
#ifndef GOALSHEET_CMD_NEW_H
#define GOALSHEET_CMD_NEW_H

#include <stdio.h>

/* Writes the skeleton to out.  units may be empty.  Returns 0. */
int write_skeleton(FILE *out, int priority, int fiscal_year,
                   const char *const *units, size_t nunits);

/* argv[0] is "new".  Returns the exit status. */
int cmd_new(int argc, char **argv);

#endif
