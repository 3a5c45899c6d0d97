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
#include "load.h"
#include "util.h"

#ifndef FUZZ_DATADIR
#define FUZZ_DATADIR "."
#endif

static Schema *schema;
static FILE *devnull;
static char *input_path;

static void write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static char *private_dir;

/* The private folder goes at a normal exit (not after a crash, nor with
 * FUZZ_VERBOSE=1). */
static void remove_private_dir(void)
{
	static const char *const names[] = {"in.xml", "s.xml"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *path = xasprintf("%s/%s", private_dir, names[i]);
		remove(path);
		free(path);
	}
	rmdir(private_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *datadir = getenv("GOALSHEET_DATADIR");
	if (datadir == NULL || datadir[0] == '\0')
		datadir = FUZZ_DATADIR;
	Diag d;
	diag_init(&d, stderr);
	char *rng = xasprintf("%s/templates/goalsheet.rng", datadir);
	schema = schema_open(rng, &d);
	free(rng);
	if (schema == NULL)
		abort();
	/* FUZZ_VERBOSE=1: messages on stderr, to see what an input does. */
	const char *verbose = getenv("FUZZ_VERBOSE");
	devnull = verbose && verbose[0] == '1' ? stderr : fopen("/dev/null", "w");
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/goalsheet-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	char *sheet_src = xasprintf("%s/tests/cases/minimal.xml", datadir);
	size_t len;
	char *sheet = read_file(sheet_src, &len);
	if (sheet == NULL)
		abort();
	char *sheet_path = xasprintf("%s/s.xml", dir);
	write_file(sheet_path, (const uint8_t *)sheet, len);
	free(sheet);
	free(sheet_src);
	free(sheet_path);
	input_path = xasprintf("%s/in.xml", dir);
	private_dir = dir;
	if (devnull != stderr)
		atexit(remove_private_dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	write_file(input_path, data, size);
	Diag d;
	diag_init(&d, devnull);
	Document doc;
	if (load_document(input_path, schema, &doc, &d) == 0) {
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
