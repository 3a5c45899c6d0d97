/* check.h: the rules a schema cannot say (vocabulary.md).
 *
 * Owns: fiscal year range and era, priority, SDG numbers and repeats,
 * the columns a stage requires, and the agreement of a book's sheets
 * with the book (year, department, priorities 1…N once each).  Reads
 * the model only; reports through diag.h.
 */
#ifndef GOALSHEET_CHECK_H
#define GOALSHEET_CHECK_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"

typedef struct CheckOptions {
	bool draft;        /* missing required columns are warnings */
	/* The fields the template prints (1 << Field; 0: all): a stage does
	 * not require a field the template leaves out, and text in one
	 * would be lost, an error. */
	unsigned long printed;
	const char *template_name;   /* for those messages */
} CheckOptions;

/* One cell of the initiatives' table that takes text (a step's, or a
 * point's: step_column_source), as a stage sees it. */
typedef struct CellCheck {
	const Initiative *in;
	const Step *st;
	const Point *pt;     /* NULL: the step's own cell */
	Column col;
	const Block *b;
	unsigned optional;   /* the row's optional columns */
	SrcPos owner;        /* the step's or the point's start */
	bool printed;        /* the template has the column */
	bool required;       /* printed, and stage requires it of this row */
} CellCheck;
typedef void (*CellVisit)(void *arg, const CellCheck *c);

/* Visits every cell of s's table in order, required as at stage: the
 * one rule of what a stage requires, for check_sheet and `status`. */
void check_each_cell(const Sheet *s, Stage stage, const CheckOptions *opt,
                     CellVisit visit, void *arg);

/* Returns the number of errors reported. */
int check_sheet(const Sheet *s, const CheckOptions *opt, Diag *d);
int check_book(const Book *b, const CheckOptions *opt, Diag *d);

#endif
