/* fuzz_common.h: what both libFuzzer harnesses set up once: the data
 * folder, the schema, where messages go (/dev/null; FUZZ_VERBOSE=1:
 * stderr) and a private folder for the files an input becomes, removed
 * at a normal exit (kept with FUZZ_VERBOSE=1, to look at). */
#ifndef GOALSHEET_FUZZ_COMMON_H
#define GOALSHEET_FUZZ_COMMON_H

#include <stddef.h>
#include <stdio.h>

#include "load.h"

typedef struct FuzzEnv {
	const char *datadir;
	Schema *schema;
	FILE *messages;
	char *dir;
} FuzzEnv;

/* Aborts when the environment cannot be made: a harness cannot run. */
void fuzz_setup(FuzzEnv *env);
/* dir/name; caller frees. */
char *fuzz_path(const FuzzEnv *env, const char *name);
void fuzz_write_file(const char *path, const void *data, size_t size);

#endif
