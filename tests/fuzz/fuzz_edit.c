/* fuzz_edit.c: libFuzzer harness for the edit view's writing half.
 *
 * Each input is both a text scanned for its elements (xml_spans: the
 * spans must lie inside the text and nest) and a form body sent back
 * against tests/cases/edit/odd.xml (form_parse, edit_apply): whatever
 * the form holds (any key, any text, items named in any order), the
 * file it makes must be well-formed XML that opens for editing again
 * with the same number of elements as its scan finds, or the form must
 * be refused.  Aborts otherwise.  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "load.h"
#include "sheet_edit.h"
#include "util.h"
#include "xmlspan.h"

static FuzzEnv env;
static EditSheet *sheet;
static Diag quiet;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(&env);
	char *path = xasprintf("%s/tests/cases/edit/odd.xml", env.datadir);
	size_t len;
	char *data = read_file(path, &len);
	diag_init(&quiet, env.messages);
	sheet = data ? edit_open(path, data, len, &quiet) : NULL;
	if (sheet == NULL)
		abort();
	free(data);
	free(path);
	return 0;
}

static void check_spans(const char *data, size_t len)
{
	size_t n;
	XmlSpan *s = xml_spans(data, len, &n);
	for (size_t i = 0; i < n; i++) {
		const XmlSpan *x = &s[i];
		if (!(x->start < x->open_end && x->open_end <= x->close_start &&
		      x->close_start <= x->end && x->end <= len))
			abort();
		if (x->parent != (size_t)-1 &&
		    (x->parent >= i || s[x->parent].open_end > x->start ||
		     s[x->parent].close_start < x->end))
			abort();
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_spans((const char *)data, size);
	Form f;
	if (form_parse(&f, (const char *)data, size) != 0)
		return 0;
	size_t len;
	const char *why;
	char *out = edit_apply(sheet, &f, &len, &why);
	if (out != NULL) {
		EditSheet *again = edit_open("out.xml", out, len, &quiet);
		if (again == NULL)
			abort();
		edit_close(again);
		check_spans(out, len);
	}
	free(out);
	form_free(&f);
	return 0;
}
