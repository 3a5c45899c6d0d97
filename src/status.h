/* status.h: what each sheet has filled and what its stage still needs
 * (`goalsheet status`), for the person who collects a department's
 * sheets before a deadline.
 *
 * Owns: the counts (per step and column of the initiatives' table, per
 * sheet, for the book) and their three forms: text for an 80-column
 * terminal (East Asian widths, colour when asked), CSV and JSON.  What
 * a stage requires is check.h's rule (check_each_cell), never restated
 * here.
 */
#ifndef GOALSHEET_STATUS_H
#define GOALSHEET_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "load.h"

typedef enum StatusFormat { STATUS_TEXT, STATUS_CSV, STATUS_JSON } StatusFormat;

typedef struct StatusOptions {
	StatusFormat format;
	bool colour;               /* text: ANSI colours (a terminal, no NO_COLOR) */
	const CheckOptions *check; /* what the template prints */
	bool csv_header;           /* csv: the header line first */
} StatusOptions;

/* The format a --format value names (NULL: text), or -1. */
int status_format(const char *name);

/* Writes doc's status (a sheet, or a book's sheets in priority order)
 * to out.  Returns the number of required cells and fields left empty. */
long status_write(FILE *out, const Document *doc, const StatusOptions *opt);

#endif
