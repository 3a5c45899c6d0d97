/* load.c: see load.h.  Sections: safe parsing, positions, schema,
 * text blocks, the sheet, the book and its includes. */
#include "load.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "explain.h"
#include "i18n.h"
#include "thread_job.h"
#include "template.h"
#include "text.h"
#include "util.h"

#define NS_GOALSHEET "urn:goalsheet:1"
#define NS_XINCLUDE "http://www.w3.org/2001/XInclude"
/* Files over MAX_INPUT_BYTES (util.h) are refused before parsing. */
/* The most text one field (or label) may hold: real fields hold a few
 * hundred characters, and fitting a field to its cell sets it once per
 * size tried. */
#define MAX_FIELD_BYTES (64L * 1024)
/* A book's bounds: its sheets, inline and included, and the bytes of the
 * book and its sheets together (a city's book is some 50 sheets of
 * 20 kB; including one big sheet 50 times took 2.6 GB). */
#define MAX_BOOK_SHEETS 1000
#define MAX_BOOK_BYTES (64L * 1024 * 1024)

/* ---------------------------------------------------------------- */
/* Safe parsing                                                      */

/* Errors of the schema itself (ours, not the user's): as libxml2 says them. */
static void report_schema_error(void *user, xmlErrorPtr e)
{
	Diag *d = user;
	char *msg = xstrdup(e->message ? e->message : "");
	msg[strcspn(msg, "\n")] = '\0';
	diag_at(d, DIAG_ERROR, e->file ? e->file : "goalsheet.rng", e->line,
	        e->int2, NULL, "%s", msg);
	free(msg);
}

/* The parser's serror callback gets the parser context as user data. */
static void report_parser_error(void *ctxt, xmlErrorPtr e)
{
	xmlParserCtxtPtr p = ctxt;
	explain_collect(p->_private, e);
}

static xmlDocPtr parse_memory(const char *path, const char *data, size_t len,
                              Diag *d)
{
	Explainer ex;
	explainer_init(&ex, d, path, data, len);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		diag_system(d, "%s", _("cannot create an XML parser (out of memory?)"));
		return NULL;
	}
	ctxt->_private = &ex;
	ctxt->sax->serror = report_parser_error;
	/* NONET: no network.  Never NOENT, DTDLOAD or HUGE: entities stay
	 * unexpanded, external ones unloaded, libxml2's limits in force.
	 * BIG_LINES: true line numbers past 65535. */
	/* Errors without a parser context (encoding conversion) would go to
	 * libxml2's generic handler, straight to stderr: here too. */
	xmlSetStructuredErrorFunc(&ex, explain_collect);
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL,
	                                  XML_PARSE_NONET | XML_PARSE_NOCDATA |
	                                  XML_PARSE_BIG_LINES);
	xmlSetStructuredErrorFunc(NULL, NULL);
	/* One message for the first mistake, said plainly (explain.h). */
	if (doc != NULL && (!ctxt->wellFormed || ex.errors > 0)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc == NULL && ex.errors > 0)
		explain_parse_failure(&ex);
	else if (doc == NULL)
		diag_at(d, DIAG_ERROR, path, 1, 1, NULL, "%s",
		        _("not a well-formed XML document"));
	explainer_free(&ex);
	return doc;
}

/* goalsheet documents never need a DTD; refusing any DOCTYPE closes the
 * door on entity tricks (external entities, expansion bombs). */
static bool refuse_doctype(xmlDocPtr doc, const char *path, Diag *d)
{
	if (doc->intSubset == NULL && doc->extSubset == NULL)
		return false;
	diag_at(d, DIAG_ERROR, path, 1, 1, NULL, "%s",
	        _("a DOCTYPE declaration is not allowed in goalsheet documents "
	        "(no DTDs or entities); remove it"));
	return true;
}

/* What a file is when it is not a regular file, for messages; NULL for a
 * regular file.  Only regular files are read: a FIFO or a device would
 * block or never end. */
static const char *special_file_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return NULL;
	if (S_ISDIR(mode))
		return _("a directory");
	if (S_ISFIFO(mode))
		return _("a FIFO (named pipe)");
	if (S_ISSOCK(mode))
		return _("a socket");
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return _("a device");
	return _("a special file");
}

/* open() cannot open a socket at all ("No such device or address"):
 * what the file is, for the message, or NULL. */
static const char *unopenable_kind(int dir_fd, const char *name, int err)
{
	struct stat st;
	return err == ENXIO && fstatat(dir_fd, name, &st, 0) == 0
	       ? special_file_kind(st.st_mode) : NULL;
}

/* Every input is opened once, with these flags, and everything goalsheet
 * learns about it (kind, size, bytes) comes from that descriptor: a name
 * looked at twice may name another file the second time.  O_NONBLOCK:
 * opening a FIFO returns at once (and is then refused) instead of waiting
 * for a writer. */
#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

/* Opens a file named on the command line (or a template).  Returns the
 * descriptor, or -1 after reporting. */
static int open_input(const char *path, struct stat *st, Diag *d)
{
	int fd = open(path, OPEN_FLAGS);
	if (fd < 0 || fstat(fd, st) != 0) {
		int saved = errno;
		const char *kind = fd < 0 ? unopenable_kind(AT_FDCWD, path, saved) : NULL;
		if (kind)
			diag_system(d, _("'%s' is %s; give an XML file"), path, kind);
		else
			diag_system(d, _("cannot read '%s': %s"), path, strerror(saved));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	const char *kind = special_file_kind(st->st_mode);
	if (kind) {
		diag_system(d, _("'%s' is %s; give an XML file"), path, kind);
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads at most MAX_INPUT_BYTES + 1 bytes, so that a file that grows
 * while it is read is refused like a file too big. */
static char *read_bounded(int fd, const char *path, size_t *len, Diag *d)
{
	Buf b = {0};
	char chunk[65536];
	ssize_t n = 0;
	while (b.len <= MAX_INPUT_BYTES &&
	       ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0)
			buf_add(&b, chunk, (size_t)n);
	if (n < 0) {
		diag_system(d, _("cannot read '%s': %s"), path, strerror(errno));
		buf_free(&b);
		return NULL;
	}
	if (b.len > MAX_INPUT_BYTES) {
		diag_at(d, DIAG_ERROR, path, 0, 0, NULL, _("more than %ld MB; goalsheet "
		        "reads files up to %ld MB"), MAX_INPUT_BYTES / (1024 * 1024),
		        MAX_INPUT_BYTES / (1024 * 1024));
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return buf_take(&b);
}

xmlDocPtr xml_read_bytes_safe(const char *path, const char *data, size_t len,
                              Diag *d)
{
	if (len == 0) {
		diag_at(d, DIAG_ERROR, path, 1, 1, NULL, "%s", _("file is empty"));
		return NULL;
	}
	if (len > (size_t)MAX_INPUT_BYTES) {
		diag_at(d, DIAG_ERROR, path, 0, 0, NULL, _("file is %lld bytes; goalsheet "
		        "reads files up to %ld MB"), (long long)len,
		        MAX_INPUT_BYTES / (1024 * 1024));
		return NULL;
	}
	xmlDocPtr doc = parse_memory(path, data, len, d);
	if (doc != NULL && refuse_doctype(doc, path, d)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* Parses the regular file open on fd (st its fstat), keeping its bytes in
 * *keep when keep is given. */
static xmlDocPtr read_doc(int fd, const struct stat *st, const char *path,
                          Diag *d, char **keep, size_t *keep_len)
{
	if (st->st_size > MAX_INPUT_BYTES) {
		diag_at(d, DIAG_ERROR, path, 0, 0, NULL,
		        _("file is %lld bytes; goalsheet reads files up to %ld MB"),
		        (long long)st->st_size, MAX_INPUT_BYTES / (1024 * 1024));
		return NULL;
	}
	size_t len;
	char *data = read_bounded(fd, path, &len, d);
	if (data == NULL)
		return NULL;
	xmlDocPtr doc = xml_read_bytes_safe(path, data, len, d);
	if (doc != NULL && keep != NULL) {
		*keep = data;
		*keep_len = len;
	} else {
		free(data);
	}
	return doc;
}

xmlDocPtr xml_read_safe(const char *path, Diag *d)
{
	struct stat st;
	int fd = open_input(path, &st, d);
	if (fd < 0)
		return NULL;
	xmlDocPtr doc = read_doc(fd, &st, path, d, NULL, NULL);
	close(fd);
	return doc;
}

/* ---------------------------------------------------------------- */
/* Positions                                                         */

/* libxml2 keeps a line per element, one that stops at 65535, and no
 * column; so every element's position is found in the source text, in
 * one pass, when the document is read. */
typedef struct Source {
	const char *path;
	char *data;
	size_t len;
	SrcPos *starts;    /* each indexed element's start tag, in document order */
	size_t nstarts;
} Source;

static void source_free(Source *src)
{
	free(src->data);
	free(src->starts);
	src->data = NULL;
	src->starts = NULL;
	src->nstarts = 0;
}

/* The element after n in document order, or NULL. */
static xmlNodePtr next_in_order(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
		for (xmlNodePtr s = n->next; s; s = s->next)
			if (s->type == XML_ELEMENT_NODE)
				return s;
	return NULL;
}

/* Whether the start tag whose name begins at p is element n's. */
static bool tag_names(const char *p, const char *end, xmlNodePtr n)
{
	if (n->ns != NULL && n->ns->prefix != NULL) {
		size_t k = strlen((const char *)n->ns->prefix);
		if ((size_t)(end - p) <= k || memcmp(p, n->ns->prefix, k) != 0 ||
		    p[k] != ':')
			return false;
		p += k + 1;
	}
	size_t k = strlen((const char *)n->name);
	return (size_t)(end - p) >= k && memcmp(p, n->name, k) == 0 &&
	       (p + k == end || memchr(" \t\r\n/>", p[k], 6) != NULL);
}

/* Start tags come in document order (no entities, no DTD), so the k-th
 * start tag is the k-th element: its line and column are kept in
 * src->starts, their index + 1 in the element's _private.  Stops where
 * source and tree disagree (a UTF-16 source, say): node_pos falls back
 * to libxml2's line for those. */
static void index_elements(Source *src, xmlDocPtr doc)
{
	size_t cap = 0;
	xmlNodePtr n = xmlDocGetRootElement(doc);
	const char *p = src->data, *end = src->data + src->len;
	long line = 1, col = 1;
	const char *skip_to = NULL;   /* end of a comment, CDATA or PI */
	for (; p < end && n != NULL; p++) {
		if (skip_to == NULL && *p == '<') {
			size_t left = (size_t)(end - p);
			if (left >= 4 && memcmp(p, "<!--", 4) == 0)
				skip_to = "-->";
			else if (left >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
				skip_to = "]]>";
			else if (left >= 2 && p[1] == '?')
				skip_to = "?>";
			else if (left >= 2 && p[1] == '!')
				skip_to = ">";
			else if (left >= 2 && p[1] != '/') {
				if (!tag_names(p + 1, end, n))
					break;
				xgrow((void **)&src->starts, &cap, src->nstarts + 1,
				      sizeof *src->starts);
				src->starts[src->nstarts++] = (SrcPos){line, col};
				n->_private = (void *)(uintptr_t)src->nstarts;
				n = next_in_order(n);
			}
		} else if (skip_to != NULL && *p == skip_to[0] &&
		           (size_t)(end - p) >= strlen(skip_to) &&
		           memcmp(p, skip_to, strlen(skip_to)) == 0) {
			skip_to = NULL;
		}
		if (*p == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*p & 0xC0) != 0x80) {
			col++;
		}
	}
}

static SrcPos node_pos(const Source *src, xmlNodePtr node)
{
	uintptr_t k = node->type == XML_ELEMENT_NODE ? (uintptr_t)node->_private : 0;
	if (k > 0 && k <= src->nstarts)
		return src->starts[k - 1];
	long line = xmlGetLineNo(node);
	return (SrcPos){line > 0 ? line : 0, 1};
}

/* ---------------------------------------------------------------- */
/* Schema                                                            */

struct Schema {
	xmlRelaxNGPtr rng;
	char *labels[FIELD_COUNT];   /* the template's field names, for messages */
};

Schema *schema_open(const char *rng_path, Diag *d)
{
	FILE *f = fopen(rng_path, "r");
	if (f == NULL) {
		diag_system(d, _("cannot read the schema '%s': %s; is goalsheet "
		            "installed completely?"), rng_path, strerror(errno));
		return NULL;
	}
	fclose(f);
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(rng_path);
	xmlRelaxNGSetParserStructuredErrors(pc, report_schema_error, d);
	xmlRelaxNGPtr rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (rng == NULL) {
		diag_system(d, _("the schema '%s' does not compile"), rng_path);
		return NULL;
	}
	Schema *s = xcalloc(1, sizeof *s);
	s->rng = rng;
	return s;
}

void schema_close(Schema *s)
{
	if (s == NULL)
		return;
	xmlRelaxNGFree(s->rng);
	for (int k = 0; k < FIELD_COUNT; k++)
		free(s->labels[k]);
	free(s);
}

void schema_use_template(Schema *s, const Template *t)
{
	for (int k = 0; k < FIELD_COUNT; k++) {
		free(s->labels[k]);
		s->labels[k] = t && t->field_names[k] ? xstrdup(t->field_names[k]) : NULL;
	}
}

static SrcPos explainer_node_pos(const void *src, xmlNodePtr n)
{
	return node_pos(src, n);
}

static bool validate(Schema *schema, xmlDocPtr doc, const Source *src, Diag *d)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root == NULL || root->ns == NULL ||
	    strcmp((const char *)root->ns->href, NS_GOALSHEET) != 0) {
		SrcPos pos = root ? node_pos(src, root) : (SrcPos){1, 1};
		diag_at(d, DIAG_ERROR, src->path, pos.line, pos.col, NULL,
		        _("the root element <%s> is not in the goalsheet namespace; "
		        "write <%s xmlns=\"%s\" …>"),
		        root ? (const char *)root->name : "?",
		        root ? (const char *)root->name : "sheet", NS_GOALSHEET);
		return false;
	}
	explain_normalise_numbers(doc);
	Explainer ex;
	explainer_init(&ex, d, src->path, src->data, src->len);
	ex.labels = (const char *const *)schema->labels;
	ex.pos = explainer_node_pos;
	ex.pos_ctx = src;
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema->rng);
	xmlRelaxNGSetValidStructuredErrors(vc, explain_collect, &ex);
	int rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	/* One message for the first mistake, said plainly (explain.h). */
	if (rc != 0)
		explain_invalid(&ex, doc);
	explainer_free(&ex);
	return rc == 0;
}

/* ---------------------------------------------------------------- */
/* Text blocks                                                       */

static bool is_element(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr first_element(xmlNodePtr n)
{
	while (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static xmlNodePtr next_element(xmlNodePtr n)
{
	return n ? first_element(n->next) : NULL;
}

static xmlNodePtr child_named(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = first_element(parent->children); c; c = next_element(c))
		if (is_element(c, name))
			return c;
	return NULL;
}

static char *attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (v == NULL)
		return NULL;
	char *s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static void flush_segment(Buf *segment, Buf *out)
{
	char *collapsed = text_collapse(segment->data ? segment->data : "",
	                                segment->len);
	buf_adds(out, collapsed);
	free(collapsed);
	segment->len = 0;
	if (segment->data)
		segment->data[0] = '\0';
}

char *load_inline_text(xmlNodePtr n)
{
	Buf segment = {0}, out = {0};
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				buf_adds(&segment, (const char *)c->content);
		} else if (is_element(c, "br")) {
			flush_segment(&segment, &out);
			buf_addc(&out, '\n');
		}
	}
	flush_segment(&segment, &out);
	buf_free(&segment);
	return buf_take(&out);
}

static void block_add(Block *b, char *label, char *text, SrcPos pos)
{
	/* Block keeps no capacity: it is what xgrow gave, 8 doubled until
	 * it held n (reallocating at every paragraph was quadratic). */
	size_t cap = 0;
	while (cap < b->n)
		cap = cap ? cap * 2 : 8;
	xgrow((void **)&b->paras, &cap, b->n + 1, sizeof *b->paras);
	b->paras[b->n++] = (Para){label, text, pos};
}

typedef struct Loader {
	Source src;
	Sheet *sheet;      /* the sheet being built, for file names */
	Diag *d;
	int errors;        /* reported while loading: no layout then */
	Document *out;     /* the document loaded, for its sources */
	Helpers *helpers;  /* for a book's includes */
	const char *columns[COL_COUNT]; /* column_label()s, NULL until asked */
} Loader;

static void block_start(Loader *ld, Block *b, xmlNodePtr n, char *field)
{
	b->field = field;
	b->file = ld->sheet ? ld->sheet->file : ld->src.path;
	if (n == NULL)
		return;
	b->present = true;
	b->pos = node_pos(&ld->src, n);
}

/* A text block: plain text, or <p> paragraphs. */
static void load_block(Loader *ld, Block *b, xmlNodePtr n, char *field)
{
	block_start(ld, b, n, field);
	if (n == NULL)
		return;
	if (child_named(n, "p") == NULL) {
		char *text = load_inline_text(n);
		if (text[0] == '\0')
			free(text);
		else
			block_add(b, NULL, text, b->pos);
		return;
	}
	for (xmlNodePtr p = first_element(n->children); p; p = next_element(p))
		block_add(b, attr(p, "label"), load_inline_text(p), node_pos(&ld->src, p));
}

/* Children all of one name (<line>, <unit>), each a paragraph. */
static void load_lines(Loader *ld, Block *b, xmlNodePtr n, char *field)
{
	block_start(ld, b, n, field);
	if (n == NULL)
		return;
	for (xmlNodePtr c = first_element(n->children); c; c = next_element(c))
		block_add(b, NULL, load_inline_text(c), node_pos(&ld->src, c));
}

/* ---------------------------------------------------------------- */
/* The sheet                                                         */

/* An integer attribute (the schema has checked its form).  One beyond
 * int is reported here: later messages would show another number. */
static int int_attr(Loader *ld, xmlNodePtr n, const char *name, int fallback)
{
	char *v = attr(n, name);
	if (v == NULL)
		return fallback;
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	bool ok = end != v && *end == '\0';
	if (ok && (errno == ERANGE || x > INT_MAX || x < INT_MIN)) {
		SrcPos pos = node_pos(&ld->src, n);
		diag_at(ld->d, DIAG_ERROR, ld->src.path, pos.line, pos.col, NULL,
		        _("%s=\"%.24s%s\" is out of range"), name, v,
		        strlen(v) > 24 ? "…" : "");
		ld->errors++;
		ok = false;
	}
	free(v);
	return ok ? (int)x : fallback;
}

static Stage stage_attr(xmlNodePtr n)
{
	char *v = attr(n, "stage");
	Stage s = STAGE_FINAL;
	if (v != NULL && strcmp(v, "plan") == 0)
		s = STAGE_PLAN;
	else if (v != NULL && strcmp(v, "interim") == 0)
		s = STAGE_INTERIM;
	free(v);
	return s;
}

static Column column_of(xmlNodePtr n)
{
	for (int c = 0; c < COL_COUNT; c++)
		if (is_element(n, column_name((Column)c)))
			return (Column)c;
	return COL_COUNT;
}

/* The columns' names under field_prefix ("initiative ①, step (1),
 * action"): the labels translated once a load, the prefix and its
 * separator once a row, each name made once.  Translated and made
 * afresh for every column and again for each element, the book took
 * 204.6 instead of 202.6 M instructions (callgrind, all threads). */
static void load_cells(Loader *ld, Block cells[COL_COUNT], xmlNodePtr first,
                       const char *field_prefix)
{
	char *head = field_name(field_prefix, "%s", "");
	for (int c = 0; c < COL_COUNT; c++) {
		if (ld->columns[c] == NULL)
			ld->columns[c] = column_label((Column)c);
		block_start(ld, &cells[c], NULL, xasprintf("%s%s", head, ld->columns[c]));
	}
	free(head);
	for (xmlNodePtr n = first; n; n = next_element(n)) {
		Column c = column_of(n);
		if (c != COL_COUNT)
			load_block(ld, &cells[c], n, cells[c].field);
	}
}

/* optional="period target": the columns a row leaves empty on purpose. */
static unsigned optional_columns(xmlNodePtr n)
{
	char *v = attr(n, "optional");
	unsigned mask = 0;
	for (char *tok = v ? strtok(v, " \t\r\n") : NULL; tok;
	     tok = strtok(NULL, " \t\r\n"))
		for (int c = 0; c < COL_COUNT; c++)
			if (strcmp(tok, column_name((Column)c)) == 0)
				mask |= 1u << c;
	free(v);
	return mask;
}

static void load_points(Loader *ld, Step *st, xmlNodePtr step_node,
                        const char *step_field)
{
	size_t cap = 0;
	for (xmlNodePtr n = first_element(step_node->children); n; n = next_element(n)) {
		if (!is_element(n, "point"))
			continue;
		xgrow((void **)&st->points, &cap, st->npoints + 1, sizeof *st->points);
		Point *pt = &st->points[st->npoints++];
		memset(pt, 0, sizeof *pt);
		pt->label = attr(n, "label");
		if (pt->label == NULL)
			pt->label = circled_number((int)st->npoints);
		pt->pos = node_pos(&ld->src, n);
		pt->optional = optional_columns(n);
		char *field = field_name(step_field, _("point %s"), pt->label);
		load_cells(ld, pt->cells, first_element(n->children), field);
		free(field);
	}
}

static void load_step(Loader *ld, Step *st, xmlNodePtr n, size_t index,
                      const char *init_field)
{
	st->label = attr(n, "label");
	if (st->label == NULL)
		st->label = xasprintf("(%zu)", index + 1);
	st->pos = node_pos(&ld->src, n);
	st->optional = optional_columns(n);
	char *field = st->label[0] ? field_name(init_field, _("step %s"), st->label)
	                           : field_name(init_field, _("step %zu"), index + 1);
	/* A step's own cells stop where its points begin. */
	load_cells(ld, st->cells, first_element(n->children), field);
	load_points(ld, st, n, field);
	free(field);
}

static void load_initiative(Loader *ld, Initiative *in, xmlNodePtr n,
                            size_t index)
{
	in->pos = node_pos(&ld->src, n);
	in->number = attr(n, "no");
	if (in->number == NULL)
		in->number = circled_number((int)index + 1);
	in->mark = attr(n, "mark");
	if (in->mark == NULL)
		in->mark = xstrdup("○");
	char *raw_title = attr(n, "title");
	in->title = text_collapse(raw_title, strlen(raw_title));
	free(raw_title);
	char *field = field_name(NULL, _("initiative %s"), in->number);
	in->title_field = field_name(field, "%s", _("title"));
	load_block(ld, &in->summary, child_named(n, "summary"),
	           field_name(field, "%s", _("summary")));
	size_t cap = 0;
	for (xmlNodePtr c = first_element(n->children); c; c = next_element(c)) {
		if (!is_element(c, "step"))
			continue;
		xgrow((void **)&in->steps, &cap, in->nsteps + 1, sizeof *in->steps);
		Step *st = &in->steps[in->nsteps];
		memset(st, 0, sizeof *st);
		load_step(ld, st, c, in->nsteps, field);
		in->nsteps++;
	}
	free(field);
}

static void load_sdgs(Loader *ld, Sheet *s, xmlNodePtr sdgs)
{
	if (sdgs == NULL)
		return;
	s->sdgs_pos = node_pos(&ld->src, sdgs);
	size_t cap = 0;
	for (xmlNodePtr c = first_element(sdgs->children); c; c = next_element(c)) {
		xgrow((void **)&s->sdgs, &cap, s->nsdgs + 1, sizeof *s->sdgs);
		s->sdgs[s->nsdgs++] = (Sdg){int_attr(ld, c, "goal", 0), node_pos(&ld->src, c)};
	}
}

static void load_alignment(Loader *ld, Sheet *s, xmlNodePtr al)
{
	static const char *const names[PLAN_COUNT] = {
		"comprehensive-plan", "strategic-plan", "reform-plan"};
	static const char *const labels[PLAN_COUNT] = {
		/* TRANSLATORS: the alignment rows (plans), as field names in
		 * messages; a template may name them otherwise. */
		N_("comprehensive-plan"), N_("strategic-plan"), N_("reform-plan")};
	for (int p = 0; p < PLAN_COUNT; p++)
		load_lines(ld, &s->plans[p], al ? child_named(al, names[p]) : NULL,
		           xstrdup(_(labels[p])));
	load_sdgs(ld, s, al ? child_named(al, "sdgs") : NULL);
}

static void load_remarks(Loader *ld, Sheet *s, xmlNodePtr rm)
{
	s->has_remarks = rm != NULL;
	load_block(ld, &s->participation, rm ? child_named(rm, "participation") : NULL,
	           field_name(_("remarks"), "%s", _("participation")));
	load_block(ld, &s->outcomes, rm ? child_named(rm, "outcomes") : NULL,
	           field_name(_("remarks"), "%s", _("outcomes")));
}

/* Bounds on fields (MAX_FIELD_BYTES): reported, and the document is
 * not laid out. */
static bool size_ok(Diag *d, const char *file, size_t bytes, SrcPos pos,
                    const char *field)
{
	if (bytes <= (size_t)MAX_FIELD_BYTES)
		return true;
	diag_at(d, DIAG_ERROR, file, pos.line, pos.col, field,
	        _("%zu bytes of text; a field holds at most %ld (about %ld "
	        "characters); shorten it"), bytes, MAX_FIELD_BYTES,
	        MAX_FIELD_BYTES / 3);
	return false;
}

static bool block_size_ok(Diag *d, const Block *b)
{
	size_t bytes = 0;
	for (size_t i = 0; i < b->n; i++)
		bytes += strlen(b->paras[i].text) +
		         (b->paras[i].label ? strlen(b->paras[i].label) : 0);
	return size_ok(d, b->file, bytes, b->pos, b->field);
}

static bool step_size_ok(Diag *d, const Step *st)
{
	bool ok = true;
	for (int c = 0; c < COL_COUNT; c++)
		ok = block_size_ok(d, &st->cells[c]) && ok;
	for (size_t k = 0; k < st->npoints; k++)
		for (int c = 0; c < COL_COUNT; c++)
			ok = block_size_ok(d, &st->points[k].cells[c]) && ok;
	return ok;
}

static bool sheet_size_ok(Diag *d, const Sheet *s)
{
	const Block *top[] = {&s->department, &s->goal, &s->plans[0], &s->plans[1],
	                      &s->plans[2], &s->situation, &s->purpose,
	                      &s->participation, &s->outcomes};
	bool ok = true;
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
		ok = block_size_ok(d, top[i]) && ok;
	for (size_t i = 0; i < s->ninitiatives; i++) {
		const Initiative *in = &s->initiatives[i];
		/* Labels and titles first: the fields of the blocks are named
		 * after them, so those are reported with numbers instead. */
		size_t bytes = strlen(in->number) + strlen(in->mark) + strlen(in->title);
		for (size_t j = 0; j < in->nsteps; j++) {
			bytes += strlen(in->steps[j].label);
			for (size_t k = 0; k < in->steps[j].npoints; k++)
				bytes += strlen(in->steps[j].points[k].label);
		}
		char *field = xasprintf(_("initiative %zu (its title and labels)"), i + 1);
		bool labels_ok = size_ok(d, s->file, bytes, in->pos, field);
		free(field);
		if (!labels_ok) {
			ok = false;
			continue;
		}
		ok = block_size_ok(d, &in->summary) && ok;
		for (size_t j = 0; j < in->nsteps; j++)
			ok = step_size_ok(d, &in->steps[j]) && ok;
	}
	return ok;
}

/* Builds the sheet from a schema-valid <sheet> element.  False when a
 * field is too big to lay out (reported). */
static bool load_sheet(Loader *ld, Sheet *s, xmlNodePtr n)
{
	int errors = ld->errors;
	s->file = xstrdup(ld->src.path);
	ld->sheet = s;
	s->pos = node_pos(&ld->src, n);
	s->fiscal_year = int_attr(ld, n, "fiscal-year", 0);
	s->priority = int_attr(ld, n, "priority", 0);
	s->stage = stage_attr(n);
	s->stage_given = xmlHasNsProp(n, (const xmlChar *)"stage", NULL) != NULL;
	s->template_name = attr(n, "template");
	load_lines(ld, &s->department, child_named(n, "department"),
	           xstrdup(_("department")));
	load_block(ld, &s->goal, child_named(n, "goal"), xstrdup(_("goal")));
	load_alignment(ld, s, child_named(n, "alignment"));
	load_block(ld, &s->situation, child_named(n, "situation"),
	           xstrdup(_("situation")));
	load_block(ld, &s->purpose, child_named(n, "purpose"), xstrdup(_("purpose")));
	xmlNodePtr inits = child_named(n, "initiatives");
	size_t cap = 0;
	for (xmlNodePtr c = inits ? first_element(inits->children) : NULL; c;
	     c = next_element(c)) {
		xgrow((void **)&s->initiatives, &cap, s->ninitiatives + 1,
		      sizeof *s->initiatives);
		Initiative *in = &s->initiatives[s->ninitiatives];
		memset(in, 0, sizeof *in);
		load_initiative(ld, in, c, s->ninitiatives);
		s->ninitiatives++;
	}
	load_remarks(ld, s, child_named(n, "remarks"));
	ld->sheet = NULL;
	return sheet_size_ok(ld->d, s) && ld->errors == errors;
}

/* ---------------------------------------------------------------- */
/* Documents, books and includes                                     */

/* Composes every text and attribute value of the tree to NFC
 * (text_nfc), so that decomposed kana and accents enter the model as
 * the single characters a font draws: the one place text is normalised. */
static void compose_text(xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
		    n->content != NULL) {
			const char *old = (const char *)n->content;
			char *nfc = text_nfc(old, strlen(old));
			if (strcmp(nfc, old) != 0)
				xmlNodeSetContent(n, (const xmlChar *)nfc);
			free(nfc);
		} else if (n->type == XML_ELEMENT_NODE) {
			for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
				compose_text(a->children);
			compose_text(n->children);
		}
	}
}

static xmlDocPtr validate_source(xmlDocPtr doc, Schema *schema, Source *src,
                                 Diag *d);

/* Parses and validates the file open on fd (st its fstat); on success
 * *src holds its text for positions and the document is returned. */
static xmlDocPtr read_valid(int fd, const struct stat *st, const char *path,
                            Schema *schema, Source *src, Diag *d)
{
	*src = (Source){.path = path};
	/* The bytes parsed are the bytes positions are found in (a file
	 * read twice could change in between). */
	xmlDocPtr doc = read_doc(fd, st, path, d, &src->data, &src->len);
	return doc ? validate_source(doc, schema, src, d) : NULL;
}

/* The document parsed from src's bytes, indexed, validated and composed;
 * NULL (the document and src freed) after reporting. */
static xmlDocPtr validate_source(xmlDocPtr doc, Schema *schema, Source *src,
                                 Diag *d)
{
	index_elements(src, doc);
	if (!validate(schema, doc, src, d)) {
		xmlFreeDoc(doc);
		source_free(src);
		return NULL;
	}
	compose_text(xmlDocGetRootElement(doc));
	return doc;
}

static bool is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

static void note_source(Document *out, const char *path)
{
	out->sources = xrealloc(out->sources, (out->nsources + 1) * sizeof *out->sources);
	out->sources[out->nsources++] = xstrdup(path);
}

/* A file the book has read: the book itself, then each included sheet. */
typedef struct BookFile {
	dev_t dev;
	ino_t ino;
	SrcPos included_at;
} BookFile;

/* What a book's includes are opened from and checked against. */
typedef struct Includes {
	int dir_fd;                /* the book's folder, held open */
	char dir_real[PATH_MAX];   /* its real path */
	BookFile *files;           /* files[0] is the book */
	size_t nfiles, cap;
	long long bytes;           /* the sizes of files[] */
} Includes;

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* An href is a URI reference (RFC 3986): "s%201.xml" names "s 1.xml".
 * Returns the file name it names, or NULL with *why set: %00 would cut
 * the name short, and %2F is a '/' inside one name, which names no file
 * but would be read as a folder. */
static char *decode_href(const char *href, const char **why)
{
	*why = NULL;
	Buf b = {0};
	for (const char *p = href; *p != '\0'; p++) {
		if (*p != '%') {
			buf_addc(&b, *p);
			continue;
		}
		int hi = hex_digit(p[1]), lo = hi < 0 ? -1 : hex_digit(p[2]);
		/* The schema (anyURI) has refused a '%' without two digits. */
		if (lo < 0) {
			buf_addc(&b, *p);
			continue;
		}
		if (hi * 16 + lo == 0)
			/* xgettext:no-c-format */
			*why = _("%00 (a NUL character) cannot be part of a file name");
		else if (hi * 16 + lo == '/')
			/* xgettext:no-c-format */
			*why = _("%2F (an escaped '/') cannot be part of a file name; "
			       "write the '/' itself between folder and file");
		if (*why) {
			buf_free(&b);
			return NULL;
		}
		buf_addc(&b, (char)(hi * 16 + lo));
		p += 2;
	}
	return buf_take(&b);
}

/* Opens rel beneath the book's folder by its real path, one name at a
 * time from the folder's descriptor and following no link, so that a
 * link swapped in after realpath() looked is refused, never followed.
 * -1 with errno set (EXDEV: outside the folder) on failure. */
static int walk_beneath(const Includes *ic, const char *rel)
{
	char *joined = xasprintf("%s/%s", ic->dir_real, rel);
	char real[PATH_MAX];
	bool found = realpath(joined, real) != NULL;
	free(joined);
	if (!found)
		return -1;
	if (!is_below(real, ic->dir_real)) {
		errno = EXDEV;
		return -1;
	}
	size_t skip = strlen(ic->dir_real) + (strcmp(ic->dir_real, "/") != 0);
	char *names = xstrdup(strlen(real) > skip ? real + skip : ".");
	int dir = ic->dir_fd, fd = -1;
	char *save = NULL;
	for (char *name = strtok_r(names, "/", &save); name != NULL;) {
		char *next = strtok_r(NULL, "/", &save);
		fd = openat(dir, name, next ? O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		            O_CLOEXEC : OPEN_FLAGS | O_NOFOLLOW);
		int saved = errno;
		if (dir != ic->dir_fd)
			close(dir);
		errno = saved;
		if (fd < 0 || next == NULL)
			break;
		dir = fd;
		name = next;
	}
	free(names);
	return fd;
}

/* Opens rel (a relative name) so that the file opened is beneath the
 * book's folder, whatever links in it point at or are swapped in: with
 * openat2's RESOLVE_BENEATH where the kernel has it, else walk_beneath.
 * openat2 also refuses absolute links, even to files in the folder: those
 * take the walk, which decides by the real path. */
static int open_beneath(const Includes *ic, const char *rel)
{
#ifdef SYS_openat2
	struct open_how how = {.flags = OPEN_FLAGS,
	                       .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
	int fd = (int)syscall(SYS_openat2, ic->dir_fd, rel, &how, sizeof how);
	/* ENOSYS: an older kernel; EPERM: a seccomp filter; EAGAIN: a rename
	 * raced the lookup. */
	if (fd >= 0 || (errno != EXDEV && errno != ENOSYS && errno != EPERM &&
	                errno != EAGAIN))
		return fd;
#endif
	return walk_beneath(ic, rel);
}

static void include_error(Loader *ld, SrcPos pos, const char *href,
                          const char *why)
{
	diag_at(ld->d, DIAG_ERROR, ld->src.path, pos.line, pos.col, NULL,
	        _("XInclude href \"%s\": %s"), href, why);
}

static char *not_a_sheet_file(const char *path, const char *kind)
{
	return xasprintf(_("'%s' is %s; a book includes sheet files"), path, kind);
}

/* Why a book must not read the file st describes (NULL when it may):
 * not a regular file, read already, or beyond the book's bound. */
static char *refuse_included(const Includes *ic, const struct stat *st,
                             const char *path)
{
	const char *kind = special_file_kind(st->st_mode);
	if (kind)
		return not_a_sheet_file(path, kind);
	for (size_t i = 0; i < ic->nfiles; i++) {
		if (ic->files[i].dev != st->st_dev || ic->files[i].ino != st->st_ino)
			continue;
		if (i == 0)
			return xstrdup(_("include loop: the book includes itself"));
		return xasprintf(_("'%s' is included already, at line %ld, column "
		                 "%ld; a book includes each sheet once"), path,
		                 ic->files[i].included_at.line,
		                 ic->files[i].included_at.col);
	}
	if (ic->bytes + st->st_size > MAX_BOOK_BYTES)
		return xasprintf(_("with '%s' (%lld bytes) the book's files would "
		                 "pass %ld MB; a book reads at most %ld MB"), path,
		                 (long long)st->st_size, MAX_BOOK_BYTES / (1024 * 1024),
		                 MAX_BOOK_BYTES / (1024 * 1024));
	return NULL;
}

static void remember_file(Includes *ic, const struct stat *st, SrcPos at)
{
	xgrow((void **)&ic->files, &ic->cap, ic->nfiles + 1, sizeof *ic->files);
	ic->files[ic->nfiles++] = (BookFile){st->st_dev, st->st_ino, at};
	ic->bytes += st->st_size;
}

/* Opens the sheet an <xi:include> names: relative, beneath the book's
 * folder, a regular file not read before.  Returns the descriptor with
 * *path (for messages) and *st set, or -1 after reporting at pos. */
static int open_include(Loader *ld, Includes *ic, const char *href, SrcPos pos,
                        char **path, struct stat *st)
{
	const char *why = NULL;
	if (href[0] == '\0')
		why = _("an empty href");
	else if (href[0] == '/' || strchr(href, ':') != NULL)
		why = _("only relative file names are allowed");
	char *name = why ? NULL : decode_href(href, &why);
	if (why) {
		include_error(ld, pos, href, why);
		return -1;
	}
	char *dir = path_dir(ld->src.path);
	*path = xasprintf("%s/%s", dir, name);
	free(dir);
	/* Watched whether it opens or not (watch renders its fix). */
	note_source(ld->out, *path);
	int fd = open_beneath(ic, name);
	int saved = errno;
	const char *kind = fd < 0 ? unopenable_kind(ic->dir_fd, name, saved) : NULL;
	free(name);
	errno = saved;
	char *refusal = NULL;
	if (fd < 0 && errno == EXDEV)
		refusal = xstrdup(_("it leaves the book's folder; sheets must be in "
		                  "the book's folder or below it"));
	else if (kind)
		refusal = not_a_sheet_file(*path, kind);
	else if (fd < 0 || fstat(fd, st) != 0)
		refusal = xasprintf(_("cannot read '%s': %s"), *path, strerror(errno));
	else
		refusal = refuse_included(ic, st, *path);
	if (refusal) {
		include_error(ld, pos, href, refusal);
		free(refusal);
		free(*path);
		*path = NULL;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	remember_file(ic, st, pos);
	return fd;
}

/* A sheet the book includes: opened in document order, then read
 * (parsed, indexed, validated: 14.6 M of the book's 21.7 M loading
 * instructions) beside the sheet after it, in another thread; what it
 * said is held and said in its place. */
typedef struct Included {
	xmlNodePtr node;        /* the <xi:include> */
	SrcPos pos;
	char *href, *path;      /* path NULL: not opened */
	int fd;
	struct stat st;
	Schema *schema;
	DiagHeld said;
	Source src;
	xmlDocPtr doc;          /* NULL: not read */
} Included;

static void included_open(Loader *book_ld, Includes *ic, Schema *schema,
                          xmlNodePtr node, Included *in)
{
	*in = (Included){.node = node, .schema = schema, .fd = -1};
	in->pos = node_pos(&book_ld->src, node);
	in->href = attr(node, "href");
	diag_hold(&in->said, book_ld->d);
	Loader ld = *book_ld;
	ld.d = &in->said.d;
	in->fd = open_include(&ld, ic, in->href ? in->href : "", in->pos,
	                      &in->path, &in->st);
}

/* Any thread: reads only what is its own, and the schema. */
static void included_read(void *arg)
{
	Included *in = arg;
	if (in->fd < 0)
		return;
	in->doc = read_valid(in->fd, &in->st, in->path, in->schema, &in->src,
	                     &in->said.d);
	close(in->fd);
	in->fd = -1;
}

static bool included_load(Loader *book_ld, Book *b, Included *in)
{
	diag_release(&in->said, book_ld->d);
	bool ok = in->doc != NULL;
	if (in->path == NULL) {
		b->nunread++;
	} else if (!ok) {
		b->nunread++;
		diag_at(book_ld->d, DIAG_NOTE, book_ld->src.path, in->pos.line,
		        in->pos.col, NULL, _("XInclude href \"%s\": '%s' has the "
		        "errors above; the book's other sheets are checked without "
		        "it"), in->href, in->path);
	} else {
		xmlNodePtr root = xmlDocGetRootElement(in->doc);
		if (!is_element(root, "sheet")) {
			diag_at(book_ld->d, DIAG_ERROR, book_ld->src.path, in->pos.line,
			        in->pos.col, NULL,
			        _("'%s' holds a <%s>; a book includes only <sheet> "
			        "documents (nested books would loop)"), in->path,
			        (const char *)root->name);
			b->nunread++;
			ok = false;
		} else {
			Loader ld = {.d = book_ld->d, .src = in->src};
			b->sheets[b->nsheets].included_at = in->pos;
			ok = load_sheet(&ld, &b->sheets[b->nsheets++], root);
		}
	}
	if (in->doc != NULL)
		xmlFreeDoc(in->doc);
	source_free(&in->src);
	free(in->path);
	free(in->href);
	return ok;
}

static bool is_include(xmlNodePtr n)
{
	return n->ns && strcmp((const char *)n->ns->href, NS_XINCLUDE) == 0;
}

/* Counts the book's sheets, inline and included, into *count; false
 * after reporting the first one past MAX_BOOK_SHEETS. */
static bool count_sheets(Loader *ld, xmlNodePtr book, size_t *count)
{
	*count = 0;
	for (xmlNodePtr c = first_element(book->children); c; c = next_element(c)) {
		if (!is_element(c, "sheet") && !is_include(c))
			continue;
		if (++*count > MAX_BOOK_SHEETS) {
			SrcPos pos = node_pos(&ld->src, c);
			diag_at(ld->d, DIAG_ERROR, ld->src.path, pos.line, pos.col, NULL,
			        _("more than %d sheets; a book holds at most %d sheets "
			        "(and %ld MB of files); split it"), MAX_BOOK_SHEETS,
			        MAX_BOOK_SHEETS, MAX_BOOK_BYTES / (1024 * 1024));
			return false;
		}
	}
	return true;
}

/* Opens the book's folder for its includes.  False after reporting. */
static bool open_includes(Loader *ld, Includes *ic, const struct stat *book_st)
{
	*ic = (Includes){.dir_fd = -1};
	remember_file(ic, book_st, (SrcPos){0, 0});
	char *dir = path_dir(ld->src.path);
	if (realpath(dir, ic->dir_real) != NULL)
		ic->dir_fd = open(ic->dir_real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ic->dir_fd < 0)
		diag_system(ld->d, _("cannot read the folder '%s': %s"), dir,
		            strerror(errno));
	free(dir);
	return ic->dir_fd >= 0;
}

static void close_includes(Includes *ic)
{
	if (ic->dir_fd >= 0)
		close(ic->dir_fd);
	free(ic->files);
}

static bool load_book(Loader *ld, Book *b, xmlNodePtr n, Schema *schema,
                      const struct stat *book_st)
{
	b->file = xstrdup(ld->src.path);
	b->pos = node_pos(&ld->src, n);
	b->fiscal_year = int_attr(ld, n, "fiscal-year", 0);
	b->template_name = attr(n, "template");
	load_lines(ld, &b->department, child_named(n, "department"),
	           xstrdup(_("department")));
	bool sizes_ok = block_size_ok(ld->d, &b->department);
	size_t count;
	Includes ic;
	bool ok = count_sheets(ld, n, &count) && open_includes(ld, &ic, book_st);
	if (!ok)
		return false;
	b->sheets = xcalloc(count, sizeof *b->sheets);
	bool others_ok = true;    /* all but the unread includes */
	for (xmlNodePtr c = first_element(n->children); c;) {
		/* Two includes at a time (more would hold more documents). */
		Included in[2];
		size_t k = 0;
		xmlNodePtr end = c;
		for (; end && k < 2; end = next_element(end))
			if (is_include(end))
				included_open(ld, &ic, schema, end, &in[k++]);
		ThreadJob *job = k == 2 ? thread_job_start(ld->helpers, included_read,
		                                           &in[1])
		                        : NULL;
		if (k > 0)
			included_read(&in[0]);
		thread_job_finish(job);
		for (size_t j = 0; c != end; c = next_element(c)) {
			size_t unread = b->nunread;
			bool fine = true;
			if (is_element(c, "sheet"))
				fine = load_sheet(ld, &b->sheets[b->nsheets++], c);
			else if (is_include(c))
				fine = included_load(ld, b, &in[j++]);
			others_ok = others_ok && (fine || b->nunread > unread);
		}
	}
	close_includes(&ic);
	others_ok = others_ok && sizes_ok && ld->errors == 0;
	ld->out->checkable = others_ok && b->nunread > 0;
	return others_ok && b->nunread == 0;
}

int load_document(const char *path, Schema *schema, Helpers *helpers,
                  Document *out, Diag *d)
{
	memset(out, 0, sizeof *out);
	note_source(out, path);
	Loader ld = {.d = d, .out = out, .helpers = helpers};
	struct stat st;
	int fd = open_input(path, &st, d);
	if (fd < 0)
		return -1;
	xmlDocPtr doc = read_valid(fd, &st, path, schema, &ld.src, d);
	close(fd);
	if (doc == NULL)
		return -1;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	int rc = 0;
	if (is_element(root, "sheet")) {
		out->kind = DOC_SHEET;
		if (!load_sheet(&ld, &out->sheet, root))
			rc = -1;
	} else {
		out->kind = DOC_BOOK;
		if (!load_book(&ld, &out->book, root, schema, &st))
			rc = -1;
	}
	xmlFreeDoc(doc);
	source_free(&ld.src);
	return rc;
}

int load_sheet_bytes(const char *path, const char *data, size_t len,
                     Schema *schema, Document *out, Diag *d)
{
	memset(out, 0, sizeof *out);
	note_source(out, path);
	Loader ld = {.d = d, .out = out};
	ld.src = (Source){.path = path, .data = xmalloc(len + 1), .len = len};
	memcpy(ld.src.data, data, len);
	ld.src.data[len] = '\0';
	xmlDocPtr doc = xml_read_bytes_safe(path, ld.src.data, len, d);
	if (doc != NULL)
		doc = validate_source(doc, schema, &ld.src, d);
	if (doc == NULL) {
		source_free(&ld.src);
		return -1;
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	int rc = -1;
	if (!is_element(root, "sheet"))
		diag_at(d, DIAG_ERROR, path, 1, 1, NULL, "%s",
		        _("only a <sheet> can be edited in the browser; edit a "
		        "<book> in a text editor"));
	else if (load_sheet(&ld, &out->sheet, root))
		rc = 0;
	out->kind = is_element(root, "sheet") ? DOC_SHEET : DOC_NONE;
	xmlFreeDoc(doc);
	source_free(&ld.src);
	return rc;
}

void document_free(Document *doc)
{
	if (doc->kind == DOC_SHEET)
		sheet_free(&doc->sheet);
	else if (doc->kind == DOC_BOOK)
		book_free(&doc->book);
	doc->kind = DOC_NONE;
	for (size_t i = 0; i < doc->nsources; i++)
		free(doc->sources[i]);
	free(doc->sources);
	doc->sources = NULL;
	doc->nsources = 0;
}

char **document_files(const Document *doc, size_t *n)
{
	*n = 0;
	char **v = xcalloc(doc->nsources + 1, sizeof *v);
	for (size_t i = 0; i < doc->nsources; i++) {
		bool seen = false;
		for (size_t j = 0; j < *n; j++)
			seen = seen || strcmp(v[j], doc->sources[i]) == 0;
		if (!seen)
			v[(*n)++] = xstrdup(doc->sources[i]);
	}
	return v;
}
