/* explain.h: mistakes in XML, said so that the person who wrote the
 * sheet knows what to do.
 *
 * Owns: turning libxml2's parse errors and the RELAX NG validator's
 * verdict into messages that name what is missing or what was meant
 * and where (「<goal>（重点目標）がありません。<department> の後に書いて
 * ください」, 「<period>（期間・期限）のことですか」), at the offending
 * character; one message per mistake, with a note counting the
 * follow-on errors it suppressed; the vocabulary's shape as the
 * explanations need it (which children, in which order, which
 * attributes); and what a writer meant by full-width digits in numbers.
 * load.h parses and validates; it hands every libxml2 error here.
 */
#ifndef GOALSHEET_EXPLAIN_H
#define GOALSHEET_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "diag.h"
#include "model.h"

/* Where an element starts (load.c knows the columns). */
typedef SrcPos (*ElementPosFn)(const void *ctx, xmlNodePtr element);

typedef struct Explainer {
	Diag *d;
	const char *path;
	const char *data;          /* the bytes parsed, for positions; may be NULL */
	size_t len;
	const char *const *labels; /* the template's field names, by Field; may be NULL */
	ElementPosFn pos;          /* may be NULL before the tree exists */
	const void *pos_ctx;
	int errors;                /* libxml2 errors seen */
	/* the first of them */
	int code;
	long line, col;
	char *message;
	char *str1, *str2;
	int int1;
	xmlNodePtr node;
} Explainer;

void explainer_init(Explainer *ex, Diag *d, const char *path,
                    const char *data, size_t len);
void explainer_free(Explainer *ex);

/* A libxml2 structured error handler (user data: the Explainer): keeps
 * the first error and counts the rest; warnings are reported at once. */
void explain_collect(void *explainer, xmlErrorPtr e);

/* After a parse that collected errors: reports the first, explained,
 * and a note with the number of the others. */
void explain_parse_failure(Explainer *ex);

/* After validation failed: finds the first mistake in doc against the
 * vocabulary and reports it (or, when none is found, the validator's
 * first error in the user's language), then the note. */
void explain_invalid(Explainer *ex, xmlDocPtr doc);

/* Full-width digits (２０２４) in the numeric attributes become ASCII
 * before validation: the writer's meaning is unchanged. */
void explain_normalise_numbers(xmlDocPtr doc);

/* Damerau-Levenshtein distance (adjacent transpositions count 1),
 * case-insensitive for ASCII. */
size_t explain_distance(const char *a, const char *b);

#endif
