/* nextyear.h: this year's sheets as the start of the next year's, or of
 * the same year's next stage (`goalsheet next-year`, and serve's index).
 *
 * Owns: what a copy keeps and what it empties (goalsheet(1), "next-year"):
 * for the next fiscal year, stage plan, with the goal, alignment,
 * situation, purpose, initiatives, actions, participation and the
 * files' comments kept, and the periods, targets, interim, final and
 * outcomes emptied (periods and targets kept with keep_targets); for the
 * next stage, the same year with only the stage changed.  The copy is
 * made from the source files' XML, so comments and layout stay as the
 * staff wrote them; a book's included sheets follow, under the same
 * relative names.  Every file is written atomically and only as a new
 * file (outfile_create): when any would exist, none is written.
 */
#ifndef GOALSHEET_NEXTYEAR_H
#define GOALSHEET_NEXTYEAR_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "load.h"

typedef struct NextOptions {
	/* -1: the next fiscal year, stage plan.  A Stage: the same fiscal
	 * year at that stage, which must come after every sheet's own. */
	int stage;
	bool keep_targets;   /* the next year keeps periods and targets */
} NextOptions;

/* The files a copy wrote, in the order written (the book first). */
typedef struct NextResult {
	char **files;
	size_t n;
} NextResult;

/* Writes the copy of doc, as load_document loaded it (a sheet, or a
 * book and the sheets it includes), into the folder dir, which is made
 * when missing.  res may be NULL; else the caller frees it with
 * next_result_free.  Returns 0, or -1 after reporting (a sheet already
 * at or past the stage asked for is an input error at the sheet; a
 * file that exists, or any that cannot be written, a system error). */
int next_copy(const Document *doc, const NextOptions *opt, const char *dir,
              NextResult *res, Diag *d);
void next_result_free(NextResult *res);

#endif
