/* sheet_edit.h: a sheet as a form, and the form back into the sheet's file.
 *
 * Owns: the form's view of a sheet's XML (a text per field, by key),
 * the state the browser sends back (application/x-www-form-urlencoded),
 * and the file's new bytes: only the elements whose form text changed
 * are rewritten (xmlspan.h finds their bytes); comments, attribute
 * order, indentation and the XML declaration of everything else stay
 * byte for byte.  The text rules of the form are here, once:
 *
 *   - one line of a text area is one paragraph (<p>, <unit>, <line>);
 *     U+2028 (Shift+Enter in the form) is a <br/> inside it;
 *   - a paragraph that starts with a label its field already uses, or
 *     with one of ・ ○ 〇 ● ◎ ※ ■ □ ◆ ◇, gets that label (label="・"),
 *     so that it hangs as the others do;
 *   - a field of one unlabelled paragraph is written as plain text;
 *   - &, < and > are escaped, control characters dropped;
 *   - a paragraph the form did not change keeps its own bytes.
 *
 * Keys: the vocabulary's names for the sheet's fields and attributes
 * (fiscal-year, priority, stage, department, goal, comprehensive-plan,
 * strategic-plan, reform-plan, sdgs ("3 11"), situation, purpose,
 * participation, outcomes); the initiatives as i.N (i.N.title,
 * i.N.summary), their steps as i.N.s.M (i.N.s.M.action … .final), the
 * points as i.N.s.M.p.K (.period … .final).  A list's "n" (i.n, i.N.s.n,
 * i.N.s.M.p.n) says how many items the form has and each item's "o"
 * (i.N.o) which item of the file it was, or "" for a new one: items are
 * added, removed and reordered with their own bytes (and the comment
 * before each).  A key the form does not send leaves its field as it is.
 * Nothing here knows HTTP or HTML (cmd_serve.h, serve_form.h do).
 */
#ifndef GOALSHEET_SHEET_EDIT_H
#define GOALSHEET_SHEET_EDIT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef struct EditSheet EditSheet;

/* The form of the <sheet> in data (copied).  NULL after reporting
 * through d (not well-formed, not a sheet, or text and tree disagree). */
EditSheet *edit_open(const char *path, const char *data, size_t len, Diag *d);
void edit_close(EditSheet *e);

/* The form's text of a field or attribute: "" when the element is
 * absent; for stage, the stage in force ("final" when not given).
 * Caller frees. */
char *edit_text(const EditSheet *e, const char *key);
/* How many items the file's list has: "i", "i.0.s", "i.0.s.1.p". */
size_t edit_count(const EditSheet *e, const char *list);

/* What the browser sent. */
typedef struct FormField {
	char *key, *value;
} FormField;
typedef struct Form {
	FormField *v;
	size_t n, cap;
} Form;

/* Decodes an application/x-www-form-urlencoded body ("\r\n" becomes
 * "\n").  -1 when a key or value is not valid UTF-8 (nothing kept). */
int form_parse(Form *f, const char *body, size_t len);
/* The value of key, or NULL when the form does not have it. */
const char *form_get(const Form *f, const char *key);
void form_free(Form *f);

/* The file's bytes with the form's changes (NUL-terminated; *len its
 * length).  NULL with *why (untranslated, for a 400 answer) when the
 * form does not fit the file (an item of the file named twice, or one
 * it does not have).  Caller frees. */
char *edit_apply(const EditSheet *e, const Form *f, size_t *len,
                 const char **why);

/* The key of the field whose element holds line:col (1-based, columns
 * in characters, as diagnostics count them) of e's bytes: the field
 * itself, or the step, initiative or "sheet" around it.  NULL when the
 * position is outside the sheet.  Caller frees. */
char *edit_key_at(const EditSheet *e, long line, long col);

/* A fingerprint of a file's bytes, to see that it changed since a form
 * was filled from it: 16 hex digits (FNV-1a, 64 bits) in out. */
void edit_hash(const char *data, size_t len, char out[17]);

#endif
