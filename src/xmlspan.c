/* xmlspan.c: see xmlspan.h. */
#include "xmlspan.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NONE ((size_t)-1)

/* Where the construct opened at p (a comment, CDATA, PI or declaration)
 * ends, just after its closing characters; 0 when it does not end. */
static size_t skip_special(const char *data, size_t len, size_t p)
{
	static const struct { const char *open, *close; } kinds[] = {
		{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}, {"<!", ">"}};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t n = strlen(kinds[k].open), c = strlen(kinds[k].close);
		if (len - p < n || memcmp(data + p, kinds[k].open, n) != 0)
			continue;
		for (size_t q = p + n; q + c <= len; q++)
			if (memcmp(data + q, kinds[k].close, c) == 0)
				return q + c;
		return 0;
	}
	return NONE;
}

/* The end of the tag opened at p (just after its '>'), quotes stepped
 * over; 0 when it does not end. */
static size_t tag_end(const char *data, size_t len, size_t p)
{
	char quote = 0;
	for (size_t q = p + 1; q < len; q++) {
		if (quote != 0) {
			if (data[q] == quote)
				quote = 0;
		} else if (data[q] == '"' || data[q] == '\'') {
			quote = data[q];
		} else if (data[q] == '>') {
			return q + 1;
		} else if (data[q] == '<') {
			return 0;
		}
	}
	return 0;
}

XmlSpan *xml_spans(const char *data, size_t len, size_t *n)
{
	XmlSpan *v = NULL;
	size_t count = 0, cap = 0, open = NONE;   /* open: innermost unclosed */
	*n = 0;
	for (size_t p = 0; p < len;) {
		if (data[p] != '<') {
			p++;
			continue;
		}
		size_t after = skip_special(data, len, p);
		if (after == 0)
			goto bad;
		if (after != NONE) {
			p = after;
			continue;
		}
		size_t end = tag_end(data, len, p);
		if (end == 0)
			goto bad;
		if (p + 1 < len && data[p + 1] == '/') {
			if (open == NONE)
				goto bad;
			v[open].close_start = p;
			v[open].end = end;
			open = v[open].parent;
		} else {
			xgrow((void **)&v, &cap, count + 1, sizeof *v);
			bool empty = data[end - 2] == '/';
			v[count] = (XmlSpan){p, end, end, end, open, empty};
			if (!empty)
				open = count;
			count++;
		}
		p = end;
	}
	if (open != NONE || count == 0)
		goto bad;
	*n = count;
	return v;
bad:
	free(v);
	return NULL;
}

static bool name_char(char c)
{
	return !strchr(" \t\r\n=/>\"'", c);
}

bool xml_span_attribute(const char *data, const XmlSpan *span, const char *name,
                        size_t *from, size_t *to)
{
	size_t k = strlen(name), p = span->start + 1;
	while (p < span->open_end && name_char(data[p]))    /* the element's name */
		p++;
	while (p < span->open_end) {
		while (p < span->open_end && !name_char(data[p]))
			p++;
		size_t name_start = p;
		while (p < span->open_end && name_char(data[p]))
			p++;
		size_t name_len = p - name_start;
		while (p < span->open_end && data[p] != '"' && data[p] != '\'')
			p++;
		if (p >= span->open_end)
			return false;
		char quote = data[p++];
		size_t value = p;
		while (p < span->open_end && data[p] != quote)
			p++;
		if (name_len == k && memcmp(data + name_start, name, k) == 0) {
			*from = value;
			*to = p;
			return true;
		}
		p++;
	}
	return false;
}
