/* cmd_new.h: `goalsheet new --priority N --fiscal-year Y [--unit NAME]...
 * [-t NAME] [-o FILE]`.
 *
 * Owns: the skeleton of a new sheet: schema-valid, every field present
 * and empty, with a short Japanese comment naming each field as the
 * template labels it and saying what goes there (a field the template
 * does not print is marked to stay empty); with -t, the sheet names its
 * template.  With -o the skeleton goes into a new file, never over an
 * existing one.  The fields marked （必須） are exactly what `check --stage
 * plan` asks to be filled in.  It
 * is incomplete on purpose: `check` lists what is missing, `render
 * --draft` shows it with placeholders.
 */
#ifndef GOALSHEET_CMD_NEW_H
#define GOALSHEET_CMD_NEW_H

#include <stdio.h>

#include "template.h"

/* Writes the skeleton to out, labelled by t; template_attr (may be
 * NULL) becomes the sheet's template attribute.  units may be empty.
 * Returns 0. */
int write_skeleton(FILE *out, const Template *t, const char *template_attr,
                   int priority, int fiscal_year, const char *const *units,
                   size_t nunits);

/* argv[0] is "new"; argv0 the program's, to find the templates.
 * Returns the exit status. */
int cmd_new(int argc, char **argv, const char *argv0);

#endif
