/* i18n.h: messages in the user's language, through gettext.
 *
 * Owns: the text domain "goalsheet" and where its catalogs are
 * (build/locale in the source tree, PREFIX/share/locale when installed),
 * and the Japanese form of libxml2's English messages.  Every string a
 * person reads (diagnostics, usage, help, watch and progress lines,
 * field names in messages) goes through _(); strings the program parses
 * or writes into documents (XML element names, PDF text) do not.  The
 * level words of diagnostics (error, warning, note) stay English: tools
 * match them.  With LC_ALL, LC_MESSAGES or LANG set to a Japanese locale
 * (ja_JP.UTF-8) the messages are Japanese; in any other locale, and when
 * the catalog is missing, they are the English msgids themselves.
 */
#ifndef GOALSHEET_I18N_H
#define GOALSHEET_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
/* Marks a string for translation where it is defined (a table); it is
 * translated with _() where it is used. */
#define N_(s) (s)
/* A translation with a context, for msgids that would otherwise clash
 * (gettext's pgettext; xgettext --keyword=P_:1c,2). */
#define P_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/* Sets the locale from the environment (LC_NUMERIC stays "C": numbers
 * in templates, layouts and PDFs are written with a '.') and binds the
 * text domain to the catalogs that belong with datadir, the data folder
 * (find_datadir); datadir NULL keeps gettext's default folder. */
void i18n_init(const char *datadir);

/* True when messages are translated (a catalog for the user's language
 * is in use): then fields are named in that language. */
bool i18n_translated(void);

const char *i18n_pgettext(const char *ctx_msgid, const char *msgid)
	__attribute__((format_arg(2)));

/* libxml2's English message in the user's language when it is one of
 * the common ones; NULL otherwise (and always in English).  Caller
 * frees.  explain.h says the rest in the user's language. */
char *i18n_xml_message(const char *msg);

#endif
