/* fuzz_common.h: what both libFuzzer harnesses set up once: the data
 * folder, the schema, where messages go (/dev/null; FUZZ_VERBOSE=1:
 * stderr) and a private folder for the files an input becomes, removed
 * at a normal exit (kept with FUZZ_VERBOSE=1, to look at). */
#ifndef GOALSHEET_FUZZ_COMMON_H
#define GOALSHEET_FUZZ_COMMON_H

#include <stddef.h>
#include <stdio.h>

#include <stdbool.h>
#include <stdint.h>

#include "fonts.h"
#include "load.h"
#include "template.h"
#include "util.h"

typedef struct FuzzEnv {
	const char *datadir;
	Schema *schema;
	Helpers *helpers;    /* a session's (thread_job.h) */
	FILE *messages;
	char *dir;
} FuzzEnv;

/* Aborts when the environment cannot be made: a harness cannot run. */
void fuzz_setup(FuzzEnv *env);
/* dir/name; caller frees. */
char *fuzz_path(const FuzzEnv *env, const char *name);
void fuzz_write_file(const char *path, const void *data, size_t size);
/* Loads templates/NAME.xml and its fonts; aborts when they cannot be. */
void fuzz_open_template(const FuzzEnv *env, const char *name, Template **t,
                        FontSet **fonts);
/* Appends s[0..n) to out as XML text (in_attr: as an attribute value):
 * invalid UTF-8 and characters XML forbids dropped, markup escaped, and
 * 0x01 becoming <br/> outside attributes.  plain (may be NULL) gets the
 * characters kept, unescaped, a <br/> as LF: the text the sheet holds. */
void fuzz_add_xml_text(Buf *out, Buf *plain, const uint8_t *s, size_t n,
                       bool in_attr);

#endif
