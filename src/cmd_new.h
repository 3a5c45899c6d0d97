/* cmd_new.h: `goalsheet new --priority N --fiscal-year Y [--unit NAME]...
 * [-t TEMPLATE] [-o FILE]`.
 *
 * Owns: the skeleton of a new sheet: schema-valid, with a Japanese
 * comment before each field that names it with the template's own label
 * (no other city's plan names) and says whether `check --stage plan`
 * requires it (必須) or not (任意).  The fields marked 必須 are empty,
 * and they are exactly what `check --stage plan` asks to be filled in.
 * With -o the skeleton goes into a new file, never over an existing one.
 */
#ifndef GOALSHEET_CMD_NEW_H
#define GOALSHEET_CMD_NEW_H

#include <stdio.h>

#include "template.h"

/* Writes the skeleton to out, its guidance from t's labels.  units may
 * be empty.  Returns 0. */
int write_skeleton(FILE *out, const Template *t, int priority, int fiscal_year,
                   const char *const *units, size_t nunits);

/* Reads the template of that name (NULL: the default), or returns NULL
 * after reporting. */
typedef const Template *(*NewTemplateFn)(void *arg, const char *name);

/* argv[0] is "new".  Returns the exit status. */
int cmd_new(int argc, char **argv, NewTemplateFn template_for, void *arg);

#endif
