/* fuzz_common.c: see fuzz_common.h. */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifndef FUZZ_DATADIR
#define FUZZ_DATADIR "."
#endif

/* atexit() takes no argument: the folder to remove is kept here. */
static char *dir_to_remove;

static void remove_private_dir(void)
{
	DIR *d = opendir(dir_to_remove);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *path = xasprintf("%s/%s", dir_to_remove, e->d_name);
		remove(path);
		free(path);
	}
	if (d)
		closedir(d);
	rmdir(dir_to_remove);
}

void fuzz_write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

char *fuzz_path(const FuzzEnv *env, const char *name)
{
	return xasprintf("%s/%s", env->dir, name);
}

void fuzz_setup(FuzzEnv *env)
{
	const char *datadir = getenv("GOALSHEET_DATADIR");
	env->datadir = datadir && datadir[0] ? datadir : FUZZ_DATADIR;
	Diag d;
	diag_init(&d, stderr);
	char *rng = xasprintf("%s/templates/goalsheet.rng", env->datadir);
	env->schema = schema_open(rng, &d);
	free(rng);
	if (env->schema == NULL)
		abort();
	env->helpers = helpers_new(1);
	const char *verbose = getenv("FUZZ_VERBOSE");
	bool loud = verbose && verbose[0] == '1';
	env->messages = loud ? stderr : fopen("/dev/null", "w");
	const char *tmp = getenv("TMPDIR");
	env->dir = xasprintf("%s/goalsheet-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (env->messages == NULL || mkdtemp(env->dir) == NULL) {
		perror(env->dir);
		abort();
	}
	if (!loud) {
		dir_to_remove = env->dir;
		atexit(remove_private_dir);
	}
}

void fuzz_add_xml_text(Buf *out, Buf *plain, const uint8_t *s, size_t n,
                       bool in_attr)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode((const char *)s + i, n - i, &cp);
		if (len == 0) {
			i++;
			continue;
		}
		bool allowed = (cp >= 0x20 || cp == '\t' || cp == '\n' ||
		                cp == '\r') && cp != 0xFFFE && cp != 0xFFFF;
		if (plain && cp == 1 && !in_attr)
			buf_addc(plain, '\n');
		else if (plain && allowed)
			buf_add(plain, (const char *)s + i, len);
		if (cp == 1 && !in_attr)
			buf_adds(out, "<br/>");
		else if (cp == '&')
			buf_adds(out, "&amp;");
		else if (cp == '<')
			buf_adds(out, "&lt;");
		else if (cp == '>')
			buf_adds(out, "&gt;");
		else if (cp == '"')
			buf_adds(out, "&quot;");
		else if (allowed)
			buf_add(out, (const char *)s + i, len);
		i += len;
	}
}

void fuzz_open_template(const FuzzEnv *env, const char *name, Template **t,
                        FontSet **fonts)
{
	Diag d;
	diag_init(&d, stderr);
	char *path = xasprintf("%s/templates/%s.xml", env->datadir, name);
	*t = template_load(path, &d);
	free(path);
	if (*t == NULL)
		abort();
	char *conf = xasprintf("%s/fonts/fonts.conf", env->datadir);
	char *packages = xasprintf("%s/fonts/packages", env->datadir);
	*fonts = fonts_open(conf, packages, (const char *const *)(*t)->fonts,
	                    (*t)->nfonts, NULL, &d);
	free(conf);
	free(packages);
	if (*fonts == NULL)
		abort();
}
