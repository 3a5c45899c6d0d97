/* load.h: XML in, model out (the only module that knows libxml2 trees
 * of user documents).
 *
 * Owns: parsing with safe options (no network, no DTD loading, no
 * external entities, no DOCTYPE at all, libxml2's built-in limits),
 * RELAX NG validation against templates/goalsheet.rng, the book's
 * XIncludes (hrefs percent-decoded, opened beneath the book's folder
 * whatever its links do, each file once, loops refused, at most 1000
 * sheets and 64 MB), and the translation of a valid tree into model.h
 * structs.  Every file is opened once and read from that descriptor;
 * only regular files are read (a FIFO would block).
 * Every problem is reported through diag.h with its file, line and
 * column.  Checks that need the model (years, SDGs, stages, books) are
 * check.h's.
 */
#ifndef GOALSHEET_LOAD_H
#define GOALSHEET_LOAD_H

#include <libxml/tree.h>

#include "diag.h"
#include "model.h"
#include "thread_job.h"

/* Parses path safely.  Returns NULL after reporting.  For other modules
 * that read XML of their own (templates). */
xmlDocPtr xml_read_safe(const char *path, Diag *d);

/* The same for bytes already read (at most MAX_INPUT_BYTES; path names
 * them in messages). */
xmlDocPtr xml_read_bytes_safe(const char *path, const char *data, size_t len,
                              Diag *d);
/* The text of a mixed-content element as the model holds it: whitespace
 * collapsed per segment (typesetting.md §2), <br/> as '\n'.  Caller
 * frees. */
char *load_inline_text(xmlNodePtr n);

typedef struct Schema Schema;
Schema *schema_open(const char *rng_path, Diag *d);
void schema_close(Schema *s);
/* Messages about a document's mistakes name its elements with t's
 * labels (explain.h); t may be NULL.  The labels are copied. */
struct Template;
void schema_use_template(Schema *s, const struct Template *t);

typedef enum DocKind { DOC_NONE, DOC_SHEET, DOC_BOOK } DocKind;

typedef struct Document {
	DocKind kind;
	Sheet sheet;       /* when kind == DOC_SHEET */
	Book book;         /* when kind == DOC_BOOK */
	/* Every file the load read or was told to read: the file itself and
	 * each relative include the book names, whether it loaded or not
	 * (watch keeps them all watched: a fixed typo must render). */
	char **sources;
	size_t nsources;
	/* load_document failed, but only for included sheets it could not
	 * read: the book and its other sheets are loaded and can be checked,
	 * so that one run reports all of a book's errors. */
	bool checkable;
} Document;

/* Loads a <sheet> or <book> document (a book's sheets two at a time,
 * with helpers; NULL: in the caller).  Returns 0, or -1 after reporting
 * the problems (all of them the file has that can be found in one run;
 * see checkable). */
int load_document(const char *path, Schema *schema, Helpers *helpers,
                  Document *out, Diag *d);
/* Loads a <sheet> from bytes not (yet) in a file, as if read from path
 * (the browser's form, before it is saved): the same parse, schema and
 * model; a <book> is refused.  Returns 0, or -1 after reporting. */
int load_sheet_bytes(const char *path, const char *data, size_t len,
                     Schema *schema, Document *out, Diag *d);
void document_free(Document *doc);

/* Every source file of a document (doc->sources without repeats), for
 * `watch`.  Caller frees the array and the strings. */
char **document_files(const Document *doc, size_t *n);

#endif
