/* cmd_extract.c: see cmd_extract.h.  The PDF is read by a scan for the
 * file specifications pdf_meta.c writes outside object streams; that is
 * all of PDF this needs to know. */
#include "cmd_extract.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "diag.h"
#include "i18n.h"
#include "outfile.h"
#include "pdf_meta.h"
#include "util.h"

typedef struct Found {
	char *name;          /* UTF-8, checked */
	char *data;
	size_t len;
	char *path;          /* where it goes */
} Found;

typedef struct Extract {
	const char *pdf;
	const char *dir;
	bool force;
	Diag d;
	char *src;
	size_t len;
	Found *v;
	size_t n, cap;
} Extract;

static const char *find_bytes(const char *from, const char *end, const char *what)
{
	size_t n = strlen(what);
	for (const char *p = from; p && p + n <= end; p++) {
		p = memchr(p, what[0], (size_t)(end - p));
		if (p == NULL || p + n > end)
			return NULL;
		if (memcmp(p, what, n) == 0)
			return p;
	}
	return NULL;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A PDF string at p (literal or hex) as bytes; *after past it. */
static bool pdf_string(const char *p, const char *end, Buf *out, const char **after)
{
	if (p < end && *p == '<') {
		int hi = -1;
		for (p++; p < end && *p != '>'; p++) {
			int v = hex_digit(*p);
			if (v < 0)
				return false;
			if (hi < 0) {
				hi = v;
			} else {
				buf_addc(out, (char)(hi * 16 + v));
				hi = -1;
			}
		}
		*after = p + 1;
		return p < end && hi < 0;
	}
	if (p >= end || *p != '(')
		return false;
	for (p++; p < end && *p != ')'; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;           /* our names escape only ( ) and backslash */
		buf_addc(out, *p);
	}
	*after = p + 1;
	return p < end;
}

/* A text string's bytes (UTF-16BE with BOM, or ASCII) as UTF-8. */
static char *text_utf8(const Buf *b)
{
	Buf out = {0};
	const unsigned char *s = (const unsigned char *)b->data;
	if (b->len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		for (size_t i = 2; i + 1 < b->len; i += 2) {
			uint32_t u = (uint32_t)s[i] << 8 | s[i + 1];
			if (u >= 0xD800 && u < 0xDC00 && i + 3 < b->len) {
				uint32_t lo = (uint32_t)s[i + 2] << 8 | s[i + 3];
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
			buf_add_utf8(&out, u);
		}
	} else {
		buf_add(&out, b->data, b->len);
	}
	return buf_take(&out);
}

/* A name that stays below the output folder: relative, no "." or ".."
 * part, no empty part, no control character. */
static bool safe_name(const char *name)
{
	if (name[0] == '\0' || name[0] == '/')
		return false;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == '\\')
			return false;
	const char *part = name;
	for (;;) {
		const char *slash = strchr(part, '/');
		size_t n = slash ? (size_t)(slash - part) : strlen(part);
		if (n == 0 || (n == 1 && part[0] == '.') ||
		    (n == 2 && part[0] == '.' && part[1] == '.'))
			return false;
		if (!slash)
			return true;
		part = slash + 1;
	}
}

/* The embedded file stream object num: its inflated bytes. */
static bool embedded(Extract *x, unsigned long num, Found *f)
{
	const char *end = x->src + x->len;
	char head[128];
	snprintf(head, sizeof head, "\n%lu 0 obj\n" EMBEDDED_MARK, num);
	const char *p = find_bytes(x->src, end, head);
	if (p == NULL)
		return false;
	p += strlen(head);
	unsigned long size = strtoul(p, NULL, 10);
	const char *len_at = find_bytes(p, end, "/Length ");
	if (len_at == NULL || size > MAX_INPUT_BYTES)
		return false;
	unsigned long packed = strtoul(len_at + 8, NULL, 10);
	const char *data = find_bytes(len_at, end, ">>\nstream\r\n");
	if (data == NULL || (size_t)(end - data - 11) < packed)
		return false;
	data += 11;
	f->data = xmalloc(size + 1);
	uLongf got = size;
	if (uncompress((Bytef *)f->data, &got, (const Bytef *)data, packed) != Z_OK ||
	    got != size) {
		free(f->data);
		f->data = NULL;
		return false;
	}
	f->len = size;
	return true;
}

/* Every source the PDF carries; false after reporting a damaged one. */
static bool scan(Extract *x)
{
	const char *end = x->src + x->len;
	for (const char *p = x->src; (p = find_bytes(p, end, FILESPEC_MARK)) != NULL;) {
		p += strlen(FILESPEC_MARK);
		Buf raw = {0};
		const char *after;
		Found f = {0};
		const char *ef = NULL;
		if (pdf_string(p, end, &raw, &after)) {
			f.name = text_utf8(&raw);
			ef = find_bytes(after, end, "/EF <</F ");
		}
		buf_free(&raw);
		bool ok = f.name && ef && safe_name(f.name) &&
		          embedded(x, strtoul(ef + 9, NULL, 10), &f);
		if (!ok) {
			diag_at(&x->d, DIAG_ERROR, x->pdf, 0, 0, NULL,
			        _("the embedded source '%s' is damaged or its name leaves "
			        "the folder; nothing was written"), f.name ? f.name : "?");
			free(f.name);
			return false;
		}
		xgrow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v);
		x->v[x->n++] = f;
	}
	return true;
}

static int write_found(int fd, void *arg)
{
	const Found *f = arg;
	return fd_write_all(fd, f->data, f->len);
}

/* The folders between dir and path. */
static bool folders_to(Extract *x, const char *path)
{
	char *p = xstrdup(path);
	bool ok = true;
	for (char *s = p + strlen(x->dir) + 1; ok && (s = strchr(s, '/')); s++) {
		*s = '\0';
		struct stat st;
		if (mkdir(p, 0777) != 0 && !(errno == EEXIST && stat(p, &st) == 0 &&
		                             S_ISDIR(st.st_mode))) {
			diag_system(&x->d, _("cannot make the folder '%s': %s"), p,
			            strerror(errno));
			ok = false;
		}
		*s = '/';
	}
	free(p);
	return ok;
}

static int extract(Extract *x)
{
	x->src = read_file(x->pdf, &x->len);
	if (x->src == NULL) {
		diag_system(&x->d, _("cannot read '%s': %s"), x->pdf, strerror(errno));
		return 2;
	}
	if (!scan(x))
		return 1;
	if (x->n == 0) {
		diag_at(&x->d, DIAG_ERROR, x->pdf, 0, 0, NULL, "%s",
		        _("this PDF carries no goalsheet sources: goalsheet did not "
		        "write it, or an older goalsheet did"));
		return 1;
	}
	struct stat st;
	for (size_t i = 0; i < x->n; i++) {
		x->v[i].path = xasprintf("%s/%s", x->dir, x->v[i].name);
		if (!x->force && lstat(x->v[i].path, &st) == 0) {
			diag_system(&x->d, _("'%s' exists; nothing was written (--force "
			            "overwrites)"), x->v[i].path);
			return 2;
		}
	}
	for (size_t i = 0; i < x->n; i++) {
		if (!folders_to(x, x->v[i].path) ||
		    outfile_replace(x->v[i].path, write_found, &x->v[i], &x->d) != 0)
			return 2;
		printf("%s\n", x->v[i].path);
	}
	return 0;
}

static int usage(const char *msg, const char *arg)
{
	Diag d;
	diag_init(&d, stderr);
	diag_system(&d, msg, arg);
	fprintf(stderr, "%s%s\n", _("usage: "),
	        _("goalsheet extract FILE.pdf [-o DIR] [--force]"));
	return 2;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longs[] = {
		{"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0}};
	Extract x = {.dir = "."};
	diag_init(&x.d, stderr);
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", longs, NULL)) != -1) {
		if (c == 'o')
			x.dir = optarg;
		else if (c == 'f')
			x.force = true;
		else
			return usage(_("extract: bad option %s"), argv[optind - 1]);
	}
	if (optind + 1 != argc)
		return usage("%s", _("extract: give one PDF"));
	x.pdf = argv[optind];
	int rc = extract(&x);
	for (size_t i = 0; i < x.n; i++) {
		free(x.v[i].name);
		free(x.v[i].data);
		free(x.v[i].path);
	}
	free(x.v);
	free(x.src);
	return rc;
}
