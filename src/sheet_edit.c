/* sheet_edit.c: see sheet_edit.h.  Sections: the sheet's tree and its
 * bytes, the form's texts, the browser's form, writing text as XML, the
 * edits, lists of items, the sheet, positions. */
#include "sheet_edit.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "i18n.h"
#include "load.h"
#include "util.h"
#include "xmlspan.h"

struct EditSheet {
	char *path;
	char *data;
	size_t len;
	xmlDocPtr doc;
	xmlNodePtr root;
	XmlSpan *spans;
	size_t nspans;
	char *unit;          /* one level of the file's indentation */
};

/* The columns of a step and of a point, in the vocabulary's order. */
static const char *const STEP_COLUMNS[] = {"action", "period", "target",
                                           "interim", "final"};
static const char *const POINT_COLUMNS[] = {"period", "target", "interim",
                                            "final"};
#define NCOLS(a) (sizeof a / sizeof a[0])

/* Labels a new paragraph may start with besides its field's own. */
static const char *const LABELS[] = {"・", "○", "〇", "●", "◎", "※", "■", "□",
                                     "◆", "◇"};
/* U+2028 LINE SEPARATOR: a line break inside a paragraph (<br/>). */
#define LINE_SEPARATOR "\xE2\x80\xA8"

/* ---- the sheet's tree and its bytes --------------------------------------- */

static bool is_element(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	       (name == NULL || strcmp((const char *)n->name, name) == 0);
}

static xmlNodePtr first_child(xmlNodePtr n)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (is_element(c, NULL))
			return c;
	return NULL;
}

static xmlNodePtr next_sibling(xmlNodePtr n)
{
	for (n = n->next; n; n = n->next)
		if (is_element(n, NULL))
			return n;
	return NULL;
}

static xmlNodePtr child_named(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = first_child(n); c; c = next_sibling(c))
		if (is_element(c, name))
			return c;
	return NULL;
}

/* The index-th child named name, or NULL. */
static xmlNodePtr nth_named(xmlNodePtr n, const char *name, size_t index)
{
	for (xmlNodePtr c = first_child(n); c; c = next_sibling(c))
		if (is_element(c, name) && index-- == 0)
			return c;
	return NULL;
}

static size_t count_named(xmlNodePtr n, const char *name)
{
	size_t k = 0;
	for (xmlNodePtr c = first_child(n); c; c = next_sibling(c))
		k += is_element(c, name);
	return k;
}

static xmlNodePtr last_named(xmlNodePtr n, const char *name)
{
	xmlNodePtr last = NULL;
	for (xmlNodePtr c = first_child(n); c; c = next_sibling(c))
		if (is_element(c, name))
			last = c;
	return last;
}

static const XmlSpan *span_of(const EditSheet *e, xmlNodePtr n)
{
	return &e->spans[(uintptr_t)n->_private - 1];
}

/* The element after n in document order. */
static xmlNodePtr next_in_order(xmlNodePtr n)
{
	xmlNodePtr c = first_child(n);
	if (c != NULL)
		return c;
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
		xmlNodePtr s = next_sibling(n);
		if (s != NULL)
			return s;
	}
	return NULL;
}

/* Gives each element its span (index + 1 in _private); false when the
 * tree and the scan of the bytes disagree. */
static bool attach_spans(EditSheet *e)
{
	size_t k = 0;
	for (xmlNodePtr n = e->root; n != NULL; n = next_in_order(n), k++) {
		if (k >= e->nspans)
			return false;
		size_t name = strlen((const char *)n->name);
		const XmlSpan *s = &e->spans[k];
		if (s->open_end - s->start < name + 2 ||
		    memcmp(e->data + s->start + 1, n->name, name) != 0)
			return false;
		n->_private = (void *)(uintptr_t)(k + 1);
	}
	return k == e->nspans;
}

/* The spaces and tabs before n on its line ("" when other text is). */
static char *indent_of(const EditSheet *e, xmlNodePtr n)
{
	size_t p = span_of(e, n)->start, from = p;
	while (from > 0 && (e->data[from - 1] == ' ' || e->data[from - 1] == '\t'))
		from--;
	if (from > 0 && e->data[from - 1] != '\n')
		return xstrdup("");
	return xstrndup(e->data + from, p - from);
}

/* The indentation of n's children: an existing child's, else n's and
 * one more level. */
static char *child_indent(const EditSheet *e, xmlNodePtr n)
{
	xmlNodePtr c = first_child(n);
	if (c != NULL) {
		char *in = indent_of(e, c);
		if (in[0] != '\0')
			return in;
		free(in);
	}
	char *in = indent_of(e, n);
	char *out = xasprintf("%s%s", in, e->unit);
	free(in);
	return out;
}

/* One level of the file's indentation: the root's first child's, else
 * two spaces. */
static char *indent_unit(const EditSheet *e)
{
	xmlNodePtr c = first_child(e->root);
	char *unit = c ? indent_of(e, c) : xstrdup("");
	if (unit[0] == '\0') {
		free(unit);
		unit = xstrdup("  ");
	}
	return unit;
}

EditSheet *edit_open(const char *path, const char *data, size_t len, Diag *d)
{
	xmlDocPtr doc = xml_read_bytes_safe(path, data, len, d);
	if (doc == NULL)
		return NULL;
	EditSheet *e = xcalloc(1, sizeof *e);
	e->path = xstrdup(path);
	e->data = xmalloc(len + 1);
	memcpy(e->data, data, len);
	e->data[len] = '\0';
	e->len = len;
	e->doc = doc;
	e->root = xmlDocGetRootElement(doc);
	e->spans = xml_spans(e->data, len, &e->nspans);
	if (!is_element(e->root, "sheet")) {
		diag_at(d, DIAG_ERROR, path, 1, 1, NULL, "%s",
		        _("only a <sheet> can be edited in the browser; edit a "
		        "<book> in a text editor"));
		edit_close(e);
		return NULL;
	}
	if (e->spans == NULL || !attach_spans(e)) {
		diag_at(d, DIAG_ERROR, path, 1, 1, NULL, "%s",
		        _("this file cannot be edited in the browser (write it in "
		        "UTF-8 without a DOCTYPE); edit it in a text editor"));
		edit_close(e);
		return NULL;
	}
	e->unit = indent_unit(e);
	return e;
}

void edit_close(EditSheet *e)
{
	if (e == NULL)
		return;
	xmlFreeDoc(e->doc);
	free(e->spans);
	free(e->data);
	free(e->path);
	free(e->unit);
	free(e);
}

void edit_hash(const char *data, size_t len, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 0x100000001b3ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* ---- the form's texts ------------------------------------------------------ */

typedef enum TextKind { TEXT_BLOCK, TEXT_LINES, TEXT_INLINE } TextKind;

static TextKind text_kind(const char *name)
{
	static const char *const lines[] = {"department", "comprehensive-plan",
	                                    "strategic-plan", "reform-plan"};
	for (size_t i = 0; i < NCOLS(lines); i++)
		if (strcmp(name, lines[i]) == 0)
			return TEXT_LINES;
	return strcmp(name, "goal") == 0 ? TEXT_INLINE : TEXT_BLOCK;
}

static char *attr_value(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s = v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* An inline text for the form: <br/> as U+2028. */
static void add_inline(Buf *b, xmlNodePtr n)
{
	char *t = load_inline_text(n);
	for (const char *p = t; *p; p++) {
		if (*p == '\n')
			buf_adds(b, LINE_SEPARATOR);
		else
			buf_addc(b, *p);
	}
	free(t);
}

/* A paragraph as the form shows it: its label, then its text. */
static char *para_text(xmlNodePtr p)
{
	Buf b = {0};
	char *label = attr_value(p, "label");
	if (label)
		buf_adds(&b, label);
	free(label);
	add_inline(&b, p);
	return buf_take(&b);
}

static bool has_paragraphs(xmlNodePtr n)
{
	return child_named(n, "p") != NULL;
}

/* The form's text of a field's element: one paragraph a line. */
static char *element_text(xmlNodePtr n)
{
	Buf b = {0};
	if (n == NULL)
		return xstrdup("");
	if (strcmp((const char *)n->name, "sdgs") == 0) {
		for (xmlNodePtr c = first_child(n); c; c = next_sibling(c)) {
			char *g = attr_value(c, "goal");
			buf_printf(&b, "%s%s", b.len ? " " : "", g ? g : "");
			free(g);
		}
		return buf_take(&b);
	}
	if (text_kind((const char *)n->name) == TEXT_LINES || has_paragraphs(n)) {
		for (xmlNodePtr c = first_child(n); c; c = next_sibling(c)) {
			char *t = para_text(c);
			buf_printf(&b, "%s%s", c == first_child(n) ? "" : "\n", t);
			free(t);
		}
		return buf_take(&b);
	}
	add_inline(&b, n);
	return buf_take(&b);
}

/* The element a key names, and the attribute (or NULL) of it. */
typedef struct Target {
	xmlNodePtr parent;   /* where the element is, or would be */
	xmlNodePtr node;     /* NULL when absent */
	const char *name;    /* its element's (or attribute's) name */
	bool attribute;
} Target;

static const char *after_prefix(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(key, prefix, n) == 0 ? key + n : NULL;
}

/* "3.rest" → 3 and "rest"; false when key has no number. */
static bool take_index(const char **key, size_t *index)
{
	char *end;
	if (**key < '0' || **key > '9')
		return false;
	unsigned long v = strtoul(*key, &end, 10);
	if (*end != '.' && *end != '\0')
		return false;
	*index = v;
	*key = *end ? end + 1 : end;
	return true;
}

/* The parent of the sheet-level field name. */
static xmlNodePtr sheet_parent(const EditSheet *e, const char *name)
{
	static const char *const in_alignment[] = {"comprehensive-plan",
	                                           "strategic-plan", "reform-plan",
	                                           "sdgs"};
	for (size_t i = 0; i < NCOLS(in_alignment); i++)
		if (strcmp(name, in_alignment[i]) == 0)
			return child_named(e->root, "alignment");
	if (strcmp(name, "participation") == 0 || strcmp(name, "outcomes") == 0)
		return child_named(e->root, "remarks");
	return e->root;
}

/* Walks "i.N", ".s.M", ".p.K" from the front of key: the item it names
 * (NULL when the file has no such item; the sheet for a key without
 * "i."), *rest what follows ("title", "action", "s", "" …).  False
 * when the key is not of that form. */
static bool item_at(const EditSheet *e, const char *key, xmlNodePtr *node,
                    const char **rest)
{
	static const struct { const char *prefix, *name; } levels[] = {
		{"i.", "initiative"}, {"s.", "step"}, {"p.", "point"}};
	xmlNodePtr n = e->root;
	xmlNodePtr parent = child_named(e->root, "initiatives");
	for (size_t k = 0; k < NCOLS(levels); k++) {
		const char *after = after_prefix(key, levels[k].prefix);
		size_t index;
		if (after == NULL)
			break;
		if (!take_index(&after, &index))
			return false;
		n = parent ? nth_named(parent, levels[k].name, index) : NULL;
		parent = n;
		key = after;
	}
	*node = n;
	*rest = key;
	return true;
}

static bool resolve(const EditSheet *e, const char *key, Target *t)
{
	*t = (Target){0};
	xmlNodePtr item;
	const char *rest;
	if (!item_at(e, key, &item, &rest) || rest[0] == '\0')
		return false;
	if (item == e->root) {
		t->attribute = strcmp(rest, "fiscal-year") == 0 ||
		               strcmp(rest, "priority") == 0 || strcmp(rest, "stage") == 0;
		t->parent = t->attribute ? NULL : sheet_parent(e, rest);
		t->node = t->attribute ? e->root
		                       : t->parent ? child_named(t->parent, rest) : NULL;
	} else {
		t->attribute = strcmp(rest, "title") == 0;
		t->parent = t->attribute ? NULL : item;
		t->node = item && !t->attribute ? child_named(item, rest) : item;
	}
	t->name = rest;
	return true;
}

char *edit_text(const EditSheet *e, const char *key)
{
	Target t;
	if (!resolve(e, key, &t))
		return xstrdup("");
	if (t.attribute) {
		char *v = t.node ? attr_value(t.node, t.name) : NULL;
		if (v == NULL && strcmp(t.name, "stage") == 0)
			v = xstrdup("final");
		return v ? v : xstrdup("");
	}
	return element_text(t.node);
}

size_t edit_count(const EditSheet *e, const char *list)
{
	xmlNodePtr item;
	const char *rest;
	if (strcmp(list, "i") == 0)
		return count_named(child_named(e->root, "initiatives"), "initiative");
	char *key = xasprintf("%s.", list);
	size_t n = 0;
	/* "i.0.s." walks to the initiative and leaves "s." */
	key[strlen(key) - 2] = '\0';
	if (item_at(e, key, &item, &rest) && item != NULL && item != e->root)
		n = count_named(item, list[strlen(list) - 1] == 's' ? "step" : "point");
	free(key);
	return n;
}

/* ---- the browser's form ------------------------------------------------------ */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One %-encoded part of a form body, '+' as a space, "\r\n" as "\n". */
static char *form_decode(const char *s, size_t n)
{
	Buf b = {0};
	for (size_t i = 0; i < n; i++) {
		int hi = s[i] == '%' && i + 2 < n + 1 ? hex_value(s[i + 1]) : -1;
		int lo = hi >= 0 && i + 2 < n ? hex_value(s[i + 2]) : -1;
		if (lo >= 0) {
			char c = (char)(hi * 16 + lo);
			i += 2;
			if (c != '\r')
				buf_addc(&b, c);
		} else {
			buf_addc(&b, s[i] == '+' ? ' ' : s[i]);
		}
	}
	return buf_take(&b);
}

int form_parse(Form *f, const char *body, size_t len)
{
	*f = (Form){0};
	for (size_t p = 0; p < len;) {
		const char *amp = memchr(body + p, '&', len - p);
		size_t end = amp ? (size_t)(amp - body) : len;
		const char *eq = memchr(body + p, '=', end - p);
		size_t kend = eq ? (size_t)(eq - body) : end;
		char *key = form_decode(body + p, kend - p);
		char *value = eq ? form_decode(eq + 1, end - kend - 1) : xstrdup("");
		size_t bad;
		bool ok = utf8_valid(key, strlen(key), &bad) &&
		          utf8_valid(value, strlen(value), &bad);
		if (key[0] != '\0' && ok) {
			xgrow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v);
			f->v[f->n++] = (FormField){key, value};
		} else {
			free(key);
			free(value);
		}
		if (!ok) {
			form_free(f);
			return -1;
		}
		p = end + 1;
	}
	return 0;
}

const char *form_get(const Form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].key, key) == 0)
			return f->v[i].value;
	return NULL;
}

/* form_get of a key made of parts. */
static const char *form_getf(const Form *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *form_getf(const Form *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Buf key = {0};
	buf_vprintf(&key, fmt, ap);
	va_end(ap);
	const char *v = form_get(f, key.data);
	buf_free(&key);
	return v;
}

void form_free(Form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].key);
		free(f->v[i].value);
	}
	free(f->v);
	*f = (Form){0};
}

/* ---- writing text as XML ----------------------------------------------------- */

/* Text content: & < > escaped, U+2028 as <br/>, control characters
 * (which XML 1.0 cannot hold) dropped; in an attribute, quotes too. */
static void put_escaped(Buf *b, const char *s, bool attribute)
{
	size_t sep = strlen(LINE_SEPARATOR);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (strncmp(s, LINE_SEPARATOR, sep) == 0 && !attribute) {
			buf_adds(b, "<br/>");
			s += sep - 1;
		} else if (c == '&') {
			buf_adds(b, "&amp;");
		} else if (c == '<') {
			buf_adds(b, "&lt;");
		} else if (c == '>') {
			buf_adds(b, "&gt;");
		} else if (c == '"' && attribute) {
			buf_adds(b, "&quot;");
		} else if (c == '\t' && !attribute) {
			buf_addc(b, '\t');
		} else if (c >= 0x20 && c != 0x7F) {
			buf_addc(b, (char)c);
		}
	}
}

/* The label a new paragraph starts with (the longest of its field's
 * labels and LABELS), or NULL. */
static const char *label_of(const char *para, char *const *own, size_t nown)
{
	const char *best = NULL;
	for (size_t i = 0; i < nown + NCOLS(LABELS); i++) {
		const char *l = i < nown ? own[i] : LABELS[i - nown];
		size_t n = strlen(l);
		if (n > 0 && strncmp(para, l, n) == 0 && para[n] != '\0' &&
		    (best == NULL || n > strlen(best)))
			best = l;
	}
	return best;
}

/* The lines of a form's text, blank ones at either end left out. */
typedef struct Lines {
	char **v;
	size_t n;
} Lines;

static Lines split_lines(const char *text)
{
	Lines l = {0};
	size_t cap = 0;
	for (const char *p = text;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		xgrow((void **)&l.v, &cap, l.n + 1, sizeof *l.v);
		l.v[l.n++] = xstrndup(p, n);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	while (l.n > 0 && strspn(l.v[l.n - 1], " \t") == strlen(l.v[l.n - 1]))
		free(l.v[--l.n]);
	size_t lead = 0;
	while (lead < l.n && strspn(l.v[lead], " \t") == strlen(l.v[lead]))
		free(l.v[lead++]);
	memmove(l.v, l.v + lead, (l.n - lead) * sizeof *l.v);
	l.n -= lead;
	return l;
}

static void lines_free(Lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* What the file had in a field: each paragraph's form text and bytes,
 * and the labels it used. */
typedef struct Old {
	char **text;
	const XmlSpan **span;
	bool *used;
	char **labels;
	size_t n, nlabels;
} Old;

static Old old_paragraphs(const EditSheet *e, xmlNodePtr n)
{
	Old o = {0};
	size_t k = count_named(n, NULL);
	o.text = xcalloc(k + 1, sizeof *o.text);
	o.span = xcalloc(k + 1, sizeof *o.span);
	o.used = xcalloc(k + 1, sizeof *o.used);
	o.labels = xcalloc(k + 1, sizeof *o.labels);
	for (xmlNodePtr c = first_child(n); c; c = next_sibling(c)) {
		o.text[o.n] = para_text(c);
		o.span[o.n++] = span_of(e, c);
		char *label = attr_value(c, "label");
		if (label != NULL)
			o.labels[o.nlabels++] = label;
	}
	return o;
}

static void old_free(Old *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->text[i]);
	for (size_t i = 0; i < o->nlabels; i++)
		free(o->labels[i]);
	free(o->text);
	free(o->span);
	free(o->used);
	free(o->labels);
}

static bool old_has(const Old *o, const char *text)
{
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->text[i], text) == 0)
			return true;
	return false;
}

/* One paragraph of a field: the file's own bytes when the form left it
 * as it was, else a new element. */
static void put_paragraph(Buf *b, const EditSheet *e, Old *old, const char *tag,
                          const char *line)
{
	for (size_t i = 0; i < old->n; i++)
		if (!old->used[i] && strcmp(old->text[i], line) == 0) {
			old->used[i] = true;
			buf_add(b, e->data + old->span[i]->start,
			        old->span[i]->end - old->span[i]->start);
			return;
		}
	const char *label = strcmp(tag, "p") == 0 ?
		label_of(line, old->labels, old->nlabels) : NULL;
	buf_printf(b, "<%s", tag);
	if (label != NULL) {
		buf_adds(b, " label=\"");
		put_escaped(b, label, true);
		buf_addc(b, '"');
		line += strlen(label);
	}
	buf_addc(b, '>');
	put_escaped(b, line, false);
	buf_printf(b, "</%s>", tag);
}

/* The content of a field's element for the form's text: one line per
 * child at indent, or plain text.  n is the file's element (or NULL). */
static char *field_content(const EditSheet *e, xmlNodePtr n, const char *name,
                           const char *text, const char *indent,
                           const char *inner)
{
	Lines lines = split_lines(text);
	Old old = old_paragraphs(e, n && (text_kind(name) == TEXT_LINES ||
	                                 has_paragraphs(n)) ? n : NULL);
	Buf b = {0};
	TextKind kind = text_kind(name);
	const char *tag = kind == TEXT_LINES ? (strcmp(name, "department") == 0 ?
	                                        "unit" : "line") : "p";
	bool plain = kind == TEXT_INLINE ||
		(kind == TEXT_BLOCK && lines.n == 1 &&
		 label_of(lines.v[0], old.labels, old.nlabels) == NULL &&
		 !old_has(&old, lines.v[0]));
	for (size_t i = 0; i < lines.n; i++) {
		if (plain) {
			if (i > 0)
				buf_adds(&b, "<br/>");
			put_escaped(&b, lines.v[i], false);
			continue;
		}
		buf_printf(&b, "\n%s", inner);
		put_paragraph(&b, e, &old, tag, lines.v[i]);
	}
	if (!plain && lines.n > 0)
		buf_printf(&b, "\n%s", indent);
	old_free(&old);
	lines_free(&lines);
	return buf_take(&b);
}

/* A whole new element of a field. */
static void put_new_field(Buf *b, const EditSheet *e, const char *name,
                          const char *text, const char *indent)
{
	char *inner = xasprintf("%s%s", indent, e->unit);
	char *content = field_content(e, NULL, name, text, indent, inner);
	if (content[0] == '\0')
		buf_printf(b, "<%s/>", name);
	else
		buf_printf(b, "<%s>%s</%s>", name, content, name);
	free(content);
	free(inner);
}

/* ---- the edits ----------------------------------------------------------- */

/* Bytes [start, end) of the file replaced by text. */
typedef struct Edit {
	size_t start, end;
	char *text;
} Edit;

typedef struct Edits {
	Edit *v;
	size_t n, cap;
} Edits;

static void edit_add(Edits *l, size_t start, size_t end, char *text)
{
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = (Edit){start, end, text};
}

static void edits_free(Edits *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	*l = (Edits){0};
}

/* Insertions first where an insertion and a replacement start together. */
static int by_start(const void *a, const void *b)
{
	const Edit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* Bytes [from, to) of the file with the edits (all inside) made. */
static void put_edited(Buf *b, const EditSheet *e, size_t from, size_t to,
                       Edits *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, by_start);
	size_t at = from;
	for (size_t i = 0; i < l->n; i++) {
		buf_add(b, e->data + at, l->v[i].start - at);
		buf_adds(b, l->v[i].text);
		at = l->v[i].end;
	}
	buf_add(b, e->data + at, to - at);
}

typedef struct Apply {
	const EditSheet *e;
	const Form *f;
	const char *why;
} Apply;

/* The content of element n replaced (its start tag kept, attributes and
 * all). */
static void replace_content(const EditSheet *e, Edits *l, xmlNodePtr n,
                            char *content)
{
	const XmlSpan *s = span_of(e, n);
	if (!s->empty) {
		edit_add(l, s->open_end, s->close_start, content);
		return;
	}
	size_t tag = s->open_end - 2;            /* the "/>" */
	while (tag > s->start && strchr(" \t\r\n", e->data[tag - 1]))
		tag--;
	Buf b = {0};
	buf_add(&b, e->data + s->start, tag - s->start);
	buf_printf(&b, ">%s</%s>", content, (const char *)n->name);
	edit_add(l, s->start, s->end, buf_take(&b));
	free(content);
}

/* Where a new child goes: after the last of the children named in
 * before[] that n has, else just inside n's start tag. */
static size_t insertion_point(const EditSheet *e, xmlNodePtr n,
                              const char *const *before, size_t nbefore)
{
	size_t at = span_of(e, n)->open_end;
	for (size_t i = 0; i < nbefore; i++) {
		xmlNodePtr c = child_named(n, before[i]);
		if (c != NULL)
			at = span_of(e, c)->end;
	}
	return at;
}

/* The end of the element before c among its parent's children, or the
 * end of the parent's start tag: where c's own leading space begins. */
static size_t lead_start(const EditSheet *e, xmlNodePtr c)
{
	xmlNodePtr prev = NULL;
	for (xmlNodePtr s = first_child(c->parent); s && s != c; s = next_sibling(s))
		prev = s;
	return prev ? span_of(e, prev)->end : span_of(e, c->parent)->open_end;
}

/* Whether the form's text is what the file has in n. */
static bool unchanged(xmlNodePtr n, const char *text)
{
	char *old = element_text(n);
	bool same = strcmp(old, text) == 0;
	free(old);
	return same;
}

/* A field of item (or the sheet) by its form text: unchanged, its
 * content replaced, inserted where the vocabulary puts it, or taken out
 * when emptied and optional. */
static void apply_field(Apply *a, Edits *l, xmlNodePtr parent, const char *name,
                        const char *key, const char *const *before,
                        size_t nbefore, bool optional)
{
	const char *text = form_get(a->f, key);
	if (text == NULL || parent == NULL)
		return;
	xmlNodePtr n = child_named(parent, name);
	if (unchanged(n, text))
		return;
	Lines lines = split_lines(text);
	bool empty = lines.n == 0;
	lines_free(&lines);
	if (n != NULL && empty && optional) {
		edit_add(l, lead_start(a->e, n), span_of(a->e, n)->end, xstrdup(""));
	} else if (n != NULL) {
		char *indent = indent_of(a->e, n);
		char *inner = child_indent(a->e, n);
		replace_content(a->e, l, n, field_content(a->e, n, name, text, indent,
		                                          inner));
		free(indent);
		free(inner);
	} else if (!empty) {
		char *indent = child_indent(a->e, parent);
		Buf b = {0};
		buf_printf(&b, "\n%s", indent);
		put_new_field(&b, a->e, name, text, indent);
		size_t at = insertion_point(a->e, parent, before, nbefore);
		edit_add(l, at, at, buf_take(&b));
		free(indent);
	}
}

/* An attribute by the form's value; def is its meaning when absent. */
static void apply_attribute(Apply *a, Edits *l, xmlNodePtr n, const char *name,
                            const char *key, const char *def)
{
	const char *value = form_get(a->f, key);
	if (value == NULL || n == NULL)
		return;
	char *old = attr_value(n, name);
	bool same = old ? strcmp(old, value) == 0 : def && strcmp(def, value) == 0;
	free(old);
	if (same)
		return;
	Buf b = {0};
	size_t from, to;
	const XmlSpan *s = span_of(a->e, n);
	if (xml_span_attribute(a->e->data, s, name, &from, &to)) {
		put_escaped(&b, value, true);
		edit_add(l, from, to, buf_take(&b));
		return;
	}
	size_t at = s->open_end - 1 - s->empty;   /* the '>' or "/>" */
	while (at > s->start && strchr(" \t\r\n", a->e->data[at - 1]))
		at--;
	buf_printf(&b, " %s=\"", name);
	put_escaped(&b, value, true);
	buf_addc(&b, '"');
	edit_add(l, at, at, buf_take(&b));
}

/* ---- lists of items ------------------------------------------------------ */

/* A list of the form (initiatives, a step's points …): its items' key
 * stem ("i", "i.0.s"), their element's name, and how each is edited
 * and written new. */
typedef struct ListKind {
	const char *name;
	void (*edit)(Apply *a, Edits *l, xmlNodePtr item, const char *key);
	void (*write)(Apply *a, Buf *b, const char *key, const char *indent);
	const char *const *before;    /* the parent's children before the list */
	size_t nbefore;
} ListKind;

/* Which item of the file each of the form's items was: -1 for a new
 * one.  False (a->why set) when the form names one twice or one the
 * file lacks. */
static bool list_origins(Apply *a, const char *stem, size_t n, size_t nold,
                         long *origin)
{
	bool *taken = xcalloc(nold + 1, sizeof *taken);
	bool ok = true;
	for (size_t k = 0; k < n && ok; k++) {
		const char *o = form_getf(a->f, "%s.%zu.o", stem, k);
		char *end;
		origin[k] = -1;
		if (o == NULL || o[0] == '\0')
			continue;
		unsigned long v = strtoul(o, &end, 10);
		ok = *end == '\0' && v < nold && !taken[v];
		if (ok) {
			taken[v] = true;
			origin[k] = (long)v;
		}
	}
	free(taken);
	if (!ok)
		a->why = "the form names an item the file does not have (reload the page)";
	return ok;
}

/* The list of parent's children kind->name by the form: each item kept
 * in place and edited; or, when items were added, removed or moved,
 * the list's bytes rebuilt from the items' own (each with the space and
 * comments before it) and new ones. */
static void apply_list(Apply *a, Edits *l, xmlNodePtr parent, const char *stem,
                       const ListKind *kind)
{
	if (parent == NULL)
		return;
	size_t nold = count_named(parent, kind->name);
	const char *count = form_getf(a->f, "%s.n", stem);
	char *end;
	unsigned long n = count ? strtoul(count, &end, 10) : nold;
	if (count != NULL && (*end != '\0' || n > 10000)) {
		a->why = "a list's count is not a number";
		return;
	}
	long *origin = xcalloc(n + 1, sizeof *origin);
	bool in_place = n == nold;
	for (size_t k = 0; k < n; k++)
		origin[k] = (long)k;
	if (count != NULL && !list_origins(a, stem, n, nold, origin)) {
		free(origin);
		return;
	}
	for (size_t k = 0; k < n; k++)
		in_place = in_place && origin[k] == (long)k;
	if (in_place) {
		for (size_t k = 0; k < n; k++) {
			char *key = xasprintf("%s.%zu", stem, k);
			kind->edit(a, l, nth_named(parent, kind->name, k), key);
			free(key);
		}
		free(origin);
		return;
	}
	xmlNodePtr first = nth_named(parent, kind->name, 0);
	xmlNodePtr last = last_named(parent, kind->name);
	size_t from = first ? lead_start(a->e, first)
	                    : insertion_point(a->e, parent, kind->before, kind->nbefore);
	size_t to = last ? span_of(a->e, last)->end : from;
	char *indent = first ? indent_of(a->e, first) : child_indent(a->e, parent);
	Buf b = {0};
	for (size_t k = 0; k < n; k++) {
		char *key = xasprintf("%s.%zu", stem, k);
		if (origin[k] < 0) {
			buf_printf(&b, "\n%s", indent);
			kind->write(a, &b, key, indent);
		} else {
			xmlNodePtr item = nth_named(parent, kind->name, (size_t)origin[k]);
			Edits inner = {0};
			kind->edit(a, &inner, item, key);
			put_edited(&b, a->e, lead_start(a->e, item), span_of(a->e, item)->end,
			           &inner);
			edits_free(&inner);
		}
		free(key);
	}
	edit_add(l, from, to, buf_take(&b));
	free(indent);
	free(origin);
}

/* ---- the items: initiatives, steps, points --------------------------------- */

static void edit_point(Apply *a, Edits *l, xmlNodePtr item, const char *key);
static void write_point(Apply *a, Buf *b, const char *key, const char *indent);
static void edit_step(Apply *a, Edits *l, xmlNodePtr item, const char *key);
static void write_step(Apply *a, Buf *b, const char *key, const char *indent);

static const char *const BEFORE_POINTS[] = {"action", "period"};
static const char *const BEFORE_STEPS[] = {"summary"};
static const ListKind POINTS = {"point", edit_point, write_point, BEFORE_POINTS,
                                NCOLS(BEFORE_POINTS)};
static const ListKind STEPS = {"step", edit_step, write_step, BEFORE_STEPS,
                               NCOLS(BEFORE_STEPS)};

/* The columns of an item by the form, each after those before it. */
static void edit_columns(Apply *a, Edits *l, xmlNodePtr item, const char *key,
                         const char *const *cols, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++) {
		char *k = key ? xasprintf("%s.%s", key, cols[c]) : xstrdup(cols[c]);
		apply_field(a, l, item, cols[c], k, cols, c, true);
		free(k);
	}
}

/* The columns of a new item the form fills in, one a line (key NULL:
 * the sheet's own fields). */
static void write_columns(Apply *a, Buf *b, const char *key, const char *inner,
                          const char *const *cols, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++) {
		const char *text = key ? form_getf(a->f, "%s.%s", key, cols[c])
		                       : form_get(a->f, cols[c]);
		Lines lines = split_lines(text ? text : "");
		if (lines.n > 0) {
			buf_printf(b, "\n%s", inner);
			put_new_field(b, a->e, cols[c], text, inner);
		}
		lines_free(&lines);
	}
}

/* The items of a new item's list: all new. */
static void write_items(Apply *a, Buf *b, const char *stem, const char *inner,
                        void (*write)(Apply *, Buf *, const char *, const char *))
{
	const char *count = form_getf(a->f, "%s.n", stem);
	unsigned long n = count ? strtoul(count, NULL, 10) : 0;
	for (size_t k = 0; k < n && k < 10000; k++) {
		char *key = xasprintf("%s.%zu", stem, k);
		buf_printf(b, "\n%s", inner);
		write(a, b, key, inner);
		free(key);
	}
}

/* <name …> what fill writes </name>, the end tag on its own line. */
static void write_item(Apply *a, Buf *b, const char *start_tag, const char *name,
                       const char *key, const char *indent,
                       void (*fill)(Apply *, Buf *, const char *, const char *))
{
	char *inner = xasprintf("%s%s", indent, a->e->unit);
	buf_adds(b, start_tag);
	size_t before = b->len;
	fill(a, b, key, inner);
	if (b->len == before) {        /* nothing inside: <name/> */
		b->len--;
		b->data[b->len] = '\0';
		buf_adds(b, "/>");
	} else {
		buf_printf(b, "\n%s</%s>", indent, name);
	}
	free(inner);
}

static void edit_point(Apply *a, Edits *l, xmlNodePtr item, const char *key)
{
	edit_columns(a, l, item, key, POINT_COLUMNS, NCOLS(POINT_COLUMNS));
}

static void fill_point(Apply *a, Buf *b, const char *key, const char *inner)
{
	write_columns(a, b, key, inner, POINT_COLUMNS, NCOLS(POINT_COLUMNS));
}

static void write_point(Apply *a, Buf *b, const char *key, const char *indent)
{
	write_item(a, b, "<point>", "point", key, indent, fill_point);
}

static void edit_step(Apply *a, Edits *l, xmlNodePtr item, const char *key)
{
	edit_columns(a, l, item, key, STEP_COLUMNS, NCOLS(STEP_COLUMNS));
	char *stem = xasprintf("%s.p", key);
	apply_list(a, l, item, stem, &POINTS);
	free(stem);
}

static void fill_step(Apply *a, Buf *b, const char *key, const char *inner)
{
	write_columns(a, b, key, inner, STEP_COLUMNS, NCOLS(STEP_COLUMNS));
	char *stem = xasprintf("%s.p", key);
	write_items(a, b, stem, inner, write_point);
	free(stem);
}

static void write_step(Apply *a, Buf *b, const char *key, const char *indent)
{
	write_item(a, b, "<step>", "step", key, indent, fill_step);
}

static void edit_initiative(Apply *a, Edits *l, xmlNodePtr item, const char *key)
{
	char *k = xasprintf("%s.title", key);
	apply_attribute(a, l, item, "title", k, NULL);
	free(k);
	k = xasprintf("%s.summary", key);
	apply_field(a, l, item, "summary", k, NULL, 0, true);
	free(k);
	k = xasprintf("%s.s", key);
	apply_list(a, l, item, k, &STEPS);
	free(k);
}

static void fill_initiative(Apply *a, Buf *b, const char *key, const char *inner)
{
	static const char *const summary[] = {"summary"};
	write_columns(a, b, key, inner, summary, 1);
	char *stem = xasprintf("%s.s", key);
	write_items(a, b, stem, inner, write_step);
	free(stem);
}

static void write_initiative(Apply *a, Buf *b, const char *key, const char *indent)
{
	const char *title = form_getf(a->f, "%s.title", key);
	Buf tag = {0};
	buf_adds(&tag, "<initiative title=\"");
	put_escaped(&tag, title ? title : "", true);
	buf_adds(&tag, "\">");
	write_item(a, b, tag.data, "initiative", key, indent, fill_initiative);
	buf_free(&tag);
}

static const ListKind INITIATIVES = {"initiative", edit_initiative,
                                     write_initiative, NULL, 0};

/* ---- the sheet --------------------------------------------------------------- */

/* The SDG badges the form has on, as <sdg> elements (the file's own
 * bytes for those it had). */
static void apply_sdgs(Apply *a, Edits *l)
{
	const char *value = form_get(a->f, "sdgs");
	xmlNodePtr n = child_named(child_named(a->e->root, "alignment"), "sdgs");
	if (value == NULL || n == NULL || unchanged(n, value))
		return;
	xmlNodePtr first = first_child(n);
	const XmlSpan *s = span_of(a->e, n);
	bool lined = first && memchr(a->e->data + s->open_end, '\n',
	                             span_of(a->e, first)->start - s->open_end);
	char *indent = indent_of(a->e, n), *inner = child_indent(a->e, n);
	Buf b = {0};
	char *copy = xstrdup(value), *save = NULL;
	for (char *tok = strtok_r(copy, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
		if (lined)
			buf_printf(&b, "\n%s", inner);
		xmlNodePtr keep = NULL;
		for (xmlNodePtr c = first; c && keep == NULL; c = next_sibling(c)) {
			char *g = attr_value(c, "goal");
			if (g && strcmp(g, tok) == 0 && c->_private != NULL)
				keep = c;
			free(g);
		}
		if (keep != NULL) {
			const XmlSpan *k = span_of(a->e, keep);
			buf_add(&b, a->e->data + k->start, k->end - k->start);
		} else {
			buf_adds(&b, "<sdg goal=\"");
			put_escaped(&b, tok, true);
			buf_adds(&b, "\"/>");
		}
	}
	if (lined && b.len > 0)
		buf_printf(&b, "\n%s", indent);
	free(copy);
	replace_content(a->e, l, n, buf_take(&b));
	free(indent);
	free(inner);
}

/* 特記事項: into <remarks>, made after <initiatives> when the file has none. */
static void apply_remarks(Apply *a, Edits *l)
{
	static const char *const cols[] = {"participation", "outcomes"};
	xmlNodePtr rm = child_named(a->e->root, "remarks");
	if (rm != NULL) {
		edit_columns(a, l, rm, NULL, cols, 2);
		return;
	}
	xmlNodePtr inits = child_named(a->e->root, "initiatives");
	char *indent = indent_of(a->e, inits);
	char *inner = xasprintf("%s%s", indent, a->e->unit);
	Buf b = {0};
	buf_printf(&b, "\n%s<remarks>", indent);
	size_t before = b.len;
	write_columns(a, &b, NULL, inner, cols, 2);
	if (b.len > before) {
		buf_printf(&b, "\n%s</remarks>", indent);
		edit_add(l, span_of(a->e, inits)->end, span_of(a->e, inits)->end,
		         buf_take(&b));
	}
	buf_free(&b);
	free(indent);
	free(inner);
}

char *edit_apply(const EditSheet *e, const Form *f, size_t *len, const char **why)
{
	static const char *const plans[] = {"comprehensive-plan", "strategic-plan",
	                                    "reform-plan"};
	static const char *const top[] = {"department", "goal", "situation", "purpose"};
	Apply a = {e, f, NULL};
	Edits l = {0};
	apply_attribute(&a, &l, e->root, "fiscal-year", "fiscal-year", NULL);
	apply_attribute(&a, &l, e->root, "priority", "priority", NULL);
	apply_attribute(&a, &l, e->root, "stage", "stage", "final");
	for (size_t i = 0; i < NCOLS(top); i++)
		apply_field(&a, &l, e->root, top[i], top[i], NULL, 0, false);
	xmlNodePtr al = child_named(e->root, "alignment");
	for (size_t i = 0; i < NCOLS(plans); i++)
		apply_field(&a, &l, al, plans[i], plans[i], NULL, 0, false);
	apply_sdgs(&a, &l);
	apply_list(&a, &l, child_named(e->root, "initiatives"), "i", &INITIATIVES);
	apply_remarks(&a, &l);
	if (a.why != NULL) {
		edits_free(&l);
		*why = a.why;
		return NULL;
	}
	Buf b = {0};
	put_edited(&b, e, 0, e->len, &l);
	edits_free(&l);
	*len = b.len;
	return buf_take(&b);
}

/* ---- positions ------------------------------------------------------------ */

static bool is_field_element(xmlNodePtr n)
{
	static const char *const fields[] = {
		"department", "goal", "comprehensive-plan", "strategic-plan",
		"reform-plan", "sdgs", "situation", "purpose", "participation",
		"outcomes", "summary", "action", "period", "target", "interim",
		"final"};
	for (size_t i = 0; i < NCOLS(fields); i++)
		if (is_element(n, fields[i]))
			return true;
	return false;
}

/* The index of n among its parent's children of its name. */
static size_t index_among(xmlNodePtr n)
{
	size_t k = 0;
	for (xmlNodePtr c = first_child(n->parent); c && c != n; c = next_sibling(c))
		k += is_element(c, (const char *)n->name);
	return k;
}

static size_t offset_of(const EditSheet *e, long line, long col)
{
	long l = 1, c = 1;
	size_t p = 0;
	for (; p < e->len && (l < line || (l == line && c < col)); p++) {
		if (e->data[p] == '\n') {
			if (l == line)
				break;
			l++;
			c = 1;
		} else if (((unsigned char)e->data[p] & 0xC0) != 0x80) {
			c++;
		}
	}
	return p;
}

char *edit_key_at(const EditSheet *e, long line, long col)
{
	size_t off = offset_of(e, line, col);
	xmlNodePtr at = NULL;
	for (xmlNodePtr n = e->root; n != NULL; n = next_in_order(n)) {
		const XmlSpan *s = span_of(e, n);
		if (s->start <= off && off < s->end)
			at = n;
	}
	if (at == NULL)
		return NULL;
	xmlNodePtr field = NULL;
	for (xmlNodePtr n = at; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (field == NULL && is_field_element(n))
			field = n;
	Buf key = {0};
	static const struct { const char *name, *prefix; } items[] = {
		{"initiative", "i."}, {"step", ".s."}, {"point", ".p."}};
	for (size_t k = 0; k < NCOLS(items); k++)
		for (xmlNodePtr n = field ? field : at; n && n->type == XML_ELEMENT_NODE;
		     n = n->parent)
			if (is_element(n, items[k].name))
				buf_printf(&key, "%s%zu", items[k].prefix, index_among(n));
	if (field != NULL)
		buf_printf(&key, "%s%s", key.len ? "." : "", (const char *)field->name);
	else if (key.len == 0)
		buf_adds(&key, "sheet");
	return buf_take(&key);
}
