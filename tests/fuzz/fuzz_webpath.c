/* fuzz_webpath.c: libFuzzer harness for the request paths of `serve`.
 *
 * Each input is a request path: it is %-decoded as the server decodes
 * it (webpath_unescape), routed (webpath_parse) and, when it names a
 * document, resolved against a private folder that holds a sheet and a
 * symbolic link out of it (serve_resolve).  Aborts when a route keeps an
 * absolute path or a "." or ".." segment, or when a resolved path is not
 * below the folder.  The Accept-Language parser gets the input too.
 * Built and run by `make fuzz`; each run is a few microseconds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "serve_html.h"
#include "util.h"
#include "webpath.h"

static FuzzEnv env;
static char *root;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(&env);
	char *sheet = fuzz_path(&env, "a.xml");
	fuzz_write_file(sheet, "<sheet/>", 8);
	char *link = fuzz_path(&env, "out.xml");
	if (symlink("/etc/hostname", link) != 0)
		abort();
	root = realpath(env.dir, NULL);
	if (root == NULL)
		abort();
	free(sheet);
	free(link);
	return 0;
}

/* A document path must be relative, without "." or ".." segments. */
static void check_relative(const char *rel)
{
	if (rel[0] == '/' || strstr(rel, "//") != NULL)
		abort();
	for (const char *seg = rel; seg; seg = strchr(seg, '/') ? strchr(seg, '/') + 1 : NULL)
		if (seg[0] == '.')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = xstrndup((const char *)data, size);
	size_t len = webpath_unescape(path);
	if (len != strlen(path))
		abort();
	WebRoute r = webpath_parse(path);
	if (r.arg != NULL && r.kind != WEB_STATIC) {    /* a document's route */
		check_relative(r.arg);
		char *real = serve_resolve(root, r.arg);
		size_t n = strlen(root);
		if (real != NULL && (strncmp(real, root, n) != 0 || real[n] != '/'))
			abort();
		free(real);
	}
	if (r.kind == WEB_STATIC && (strchr(r.arg, '/') || r.arg[0] == '.'))
		abort();
	serve_messages_locale(path);
	free(path);
	return 0;
}
