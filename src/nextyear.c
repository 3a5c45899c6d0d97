/* nextyear.c: see nextyear.h.  Sections: what a copy changes in a
 * sheet's XML, the files of a document, writing them. */
#include "nextyear.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/tree.h>

#include "i18n.h"
#include "outfile.h"
#include "util.h"

/* ---------------------------------------------------------------- */
/* What a copy changes                                               */

static bool named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

static void empty_element(xmlNodePtr n)
{
	xmlNodePtr c = n->children;
	while (c != NULL) {
		xmlNodePtr next = c->next;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
		c = next;
	}
}

/* The cells a new year is written afresh in: what the year achieved
 * (interim, final, the outcomes of the remarks) and, unless kept, its
 * periods and targets.  The element stays, empty, where it is to be
 * filled in. */
static bool emptied_next_year(xmlNodePtr n, bool keep_targets)
{
	if (named(n, "interim") || named(n, "final") || named(n, "outcomes"))
		return true;
	return !keep_targets && (named(n, "period") || named(n, "target"));
}

static void empty_year_cells(xmlNodePtr n, bool keep_targets)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (emptied_next_year(c, keep_targets))
			empty_element(c);
		else if (named(c, "initiatives") || named(c, "initiative") ||
		         named(c, "step") || named(c, "point") || named(c, "remarks"))
			empty_year_cells(c, keep_targets);
	}
}

static void set_year(xmlNodePtr n, int year)
{
	char v[16];
	snprintf(v, sizeof v, "%d", year);
	xmlSetProp(n, (const xmlChar *)"fiscal-year", (const xmlChar *)v);
}

static void next_sheet(xmlNodePtr n, const Sheet *s, const NextOptions *opt)
{
	if (opt->stage >= 0) {
		xmlSetProp(n, (const xmlChar *)"stage",
		           (const xmlChar *)stage_name((Stage)opt->stage));
		return;
	}
	set_year(n, s->fiscal_year + 1);
	xmlSetProp(n, (const xmlChar *)"stage",
	           (const xmlChar *)stage_name(STAGE_PLAN));
	empty_year_cells(n, opt->keep_targets);
}

/* A book's own element and its inline sheets (its included ones are
 * their own files); sheets[] in the book's document order. */
static void next_book(xmlNodePtr n, const Book *b, const NextOptions *opt)
{
	if (opt->stage < 0)
		set_year(n, b->fiscal_year + 1);
	size_t i = 0;
	for (xmlNodePtr c = n->children; c != NULL && i < b->nsheets; c = c->next) {
		if (named(c, "sheet"))
			next_sheet(c, &b->sheets[i], opt);
		if (named(c, "sheet") || named(c, "include"))
			i++;
	}
}

/* A stage that is not later than a sheet's own would undo its work. */
static int refuse_earlier_stage(const Sheet *s, const NextOptions *opt, Diag *d)
{
	if (opt->stage < 0 || (int)s->stage < opt->stage)
		return 0;
	diag_at(d, DIAG_ERROR, s->file, s->pos.line, s->pos.col, NULL,
	        _("the sheet is at stage %s already; --stage %s would not take it "
	        "further (without --stage: the next fiscal year)"),
	        stage_name(s->stage), stage_name((Stage)opt->stage));
	return 1;
}

/* ---------------------------------------------------------------- */
/* The files of a document                                           */

typedef struct Copy {
	const char *source;     /* borrowed from the document */
	const Sheet *sheet;     /* the file's sheet; NULL for the book */
	char *out;              /* dir/relative name */
	xmlDocPtr xml;
} Copy;

typedef struct Copies {
	Copy *v;
	size_t n, cap;
} Copies;

/* rel with "." and empty parts dropped and ".." taken back, or NULL
 * when it climbs above its start (the loader has refused that). */
static char *normal_relative(const char *rel)
{
	char *parts = xstrdup(rel), *save = NULL;
	const char **kept = xcalloc(strlen(rel) + 1, sizeof *kept);
	size_t n = 0;
	bool ok = true;
	for (char *p = strtok_r(parts, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (strcmp(p, "..") == 0)
			ok = ok && n-- > 0;
		else if (strcmp(p, ".") != 0)
			kept[n++] = p;
	}
	Buf b = {0};
	for (size_t i = 0; ok && i < n; i++)
		buf_printf(&b, "%s%s", i ? "/" : "", kept[i]);
	free(kept);
	free(parts);
	if (!ok || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

static void add_copy(Copies *cs, const char *source, const Sheet *sheet,
                     const char *dir, const char *rel)
{
	xgrow((void **)&cs->v, &cs->cap, cs->n + 1, sizeof *cs->v);
	char *name = normal_relative(rel);
	cs->v[cs->n++] = (Copy){source, sheet, xasprintf("%s/%s", dir,
	                        name ? name : path_base(source)), NULL};
	free(name);
}

/* The book, then each sheet it includes, under its name relative to
 * the book's folder (the loader named it "BOOKDIR/HREF"). */
static void book_copies(Copies *cs, const Book *b, const char *dir)
{
	add_copy(cs, b->file, NULL, dir, path_base(b->file));
	char *book_dir = path_dir(b->file);
	size_t skip = strlen(book_dir) + 1;
	for (size_t i = 0; i < b->nsheets; i++) {
		const Sheet *s = &b->sheets[i];
		if (s->included_at.line == 0)
			continue;
		bool under = strncmp(s->file, book_dir, skip - 1) == 0 &&
		             s->file[skip - 1] == '/';
		add_copy(cs, s->file, s, dir, under ? s->file + skip : path_base(s->file));
	}
	free(book_dir);
}

static void copies_free(Copies *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->v[i].out);
		if (cs->v[i].xml)
			xmlFreeDoc(cs->v[i].xml);
	}
	free(cs->v);
}

/* Reads each source again (safely, load.h) and changes it. */
static bool read_and_change(Copies *cs, const Document *doc,
                            const NextOptions *opt, Diag *d)
{
	for (size_t i = 0; i < cs->n; i++) {
		Copy *c = &cs->v[i];
		c->xml = xml_read_safe(c->source, d);
		if (c->xml == NULL)
			return false;
		xmlNodePtr root = xmlDocGetRootElement(c->xml);
		if (c->sheet)
			next_sheet(root, c->sheet, opt);
		else if (doc->kind == DOC_SHEET)
			next_sheet(root, &doc->sheet, opt);
		else
			next_book(root, &doc->book, opt);
	}
	return true;
}

/* ---------------------------------------------------------------- */
/* Writing                                                           */

typedef struct Bytes {
	const xmlChar *data;
	int len;
} Bytes;

static int put_bytes(int fd, void *arg)
{
	const Bytes *b = arg;
	return fd_write_all(fd, b->data, (size_t)b->len);
}

/* The folder of a copy and the folders between it and dir. */
static bool make_folders(const char *dir, const char *out, Diag *d)
{
	char *path = xstrdup(out);
	bool ok = true;
	for (char *p = path + strlen(dir); ok && (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		struct stat st;
		if (mkdir(path, 0777) != 0 && (errno != EEXIST || stat(path, &st) != 0 ||
		                               !S_ISDIR(st.st_mode))) {
			diag_system(d, _("cannot make the folder '%s': %s"), path,
			            strerror(errno == EEXIST ? ENOTDIR : errno));
			ok = false;
		}
		*p = '/';
	}
	free(path);
	return ok;
}

/* Every output is new and named once, checked before the first write. */
static bool outputs_free(const Copies *cs, Diag *d)
{
	bool ok = true;
	for (size_t i = 0; i < cs->n; i++) {
		ok = !outfile_refuse_existing(cs->v[i].out, d) && ok;
		for (size_t j = 0; j < i; j++)
			if (strcmp(cs->v[i].out, cs->v[j].out) == 0) {
				diag_system(d, _("'%s' and '%s' would both be written to '%s'"),
				            cs->v[j].source, cs->v[i].source, cs->v[i].out);
				ok = false;
			}
	}
	return ok;
}

static bool write_copies(const Copies *cs, const char *dir, NextResult *res,
                         Diag *d)
{
	for (size_t i = 0; i < cs->n; i++) {
		const Copy *c = &cs->v[i];
		xmlChar *mem = NULL;
		int len = 0;
		xmlDocDumpMemoryEnc(c->xml, &mem, &len, "UTF-8");
		Bytes b = {mem, len};
		bool ok = mem != NULL && make_folders(dir, c->out, d) &&
		          outfile_create(c->out, put_bytes, &b, d) == 0;
		xmlFree(mem);
		if (!ok)
			return false;
		if (res) {
			res->files = xrealloc(res->files, (res->n + 1) * sizeof *res->files);
			res->files[res->n++] = xstrdup(c->out);
		}
	}
	return true;
}

int next_copy(const Document *doc, const NextOptions *opt, const char *dir,
              NextResult *res, Diag *d)
{
	if (res)
		*res = (NextResult){0};
	const Sheet *sheets = doc->kind == DOC_SHEET ? &doc->sheet : doc->book.sheets;
	size_t nsheets = doc->kind == DOC_SHEET ? 1 : doc->book.nsheets;
	int refused = 0;
	for (size_t i = 0; i < nsheets; i++)
		refused += refuse_earlier_stage(&sheets[i], opt, d);
	if (refused)
		return -1;
	char *folder = xstrdup(dir);
	for (size_t n = strlen(folder); n > 1 && folder[n - 1] == '/'; n--)
		folder[n - 1] = '\0';
	Copies cs = {0};
	if (doc->kind == DOC_SHEET)
		add_copy(&cs, doc->sheet.file, NULL, folder, path_base(doc->sheet.file));
	else
		book_copies(&cs, &doc->book, folder);
	bool ok = read_and_change(&cs, doc, opt, d) && outputs_free(&cs, d);
	ok = ok && write_copies(&cs, folder, res, d);
	copies_free(&cs);
	free(folder);
	return ok ? 0 : -1;
}

void next_result_free(NextResult *res)
{
	for (size_t i = 0; i < res->n; i++)
		free(res->files[i]);
	free(res->files);
	*res = (NextResult){0};
}
