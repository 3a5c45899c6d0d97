/* diag.h: the one voice for diagnostics.
 *
 * Owns: the format of every message the program prints about its input
 * or its environment, and the exit status that follows from them.
 * Input problems are printed as
 *     file:line:col: LEVEL: FIELD: message
 * (FIELD is a path such as "initiative ②, step (1), interim" and may be
 * absent); problems with the environment (unreadable file, missing font,
 * unwritable output) as
 *     goalsheet: error: message
 * FIELD and message are in the user's language (i18n.h: callers pass
 * _("...") formats); LEVEL (note, warning, error) is always English, so
 * that tools can match it: 取組②、(1)、中間報告: … in Japanese.
 * The exit status is the worst seen: 0 clean (notes and warnings allowed),
 * 1 an input error, 2 a usage or system error.
 * Every line shown has its control characters escaped (\u001B for ESC,
 * \u009B for CSI, \xNN for a byte that is not UTF-8), so that file names
 * and titles cannot drive the terminal.
 */
#ifndef GOALSHEET_DIAG_H
#define GOALSHEET_DIAG_H

#include <stdio.h>
#include <stdbool.h>

typedef enum DiagLevel { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } DiagLevel;

typedef struct Diag {
	FILE *out;          /* where messages go; NULL counts them silently */
	bool quiet;         /* suppress notes */
	int errors;         /* input errors reported */
	int warnings;
	bool system_error;  /* a usage or system error was reported */
} Diag;

void diag_init(Diag *d, FILE *out);

/* An input problem at file:line:col (line/col 0 when unknown). */
void diag_at(Diag *d, DiagLevel level, const char *file, long line, long col,
             const char *field, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* A usage or system problem: "goalsheet: error: ...", exit status 2. */
void diag_system(Diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Any other line for people (progress, status): printf, escaped as
 * above, and a newline. */
void diag_line(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* 0, 1 or 2 as described above. */
int diag_exit_status(const Diag *d);

/* Messages held back to be said later in their place, by work done out
 * of order (in another thread, ahead of its turn): diag_hold makes
 * h->d, a Diag like `like` that keeps what it is told; diag_release
 * says that through `to`, counts it there, and frees the held text. */
typedef struct DiagHeld {
	Diag d;
	char *text;
	size_t len;
} DiagHeld;
void diag_hold(DiagHeld *h, const Diag *like);
void diag_release(DiagHeld *h, Diag *to);

#endif
