/* webpath.c: see webpath.h. */
#include "webpath.h"

#include <stdbool.h>
#include <string.h>

static bool segment_ok(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.')      /* empty, ".", "..", hidden */
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F || c == '\\')
			return false;
	}
	return true;
}

int webpath_document_ok(const char *rel)
{
	size_t len = strlen(rel);
	if (len < 5 || len > WEB_PATH_MAX || strcmp(rel + len - 4, ".xml") != 0)
		return 0;
	for (const char *seg = rel;;) {
		const char *slash = strchr(seg, '/');
		size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
		if (!segment_ok(seg, n))
			return 0;
		if (slash == NULL)
			return 1;
		seg = slash + 1;
	}
}

/* Names of the front end's files: lower-case letters, digits, '-', and
 * one '.' before the extension. */
static bool static_name_ok(const char *name)
{
	size_t n = strlen(name), dots = 0;
	if (n == 0 || n > 64 || name[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (c == '.')
			dots++;
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return dots == 1;
}

static bool font_number(const char *s, size_t *out)
{
	size_t n = 0, digits = 0;
	for (; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
		n = n * 10 + (size_t)(*s - '0');
	*out = n;
	return digits > 0 && *s == '\0';
}

static const char *after(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 ? path + n : NULL;
}

WebRoute webpath_parse(const char *path)
{
	static const struct { const char *prefix; WebKind kind; } docs[] = {
		{"/doc/", WEB_DOC}, {"/view/", WEB_VIEW}, {"/pdf/", WEB_PDF},
		{"/edit/", WEB_EDIT}, {"/preview/", WEB_PREVIEW}, {"/save/", WEB_SAVE},
		{"/next/", WEB_NEXT}};
	WebRoute r = {WEB_NOT_FOUND, NULL, 0};
	const char *rest;
	if (strcmp(path, "/") == 0)
		r.kind = WEB_INDEX;
	else if (strcmp(path, "/events") == 0)
		r.kind = WEB_EVENTS;
	else if (strcmp(path, "/new") == 0)
		r.kind = WEB_NEW;
	else if (strcmp(path, "/fonts.css") == 0)
		r.kind = WEB_FONTS_CSS;
	else if ((rest = after(path, "/font/")) != NULL)
		r.kind = font_number(rest, &r.font) ? WEB_FONT : WEB_BAD;
	else if ((rest = after(path, "/static/")) != NULL) {
		r.kind = static_name_ok(rest) ? WEB_STATIC : WEB_BAD;
		r.arg = rest;
	}
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		if ((rest = after(path, docs[i].prefix)) != NULL) {
			r.kind = webpath_document_ok(rest) ? docs[i].kind : WEB_BAD;
			r.arg = rest;
		}
	if (r.kind == WEB_BAD)
		r.arg = NULL;
	return r;
}

int webpath_posts(WebKind kind)
{
	return kind == WEB_PREVIEW || kind == WEB_SAVE || kind == WEB_NEW ||
	       kind == WEB_NEXT;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

size_t webpath_unescape(char *s)
{
	char *out = s;
	for (const char *in = s; *in; in++) {
		int hi = in[0] == '%' ? hex(in[1]) : -1;
		int lo = hi >= 0 ? hex(in[2]) : -1;
		if (lo >= 0 && (hi | lo) != 0) {
			*out++ = (char)(hi * 16 + lo);
			in += 2;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}
