/* fuzz_load.c: libFuzzer harness for the loader and the checks.
 *
 * Each input is written to in.xml in a private folder (beside a valid
 * sheet s.xml, so that a fuzzed <book> can include something) and goes
 * through load_document and check_sheet/check_book, with diagnostics
 * formatted to /dev/null (FUZZ_VERBOSE=1: to stderr).  Built and run
 * by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fuzz_common.h"
#include "load.h"
#include "util.h"

static FuzzEnv env;
static char *input_path;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(&env);
	/* A valid sheet beside the input, so that a fuzzed <book> can
	 * include something. */
	char *sheet_src = xasprintf("%s/tests/cases/minimal.xml", env.datadir);
	size_t len;
	char *sheet = read_file(sheet_src, &len);
	if (sheet == NULL)
		abort();
	char *sheet_path = fuzz_path(&env, "s.xml");
	fuzz_write_file(sheet_path, sheet, len);
	free(sheet);
	free(sheet_src);
	free(sheet_path);
	input_path = fuzz_path(&env, "in.xml");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write_file(input_path, data, size);
	Diag d;
	diag_init(&d, env.messages);
	Document doc;
	if (load_document(input_path, env.schema, env.helpers, &doc, &d) == 0) {
		CheckOptions co = {.draft = size % 2 == 0};
		if (doc.kind == DOC_SHEET)
			check_sheet(&doc.sheet, &co, &d);
		else if (doc.kind == DOC_BOOK)
			check_book(&doc.book, &co, &d);
		size_t n;
		char **files = document_files(&doc, &n);
		for (size_t i = 0; i < n; i++)
			free(files[i]);
		free(files);
	}
	document_free(&doc);
	return 0;
}
