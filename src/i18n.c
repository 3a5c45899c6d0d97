/* i18n.c: see i18n.h. */
#include "i18n.h"

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

#define DOMAIN "goalsheet"

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalogs of the data folder: DATADIR/build/locale in the source
 * tree (make builds them there), else PREFIX/share/locale beside the
 * installed PREFIX/share/goalsheet. */
static char *locale_dir(const char *datadir)
{
	char *dir = xasprintf("%s/build/locale", datadir);
	if (!is_dir(dir)) {
		free(dir);
		dir = xasprintf("%s/../locale", datadir);
	}
	char *real = realpath(dir, NULL);
	if (real == NULL)
		return dir;
	free(dir);
	return real;
}

void i18n_init(const char *datadir)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (datadir != NULL) {
		char *dir = locale_dir(datadir);
		bindtextdomain(DOMAIN, dir);
		free(dir);
	}
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
}

bool i18n_translated(void)
{
	static const char probe[] = "goal";
	return gettext(probe) != probe;
}

const char *i18n_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = gettext(ctx_msgid);
	return t == ctx_msgid ? msgid : t;
}

/* ---------------------------------------------------------------- */
/* libxml2's messages                                                */

/* The messages libxml2 gives most often for goalsheet documents, as
 * patterns: each %s stands for any text (possibly empty), and the
 * translation has the same %s in the same order.  An exact message
 * comes before a pattern it would also match. */
static const char *const xml_patterns[] = {
	/* RELAX NG validation (libxml2's relaxng.c) */
	N_("Did not expect element %s there"),
	N_("Did not expect text in element %s content"),
	N_("Expecting an element , got nothing"),
	N_("Expecting an element %s, got nothing"),
	N_("Expecting an element got text"),
	N_("Expecting element %s, got %s"),
	N_("Expecting element %s to be empty"),
	N_("Expecting a namespace for element %s"),
	N_("Expecting no namespace for element %s"),
	N_("Element %s has wrong namespace: expecting %s"),
	N_("Element %s failed to validate attributes"),
	N_("Element %s failed to validate content"),
	N_("Element %s has extra content: %s"),
	N_("Extra element %s in interleave"),
	N_("Invalid sequence in interleave"),
	N_("Invalid attribute %s for element %s"),
	N_("Type %s doesn't allow value '%s'"),
	N_("Datatype element %s contains no data"),
	N_("Error validating datatype %s"),
	N_("Error validating value %s"),
	N_("Extra data in the document"),
	/* the parser (libxml2's parser.c) */
	N_("Document is empty"),
	N_("Start tag expected, '<' not found"),
	N_("Opening and ending tag mismatch: %s line %s and %s"),
	N_("Premature end of data in tag %s line %s"),
	N_("Couldn't find end of Start Tag %s line %s"),
	N_("Extra content at the end of the document"),
	N_("Input is not proper UTF-8, indicate encoding ! Bytes: %s"),
	N_("Char %s out of allowed range"),
	N_("PCDATA invalid Char value %s"),
	N_("xmlParseCharRef: invalid xmlChar value %s"),
	N_("Entity '%s' not defined"),
	N_("Detected an entity reference loop"),
	N_("EntityRef: expecting ';'"),
	N_("Unsupported encoding %s"),
	N_("input conversion failed due to input error, bytes %s"),
	N_("encoder error"),
	N_("Unsupported version '%s'"),
	N_("Document labelled UTF-16 but has UTF-8 content"),
	N_("StartTag: invalid element name"),
	N_("Name too long: %s"),
	N_("Attribute %s redefined"),
	N_("Specification mandates value for attribute %s"),
	N_("AttValue: \" or ' expected"),
	N_("attributes construct error"),
	N_("Namespace prefix %s on %s is not defined"),
	N_("xmlns: URI %s is not absolute"),
	N_("Comment not terminated"),
	N_("expected '>'"),
};

enum { MAX_CAPTURES = 3 };

/* Matches s against pattern p; each %s captures [start, end) of s. */
static bool match(const char *p, const char *s, const char *caps[][2], int n)
{
	for (; *p; p++, s++) {
		if (p[0] == '%' && p[1] == 's') {
			if (n >= MAX_CAPTURES)
				return false;
			/* Shortest capture first, then longer ones. */
			for (const char *end = s;; end++) {
				caps[n][0] = s;
				caps[n][1] = end;
				if (match(p + 2, end, caps, n + 1))
					return true;
				if (*end == '\0')
					return false;
			}
		}
		if (*p != *s)
			return false;
	}
	return *s == '\0';
}

/* The translation of msg by one of the patterns, or NULL. */
static char *translate_by_pattern(const char *msg)
{
	for (size_t i = 0; i < sizeof xml_patterns / sizeof xml_patterns[0]; i++) {
		const char *caps[MAX_CAPTURES][2] = {{"", ""}, {"", ""}, {"", ""}};
		if (!match(xml_patterns[i], msg, caps, 0))
			continue;
		const char *fmt = _(xml_patterns[i]);
		if (fmt == xml_patterns[i])
			return NULL;   /* English, or no catalog */
		char *arg[MAX_CAPTURES];
		for (int k = 0; k < MAX_CAPTURES; k++)
			arg[k] = xstrndup(caps[k][0], (size_t)(caps[k][1] - caps[k][0]));
		char *out = xasprintf(fmt, arg[0], arg[1], arg[2]);
		for (int k = 0; k < MAX_CAPTURES; k++)
			free(arg[k]);
		return out;
	}
	return NULL;
}

char *i18n_xml_message(const char *msg)
{
	return translate_by_pattern(msg);
}
