/* template_read.c: template_load of template.h.  The file is read with
 * the loader's safe parser, then walked element by element; every
 * problem is reported at its element's or attribute's line and column
 * and reading goes on, so that one run shows them all.  Widths are
 * resolved here once (a cell without a width shares what the others
 * leave), and the grid is checked to fit the page. */
#include "template.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "i18n.h"
#include "load.h"
#include "util.h"

#define NS "urn:goalsheet:template:2"

/* What a number of a template may be, in the file's units. */
typedef struct Range {
	double min, max;
} Range;
static const Range PAGE_SIDE = {50, 2000};     /* mm: smaller than A0 × 2 */
static const Range MARGIN = {0, 100};          /* mm */
static const Range RULE = {0, 5};              /* pt */
static const Range SHARE = {0, 1};             /* gray, proportions */
static const Range TYPE_SIZE = {1, 100};       /* pt */
static const Range LEADING = {1, 3};           /* em: lines never overlap */
static const Range PADDING = {0, 20};          /* mm */
static const Range LABEL_GAP = {0, 5};         /* em */
static const Range EXTENT = {1, 1000};         /* mm: widths and heights */
static const Range MIN_EXTENT = {0, 1000};     /* mm: minimum heights, gaps */
static const Range LINES = {0, 50};
#define WIDTH_SLACK (0.5 * MM_TO_PT)

typedef struct Reader {
	Template *t;
	Diag *d;
	char *text;          /* the file, for columns */
	size_t len;
	int errors;
	/* Where each line of text starts (line k at starts[k - 1]): found
	 * once, not by reading from the top for each position: read so,
	 * the book's template_load took 4.3 instead of 2.0 M instructions
	 * (callgrind). */
	size_t *starts;
	size_t nlines;
} Reader;

static void index_lines(Reader *r)
{
	size_t cap = 0;
	for (size_t i = 0; r->text && i <= r->len; i++)
		if (i == 0 || r->text[i - 1] == '\n') {
			xgrow((void **)&r->starts, &cap, r->nlines + 1, sizeof *r->starts);
			r->starts[r->nlines++] = i;
		}
}

/* ---------------------------------------------------------------- */
/* Positions and messages                                            */

static const char *line_start(const Reader *r, long line)
{
	if (r->text == NULL || line <= 1)
		return r->text;
	return (size_t)line <= r->nlines ? r->text + r->starts[line - 1] : NULL;
}

static long column_of(const char *line, const char *at)
{
	long col = 1;
	for (const char *c = line; c < at; c++)
		col += ((unsigned char)*c & 0xC0) != 0x80;
	return col;
}

/* True when a start tag of name begins at q. */
static bool opens(const Reader *r, const char *q, const char *name)
{
	size_t nlen = strlen(name);
	const char *end = r->text + r->len;
	return *q == '<' && (size_t)(end - q) > nlen + 1 &&
	       strncmp(q + 1, name, nlen) == 0 && q[1 + nlen] != '\0' &&
	       strchr(" \t\r\n/>", q[1 + nlen]);
}

/* Where the element's tag starts: the k-th "<name" on its line, k the
 * number of elements of that name before it on the same line. */
static const char *tag_start(const Reader *r, xmlNodePtr n)
{
	long line = xmlGetLineNo(n);
	const char *p = r->text ? line_start(r, line) : NULL;
	if (p == NULL)
		return NULL;
	int skip = 0;
	for (xmlNodePtr s = n->prev; s; s = s->prev)
		if (s->type == XML_ELEMENT_NODE && xmlGetLineNo(s) == line &&
		    strcmp((const char *)s->name, (const char *)n->name) == 0)
			skip++;
	const char *end = r->text + r->len;
	for (const char *q = p; q < end && *q != '\n'; q++)
		if (opens(r, q, (const char *)n->name) && skip-- == 0)
			return q;
	/* libxml2 gives a start tag that spans lines the line it ends on:
	 * the tag is the nearest one before. */
	for (const char *q = p; q > r->text; q--)
		if (opens(r, q - 1, (const char *)n->name))
			return q - 1;
	return p;
}

static SrcPos pos_at(const Reader *r, const char *at, long fallback_line)
{
	if (at == NULL)
		return (SrcPos){fallback_line > 0 ? fallback_line : 1, 1};
	/* The last line starting at or before at. */
	size_t off = (size_t)(at - r->text), lo = 0, hi = r->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (SrcPos){(long)lo + 1, column_of(r->text + r->starts[lo], at)};
}

static SrcPos elem_pos(const Reader *r, xmlNodePtr n)
{
	return pos_at(r, n ? tag_start(r, n) : NULL, n ? xmlGetLineNo(n) : 1);
}

/* The attribute's name inside the element's start tag, else the tag. */
static SrcPos attr_pos(const Reader *r, xmlNodePtr n, const char *attr)
{
	const char *q = tag_start(r, n);
	if (q == NULL)
		return elem_pos(r, n);
	size_t alen = strlen(attr);
	const char *end = r->text + r->len;
	for (const char *a = q; a < end && *a != '>'; a++)
		if (*a != '\0' && strchr(" \t\r\n", *a) && (size_t)(end - a) > alen + 1 &&
		    strncmp(a + 1, attr, alen) == 0 && a[1 + alen] != '\0' &&
		    strchr(" \t\r\n=", a[1 + alen]))
			return pos_at(r, a + 1, xmlGetLineNo(n));
	return elem_pos(r, n);
}

static void error_at(Reader *r, SrcPos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void error_at(Reader *r, SrcPos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char probe[1];
	va_list copy;
	va_copy(copy, ap);
	int len = vsnprintf(probe, sizeof probe, fmt, copy);
	va_end(copy);
	char *msg = xmalloc(len > 0 ? (size_t)len + 1 : 1);
	msg[0] = '\0';
	if (len > 0)
		vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	diag_at(r->d, DIAG_ERROR, r->t->file, pos.line, pos.col, NULL, "%s", msg);
	free(msg);
	r->errors++;
}

/* ---------------------------------------------------------------- */
/* Attributes                                                        */

static bool is_named(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr find(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (is_named(c, name))
			return c;
	return NULL;
}

/* The child element name of parent, reported when missing. */
static xmlNodePtr required(Reader *r, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = find(parent, name);
	if (n == NULL)
		error_at(r, elem_pos(r, parent), _("<%s> needs a <%s>"),
		         (const char *)parent->name, name);
	return n;
}

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s = v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* A number attribute in [lo, hi] (in the file's unit), times scale.
 * Absent: *out stays, an error unless optional. */
static void number(Reader *r, xmlNodePtr n, const char *name, double scale,
                   Range range, bool optional, double *out)
{
	double lo = range.min, hi = range.max;
	char *v = prop(n, name);
	if (v == NULL) {
		if (!optional)
			error_at(r, elem_pos(r, n), _("<%s> needs the attribute %s"),
			         (const char *)n->name, name);
		return;
	}
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (end == v || *end != '\0' || errno != 0 || !isfinite(x))
		error_at(r, attr_pos(r, n, name), _("attribute %s=\"%s\" is not a "
		         "length or size"), name, v);
	else if (x < lo || x > hi)
		error_at(r, attr_pos(r, n, name), _("attribute %s=\"%s\" is out of "
		         "range; give a number from %g to %g"), name, v, lo, hi);
	else
		*out = x * scale;
	free(v);
}

static bool yes(xmlNodePtr n, const char *name)
{
	char *v = prop(n, name);
	bool y = v && strcmp(v, "yes") == 0;
	free(v);
	return y;
}

static int index_of(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* ---------------------------------------------------------------- */
/* Page, fonts, styles                                               */

static void read_page(Reader *r, xmlNodePtr root)
{
	Template *t = r->t;
	xmlNodePtr page = find(root, "page"), rules = find(root, "rules");
	if (page == NULL || rules == NULL) {
		error_at(r, elem_pos(r, root), "%s", _("a template needs <page> and <rules>"));
		return;
	}
	number(r, page, "width", MM_TO_PT, PAGE_SIDE, false, &t->page_w);
	number(r, page, "height", MM_TO_PT, PAGE_SIDE, false, &t->page_h);
	number(r, page, "margin-top", MM_TO_PT, MARGIN, false, &t->margin_top);
	number(r, page, "margin-right", MM_TO_PT, MARGIN, false, &t->margin_right);
	number(r, page, "margin-bottom", MM_TO_PT, MARGIN, false, &t->margin_bottom);
	number(r, page, "margin-left", MM_TO_PT, MARGIN, false, &t->margin_left);
	number(r, rules, "outer", 1, RULE, false, &t->rule_outer);
	number(r, rules, "inner", 1, RULE, false, &t->rule_inner);
	double gray = 0.9;
	xmlNodePtr shade = find(root, "shade");
	if (shade)
		number(r, shade, "gray", 1, SHARE, true, &gray);
	t->shade = (Rgb){gray, gray, gray};
}

/* A <font>'s file, relative to the template's folder unless absolute;
 * NULL when it names none. */
static char *font_file(Reader *r, xmlNodePtr c)
{
	char *file = prop(c, "file");
	if (file != NULL && file[0] == '\0') {
		free(file);
		file = NULL;
	}
	if (file == NULL || file[0] == '/')
		return file;
	char *dir = path_dir(r->t->file);
	char *path = xasprintf("%s/%s", dir, file);
	free(dir);
	free(file);
	return path;
}

static void read_fonts(Reader *r, xmlNodePtr root)
{
	Template *t = r->t;
	size_t cap = 0, idcap = 0, poscap = 0, filecap = 0;
	for (xmlNodePtr c = find(root, "fonts") ? find(root, "fonts")->children : NULL;
	     c; c = c->next) {
		if (!is_named(c, "font"))
			continue;
		char *id = prop(c, "id"), *family = prop(c, "family");
		if (id == NULL || family == NULL || family[0] == '\0') {
			error_at(r, elem_pos(r, c), "%s", _("<font> needs id and family"));
			free(id);
			free(family);
			continue;
		}
		xgrow((void **)&t->fonts, &cap, t->nfonts + 1, sizeof *t->fonts);
		xgrow((void **)&t->font_ids, &idcap, t->nfonts + 1, sizeof *t->font_ids);
		xgrow((void **)&t->font_pos, &poscap, t->nfonts + 1, sizeof *t->font_pos);
		t->font_pos[t->nfonts] = attr_pos(r, c, "family");
		t->font_ids[t->nfonts] = id;
		xgrow((void **)&t->font_files, &filecap, t->nfonts + 1,
		      sizeof *t->font_files);
		t->font_files[t->nfonts] = font_file(r, c);
		t->fonts[t->nfonts++] = family;
	}
	if (t->nfonts == 0)
		error_at(r, elem_pos(r, root), "%s", _("the template names no fonts "
		         "(<fonts><font id=… family=…/></fonts>)"));
}

/* align, mode and vertical of a style, or a cell's override of align. */
static void read_align(Reader *r, xmlNodePtr c, Style *s)
{
	static const char *const aligns[] = {"left", "center", "right"};
	char *align = prop(c, "align");
	if (align) {
		int a = index_of(aligns, 3, align);
		if (a < 0)
			error_at(r, attr_pos(r, c, "align"),
			         _("align=\"%s\": use left, center or right"), align);
		else
			s->align = (Align)a;
	}
	free(align);
}

static void read_style(Reader *r, xmlNodePtr c, NamedStyle *ns)
{
	Template *t = r->t;
	char *font = prop(c, "font"), *mode = prop(c, "mode");
	int fi = index_of((const char *const *)t->font_ids, t->nfonts, font);
	if (fi < 0)
		error_at(r, attr_pos(r, c, "font"), _("style \"%s\" names an unknown "
		         "font \"%s\""), ns->name, font ? font : "");
	Style *s = &ns->st;
	*s = (Style){.font = fi < 0 ? 0 : (size_t)fi, .leading = 1.35,
	             .mode = BREAK_STRICT};
	number(r, c, "size", 1, TYPE_SIZE, false, &s->size);
	s->min_size = s->size;
	number(r, c, "min-size", 1, TYPE_SIZE, true, &s->min_size);
	number(r, c, "leading", 1, LEADING, true, &s->leading);
	number(r, c, "padding", MM_TO_PT, PADDING, true, &s->padding);
	number(r, c, "label-gap", 1, LABEL_GAP, true, &s->label_gap);
	read_align(r, c, s);
	if (mode && strcmp(mode, "normal") == 0)
		s->mode = BREAK_NORMAL;
	else if (mode && strcmp(mode, "strict") != 0)
		error_at(r, attr_pos(r, c, "mode"), _("mode=\"%s\": use strict or normal"),
		         mode);
	s->vertical = yes(c, "vertical");
	if (s->size > 0 && s->min_size > s->size)
		error_at(r, attr_pos(r, c, "min-size"), _("style \"%s\": min-size %g pt "
		         "is larger than size %g pt"), ns->name, s->min_size, s->size);
	ns->pos = attr_pos(r, c, "padding");
	free(font);
	free(mode);
}

static void read_styles(Reader *r, xmlNodePtr root)
{
	Template *t = r->t;
	size_t cap = 0;
	xmlNodePtr styles = find(root, "styles");
	for (xmlNodePtr c = styles ? styles->children : NULL; c; c = c->next) {
		if (!is_named(c, "style"))
			continue;
		char *name = prop(c, "name");
		if (name == NULL) {
			error_at(r, elem_pos(r, c), "%s", _("<style> needs a name"));
			continue;
		}
		xgrow((void **)&t->styles, &cap, t->nstyles + 1, sizeof *t->styles);
		NamedStyle *ns = &t->styles[t->nstyles++];
		ns->name = name;
		read_style(r, c, ns);
	}
}

/* The style named by n's attribute attr (required); *ix its index. */
static Style style_at(Reader *r, xmlNodePtr n, const char *attr, size_t *ix)
{
	char *name = prop(n, attr);
	*ix = 0;
	for (size_t i = 0; name && i < r->t->nstyles; i++)
		if (strcmp(r->t->styles[i].name, name) == 0) {
			free(name);
			*ix = i;
			return r->t->styles[i].st;
		}
	if (name == NULL)
		error_at(r, elem_pos(r, n), _("<%s> needs the attribute %s"),
		         (const char *)n->name, attr);
	else
		error_at(r, attr_pos(r, n, attr), _("unknown style \"%s\"; define it in "
		         "<styles>"), name);
	free(name);
	return r->t->nstyles ? r->t->styles[0].st : (Style){.size = 10, .leading = 1};
}

static Style style_of(Reader *r, xmlNodePtr n, const char *attr)
{
	size_t ix;
	return style_at(r, n, attr, &ix);
}

/* A style's padding must leave room for a line at its minimum size in
 * a cell w wide and (unless it grows, h 0) h high. */
static void check_room(Reader *r, size_t ix, const Style *st, double w, double h)
{
	if (r->errors > 0 || ix >= r->t->nstyles)
		return;
	const NamedStyle *ns = &r->t->styles[ix];
	double across = 2 * st->padding + st->min_size;
	double down = 2 * st->padding + st->min_size * st->leading;
	if (across > w + 1e-6)
		error_at(r, ns->pos, _("style \"%s\": its padding and min-size need "
		         "%.1f mm, more than its %.1f mm wide cell"), ns->name,
		         across / MM_TO_PT, w / MM_TO_PT);
	else if (h > 0 && down > h + 1e-6)
		error_at(r, ns->pos, _("style \"%s\": its padding and one line at "
		         "min-size need %.1f mm, more than its %.1f mm high cell"),
		         ns->name, down / MM_TO_PT, h / MM_TO_PT);
}

static void check_cells_room(Reader *r, const TCell *cells, size_t n, double h)
{
	for (size_t i = 0; i < n; i++) {
		const TCell *c = &cells[i];
		for (size_t k = 0; k < c->nrows; k++)
			check_cells_room(r, c->rows[k].cells, c->rows[k].ncells,
			                 c->rows[k].height);
		if (c->nrows == 0 && c->field != FIELD_SDGS)
			check_room(r, c->style, &c->st, c->w, h);
	}
}

/* ---------------------------------------------------------------- */
/* Content                                                           */

static const char *const value_names[VALUE_COUNT] = {
	"era-year", "fiscal-year", "priority", "page", "pages", "book-page",
	"sheets", "city", "initiative-number", "section", "stage"};

static void add_piece(Content *c, Piece p)
{
	c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
	c->v[c->n++] = p;
}

/* Indentation between elements is not text. */
static bool layout_space(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0' && strchr(s, '\n') != NULL;
}

static void read_field_piece(Reader *r, xmlNodePtr c, Content *out)
{
	char *name = prop(c, "name");
	int f = name ? field_by_name(name) : -1;
	if (f < 0)
		error_at(r, attr_pos(r, c, "name"), _("unknown field \"%s\"; the fields "
		         "are department, goal, comprehensive-plan, strategic-plan, "
		         "reform-plan, sdgs, situation, purpose, action, period, target, "
		         "interim, final, participation, outcomes"), name ? name : "");
	else
		add_piece(out, (Piece){PIECE_FIELD, prop(c, "join"), f, false});
	free(name);
}

static void read_value_piece(Reader *r, xmlNodePtr c, Content *out)
{
	char *name = prop(c, "name"), *digits = prop(c, "digits");
	int v = index_of(value_names, VALUE_COUNT, name);
	if (v < 0)
		error_at(r, attr_pos(r, c, "name"), _("unknown value \"%s\"; the values "
		         "are era-year, fiscal-year, priority, page, pages, book-page, "
		         "sheets, city, initiative-number, section, stage"),
		         name ? name : "");
	else if (digits && strcmp(digits, "wide") != 0 && strcmp(digits, "ascii") != 0)
		error_at(r, attr_pos(r, c, "digits"), _("digits=\"%s\": use wide or "
		         "ascii"), digits);
	else
		add_piece(out, (Piece){PIECE_VALUE, prop(c, "join"), v,
		                       digits && strcmp(digits, "wide") == 0});
	free(name);
	free(digits);
}

/* Text, <field> and <value> children of n, in order; other elements
 * are for the caller (skip names one it handles itself). */
static void read_content(Reader *r, xmlNodePtr n, const char *skip, Content *out)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)c->content;
			if (s && s[0] && !layout_space(s))
				add_piece(out, (Piece){PIECE_TEXT, xstrdup(s), 0, false});
		} else if (is_named(c, "field")) {
			read_field_piece(r, c, out);
		} else if (is_named(c, "value")) {
			read_value_piece(r, c, out);
		} else if (is_named(c, "br")) {
			/* A line break between values, where a bare &#10; would be
			 * taken for indentation. */
			add_piece(out, (Piece){PIECE_TEXT, xstrdup("\n"), 0, false});
		} else if (c->type == XML_ELEMENT_NODE &&
		           !(skip && strcmp((const char *)c->name, skip) == 0)) {
			error_at(r, elem_pos(r, c), _("<%s> cannot stand in <%s>"),
			         (const char *)c->name, (const char *)n->name);
		}
	}
}

/* The one field a content consists of, or -1. */
static int sole_field(const Content *c)
{
	return c->n == 1 && c->v[0].kind == PIECE_FIELD ? c->v[0].which : -1;
}

/* ---------------------------------------------------------------- */
/* Cells and bands                                                   */

typedef enum Place { IN_BAND, IN_BLOCK, IN_CONTINUED, IN_COVER } Place;

static void check_cell_fields(Reader *r, xmlNodePtr n, const TCell *cell,
                              Place place)
{
	for (size_t i = 0; i < cell->content.n; i++) {
		const Piece *p = &cell->content.v[i];
		bool column = p->kind == PIECE_FIELD && p->which < COL_COUNT;
		bool sdgs = p->kind == PIECE_FIELD && p->which == FIELD_SDGS;
		bool number = p->kind == PIECE_VALUE && p->which == VALUE_INITIATIVE_NUMBER;
		if (column || number)
			error_at(r, elem_pos(r, n), _("%s belongs in the table's <column>s"),
			         p->kind == PIECE_FIELD ? field_xml_name((Field)p->which)
			                                : "initiative-number");
		else if (sdgs && (place != IN_BAND || cell->content.n != 1))
			error_at(r, elem_pos(r, n), "%s", _("the field sdgs stands alone in "
			         "a cell of a <band>"));
	}
}

static void read_cell(Reader *r, xmlNodePtr n, Place place, TCell *cell);

static void read_rows(Reader *r, xmlNodePtr n, TCell *cell)
{
	size_t cap = 0;
	cell->field = -1;
	cell->pos = elem_pos(r, n);
	cell->w = -1;
	number(r, n, "width", MM_TO_PT, EXTENT, true, &cell->w);
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!is_named(c, "row"))
			continue;
		xgrow((void **)&cell->rows, &cap, cell->nrows + 1, sizeof *cell->rows);
		TRow *row = &cell->rows[cell->nrows++];
		*row = (TRow){0};
		number(r, c, "height", MM_TO_PT, EXTENT, false, &row->height);
		size_t ccap = 0;
		for (xmlNodePtr k = c->children; k; k = k->next) {
			if (!is_named(k, "cell"))
				continue;
			xgrow((void **)&row->cells, &ccap, row->ncells + 1, sizeof *row->cells);
			read_cell(r, k, IN_BAND, &row->cells[row->ncells++]);
		}
	}
}

static void read_badges(Reader *r, xmlNodePtr n, TCell *cell)
{
	cell->badge = 11 * MM_TO_PT;
	cell->badge_gap = 0.8 * MM_TO_PT;
	cell->badge_number = 0.28;
	cell->badge_split = 0.36;
	number(r, n, "badge", MM_TO_PT, EXTENT, true, &cell->badge);
	number(r, n, "badge-gap", MM_TO_PT, MIN_EXTENT, true, &cell->badge_gap);
	number(r, n, "badge-number", 1, SHARE, true, &cell->badge_number);
	number(r, n, "badge-split", 1, SHARE, true, &cell->badge_split);
	char *names = prop(n, "names");
	cell->names_beside = names && strcmp(names, "beside") == 0;
	if (names && !cell->names_beside && strcmp(names, "inside") != 0)
		error_at(r, attr_pos(r, n, "names"), _("attribute names=\"%s\": give "
		         "inside or beside"), names);
	free(names);
}

static void read_cell(Reader *r, xmlNodePtr n, Place place, TCell *cell)
{
	*cell = (TCell){.w = -1, .field = -1};
	cell->pos = elem_pos(r, n);
	number(r, n, "width", MM_TO_PT, EXTENT, true, &cell->w);
	cell->st = style_at(r, n, "style", &cell->style);
	read_align(r, n, &cell->st);
	cell->shaded = yes(n, "shade");
	cell->name = prop(n, "name");
	read_content(r, n, "heading", &cell->content);
	xmlNodePtr heading = find(n, "heading");
	if (heading) {
		cell->heading_st = style_of(r, heading, "style");
		read_content(r, heading, NULL, &cell->heading);
	}
	cell->field = sole_field(&cell->content);
	if (cell->field == FIELD_SDGS)
		read_badges(r, n, cell);
	check_cell_fields(r, n, cell, place);
}

/* Widths: fixed cells take theirs, the others share the rest equally. */
static void resolve_widths(Reader *r, SrcPos pos, TCell *cells, size_t n,
                           double x0, double width)
{
	double fixed = 0;
	size_t flexible = 0;
	for (size_t i = 0; i < n; i++) {
		if (cells[i].w < 0)
			flexible++;
		else
			fixed += cells[i].w;
	}
	double rest = width - fixed;
	if (rest < -WIDTH_SLACK || (flexible == 0 && rest > WIDTH_SLACK) ||
	    (flexible > 0 && rest < 1)) {
		error_at(r, pos, _("the cells add up to %.1f mm; the space is %.1f mm "
		         "(a cell without width takes what the others leave)"),
		         fixed / MM_TO_PT, width / MM_TO_PT);
		return;
	}
	double x = x0;
	for (size_t i = 0; i < n; i++) {
		TCell *c = &cells[i];
		if (c->w < 0)
			c->w = rest / (double)flexible;
		c->x = x;
		x += c->w;
		for (size_t k = 0; k < c->nrows; k++)
			resolve_widths(r, pos, c->rows[k].cells, c->rows[k].ncells, c->x, c->w);
	}
}

static void read_cells(Reader *r, xmlNodePtr n, Place place, TBand *b)
{
	size_t cap = 0;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		bool rows = is_named(c, "rows");
		if (!rows && !is_named(c, "cell")) {
			if (c->type == XML_ELEMENT_NODE)
				error_at(r, elem_pos(r, c), _("<%s> cannot stand in <%s>"),
				         (const char *)c->name, (const char *)n->name);
			continue;
		}
		xgrow((void **)&b->cells, &cap, b->ncells + 1, sizeof *b->cells);
		TCell *cell = &b->cells[b->ncells++];
		if (rows && place == IN_BAND) {
			*cell = (TCell){0};
			read_rows(r, c, cell);
			double h = 0;
			for (size_t i = 0; i < cell->nrows; i++)
				h += cell->rows[i].height;
			b->height = h;
		} else if (rows) {
			*cell = (TCell){.field = -1};
			error_at(r, elem_pos(r, c), _("<%s> cannot stand in <%s>"), "rows",
			         (const char *)n->name);
		} else {
			read_cell(r, c, place, cell);
		}
	}
	resolve_widths(r, b->pos, b->cells, b->ncells, 0, template_content_width(r->t));
}

static void read_column(Reader *r, xmlNodePtr c, TTable *tb, double *x)
{
	TColumn *col = &tb->cols[tb->ncols];
	*col = (TColumn){.field = -1};
	col->pos = elem_pos(r, c);
	number(r, c, "width", MM_TO_PT, EXTENT, false, &col->w);
	col->st = style_at(r, c, "style", &col->style);
	read_align(r, c, &col->st);
	col->name = prop(c, "name");
	char *field = prop(c, "field");
	int f = field ? field_by_name(field) : -1;
	Content head = {0};
	read_content(r, c, NULL, &head);
	bool number_col = head.n == 1 && head.v[0].kind == PIECE_VALUE &&
	                  head.v[0].which == VALUE_INITIATIVE_NUMBER;
	if (number_col) {
		content_free(&head);
		if (tb->number_col >= 0)
			error_at(r, col->pos, "%s", _("the table has two number columns"));
		tb->number_col = (int)tb->ncols;
	} else if (f < 0 || f >= COL_COUNT) {
		error_at(r, field ? attr_pos(r, c, "field") : col->pos,
		         _("<column field=\"%s\">: the step fields are action, period, "
		         "target, interim, final"), field ? field : "");
	} else {
		for (size_t i = 0; i < tb->ncols; i++)
			if (tb->cols[i].field == f)
				error_at(r, col->pos, _("the table has two %s columns"), field);
		col->field = f;
		if (f == COL_ACTION)
			tb->action_col = (int)tb->ncols;
	}
	col->head = head;
	col->x = *x;
	*x += col->w;
	tb->ncols++;
	free(field);
}

static void read_table(Reader *r, xmlNodePtr n, TBand *b)
{
	TTable *tb = &b->table;
	tb->number_col = tb->action_col = -1;
	tb->keep_lines = 3;
	number(r, n, "head-height", MM_TO_PT, EXTENT, false, &tb->head_h);
	number(r, n, "keep-lines", 1, LINES, true, &tb->keep_lines);
	tb->head_st = style_of(r, n, "head-style");
	double x = 0;
	xmlNodePtr carry = find(n, "carry-over");
	if (carry) {
		tb->title_after = prop(carry, "title-after");
		tb->label_after = prop(carry, "label-after");
	}
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!is_named(c, "column"))
			continue;
		if (tb->ncols == TABLE_MAX_COLUMNS) {
			error_at(r, elem_pos(r, c), _("a table has at most %d columns"),
			         TABLE_MAX_COLUMNS);
			break;
		}
		read_column(r, c, tb, &x);
	}
	double w = template_content_width(r->t);
	if (x > w + WIDTH_SLACK)
		error_at(r, b->pos, _("the table is wider than the page: its columns add "
		         "up to %.1f mm, the page has %.1f mm"), x / MM_TO_PT, w / MM_TO_PT);
	else if (x < w - WIDTH_SLACK)
		error_at(r, b->pos, _("the table's columns add up to %.1f mm, the page "
		         "has %.1f mm; widen one"), x / MM_TO_PT, w / MM_TO_PT);
	if (tb->action_col < 0)
		error_at(r, b->pos, "%s", _("the table needs an action column: the "
		         "initiatives' titles go there"));
}

static void read_band(Reader *r, xmlNodePtr n, TBand *b)
{
	*b = (TBand){0};
	b->pos = elem_pos(r, n);
	if (is_named(n, "table")) {
		b->kind = BAND_TABLE;
		read_table(r, n, b);
		return;
	}
	bool block = is_named(n, "block");
	b->kind = block ? BAND_BLOCK : BAND_FIXED;
	bool has_rows = find(n, "rows") != NULL;
	number(r, n, block ? "min-height" : "height", MM_TO_PT, block ? MIN_EXTENT : EXTENT,
	       block || has_rows, &b->height);
	read_cells(r, n, block ? IN_BLOCK : is_named(n, "continued") ? IN_CONTINUED
	                                                           : IN_BAND, b);
}

/* ---------------------------------------------------------------- */
/* The sheet                                                         */

static void read_footer(Reader *r, xmlNodePtr sheet)
{
	Template *t = r->t;
	xmlNodePtr f = required(r, sheet, "footer");
	if (f == NULL)
		return;
	number(r, f, "height", MM_TO_PT, EXTENT, false, &t->footer_h);
	size_t ix;
	t->footer_st = style_at(r, f, "style", &ix);
	check_room(r, ix, &t->footer_st, template_content_width(t), t->footer_h);
	xmlNodePtr alone = find(f, "alone"), in_book = find(f, "in-book");
	if (alone)
		read_content(r, alone, NULL, &t->footer);
	if (in_book)
		read_content(r, in_book, NULL, &t->footer_book);
	xmlNodePtr cover = find(f, "cover");
	if (cover)
		read_content(r, cover, NULL, &t->footer_cover);
}

/* A label's words on one line: "現況・\n課題" → "現況・課題". */
static char *label_words(const Content *c)
{
	Buf b = {0};
	buf_adds(&b, "");
	for (size_t i = 0; i < c->n; i++)
		for (const char *p = c->v[i].kind == PIECE_TEXT ? c->v[i].text : "";
		     *p; p++)
			if (*p != '\n')
				buf_addc(&b, *p);
	return buf_take(&b);
}

static void name_field(Template *t, int f, const char *name, const Content *label)
{
	t->printed |= 1ul << f;
	if (t->field_names[f] != NULL)
		return;
	if (name)
		t->field_names[f] = xstrdup(name);
	else if (label && label->n > 0 && content_is_label(label))
		t->field_names[f] = label_words(label);
}

static void mark_printed(Template *t, const TCell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const TCell *c = &cells[i];
		const Content *left = i > 0 ? &cells[i - 1].content : NULL;
		for (size_t k = 0; k < c->content.n; k++)
			if (c->content.v[k].kind == PIECE_FIELD)
				name_field(t, c->content.v[k].which, c->name,
				           c->heading.n ? &c->heading : left);
		for (size_t k = 0; k < c->nrows; k++)
			mark_printed(t, c->rows[k].cells, c->rows[k].ncells);
	}
}

static void note_printed(Template *t)
{
	for (size_t i = 0; i < t->nbands; i++) {
		const TBand *b = &t->bands[i];
		mark_printed(t, b->cells, b->ncells);
		for (size_t k = 0; k < b->table.ncols; k++) {
			const TColumn *c = &b->table.cols[k];
			if (c->field >= 0)
				name_field(t, c->field, c->name, &c->head);
		}
	}
}

/* A page must hold the tallest band, the top bands, and a continuation
 * page at least its band, the table's header and one line. */
static void check_heights(Reader *r)
{
	const Template *t = r->t;
	double room = t->page_h - t->margin_top - t->margin_bottom - t->footer_h;
	double top = 0;
	bool flowing = false;
	for (size_t i = 0; i < t->nbands; i++) {
		const TBand *b = &t->bands[i];
		double h = b->kind == BAND_TABLE ? b->table.head_h : b->height;
		if (h > room)
			error_at(r, b->pos, _("this band is taller than a page: %.1f mm, the "
			         "page has %.1f mm"), h / MM_TO_PT, room / MM_TO_PT);
		if (b->kind == BAND_FIXED && !flowing)
			top += h;
		flowing = flowing || b->kind != BAND_FIXED;
	}
	if (top > room)
		error_at(r, t->nbands ? t->bands[0].pos : (SrcPos){1, 1},
		         _("the bands atop the first page are %.1f mm tall, the page has "
		         "%.1f mm"), top / MM_TO_PT, room / MM_TO_PT);
	for (size_t i = 0; i < t->nbands; i++)
		if (t->bands[i].kind == BAND_TABLE &&
		    t->continued.height + t->bands[i].table.head_h + 20 > room)
			error_at(r, t->continued.pos, "%s", _("the continuation band and the "
			         "table's header leave no room for a line on a page"));
}

/* <sheet pages="fewest|N" min-leading="EM">: the page budget. */
static void read_budget(Reader *r, xmlNodePtr sheet)
{
	Template *t = r->t;
	t->min_leading = 1.15;
	number(r, sheet, "min-leading", 1, LEADING, true, &t->min_leading);
	char *v = prop(sheet, "pages");
	if (v == NULL)
		return;
	char *end;
	long n = strtol(v, &end, 10);
	if (strcmp(v, "fewest") == 0)
		t->pages = PAGES_FEWEST;
	else if (v[0] >= '1' && v[0] <= '9' && *end == '\0' && n <= 99)
		t->pages = (int)n;
	else
		error_at(r, attr_pos(r, sheet, "pages"), _("attribute pages=\"%s\": "
		         "give fewest or a number of pages from 1 to 99"), v);
	free(v);
}

static void read_sheet(Reader *r, xmlNodePtr root)
{
	Template *t = r->t;
	xmlNodePtr sheet = required(r, root, "sheet");
	if (sheet == NULL)
		return;
	read_footer(r, sheet);
	read_budget(r, sheet);
	size_t cap = 0;
	int tables = 0;
	for (xmlNodePtr c = sheet->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_named(c, "footer"))
			continue;
		if (is_named(c, "continued")) {
			template_band_free(&t->continued);
			read_band(r, c, &t->continued);
			continue;
		}
		if (!is_named(c, "band") && !is_named(c, "block") && !is_named(c, "table")) {
			error_at(r, elem_pos(r, c), _("<%s> cannot stand in <%s>"),
			         (const char *)c->name, "sheet");
			continue;
		}
		tables += is_named(c, "table");
		xgrow((void **)&t->bands, &cap, t->nbands + 1, sizeof *t->bands);
		read_band(r, c, &t->bands[t->nbands++]);
	}
	if (tables != 1)
		error_at(r, elem_pos(r, sheet), "%s", _("a <sheet> has one <table>"));
	note_printed(t);
	if (r->errors == 0)
		check_heights(r);
	for (size_t i = 0; i < t->nbands; i++) {
		const TBand *b = &t->bands[i];
		check_cells_room(r, b->cells, b->ncells,
		                 b->kind == BAND_FIXED ? b->height : 0);
		for (size_t k = 0; k < b->table.ncols; k++)
			check_room(r, b->table.cols[k].style, &b->table.cols[k].st,
			           b->table.cols[k].w, 0);
	}
	check_cells_room(r, t->continued.cells, t->continued.ncells,
	                 t->continued.height);
}

/* ---------------------------------------------------------------- */
/* The book                                                          */

static void read_named_content(Reader *r, xmlNodePtr parent, const char *name,
                               Content *out)
{
	xmlNodePtr n = required(r, parent, name);
	if (n)
		read_content(r, n, NULL, out);
}

static void read_cover(Reader *r, xmlNodePtr cover)
{
	TCover *cv = &r->t->cover;
	number(r, cover, "top", MM_TO_PT, MIN_EXTENT, false, &cv->top);
	number(r, cover, "gap", MM_TO_PT, MIN_EXTENT, false, &cv->gap);
	number(r, cover, "indent", MM_TO_PT, MIN_EXTENT, false, &cv->indent);
	size_t cap = 0;
	for (xmlNodePtr c = cover->children; c; c = c->next) {
		if (!is_named(c, "heading"))
			continue;
		xgrow((void **)&cv->headings, &cap, cv->nheadings + 1, sizeof *cv->headings);
		THeading *h = &cv->headings[cv->nheadings++];
		*h = (THeading){.st = style_of(r, c, "style"), .pos = elem_pos(r, c)};
		read_content(r, c, NULL, &h->content);
	}
	xmlNodePtr entry = required(r, cover, "entry");
	if (entry == NULL)
		return;
	TBand b = {.pos = elem_pos(r, entry)};
	size_t ecap = 0;
	for (xmlNodePtr c = entry->children; c; c = c->next) {
		if (!is_named(c, "cell"))
			continue;
		xgrow((void **)&b.cells, &ecap, b.ncells + 1, sizeof *b.cells);
		read_cell(r, c, IN_COVER, &b.cells[b.ncells++]);
	}
	resolve_widths(r, b.pos, b.cells, b.ncells, cv->indent,
	               template_content_width(r->t) - 2 * cv->indent);
	cv->entry = b.cells;
	cv->nentry = b.ncells;
}

static void read_book(Reader *r, xmlNodePtr root)
{
	Template *t = r->t;
	xmlNodePtr book = required(r, root, "book");
	if (book == NULL)
		return;
	xmlNodePtr cover = required(r, book, "cover");
	if (cover)
		read_cover(r, cover);
	xmlNodePtr labels = required(r, book, "page-labels");
	char *numbering = labels ? prop(labels, "numbering") : NULL;
	if (numbering && strcmp(numbering, "book") == 0)
		t->labels_by_book_page = true;
	else if (numbering)
		error_at(r, attr_pos(r, labels, "numbering"), _("numbering=\"%s\": "
		         "the one numbering is book (the book's page numbers)"),
		         numbering);
	else if (labels) {
		read_named_content(r, labels, "cover", &t->cover_label);
		read_named_content(r, labels, "sheet", &t->sheet_label);
	}
	free(numbering);
	read_named_content(r, book, "outline", &t->outline);
	xmlNodePtr info = required(r, book, "info");
	if (info) {
		read_named_content(r, info, "title", &t->info_title);
		read_named_content(r, info, "subject", &t->info_subject);
		read_named_content(r, info, "keywords", &t->info_keywords);
	}
}

/* ---------------------------------------------------------------- */
/* The whole                                                         */

static char *element_text(xmlNodePtr n)
{
	xmlChar *s = n ? xmlNodeGetContent(n) : NULL;
	char *out = xstrdup(s ? (const char *)s : "");
	xmlFree(s);
	return out;
}

/* <stages plan="…" interim="…" final="…"/>: what <value name="stage"/>
 * prints (nothing without them). */
static void read_stage_names(Reader *r, xmlNodePtr root)
{
	xmlNodePtr n = find(root, "stages");
	for (int i = 0; n && i < 3; i++)
		r->t->stage_names[i] = prop(n, stage_name((Stage)i));
}

/* <sdg-names><name goal="1">貧困を/なくそう</name>…: the phrases of
 * each goal's name. */
static void read_sdg_names(Reader *r, xmlNodePtr root)
{
	Template *t = r->t;
	xmlNodePtr names = find(root, "sdg-names");
	for (xmlNodePtr c = names ? names->children : NULL; c; c = c->next) {
		if (!is_named(c, "name"))
			continue;
		double goal = 0;
		number(r, c, "goal", 1, (Range){1, 17}, false, &goal);
		int g = (int)goal;
		if (g < 1 || goal != g)
			continue;
		if (t->sdg_names[g - 1])
			error_at(r, elem_pos(r, c), _("SDG %d is named twice"), g);
		free(t->sdg_names[g - 1]);
		t->sdg_names[g - 1] = element_text(c);
	}
}

static void read_texts(Reader *r, xmlNodePtr root)
{
	Template *t = r->t;
	xmlNodePtr ph = find(root, "placeholder"), draft = find(root, "draft");
	t->placeholder = element_text(ph);
	read_stage_names(r, root);
	t->draft = element_text(draft);
	read_sdg_names(r, root);
	t->mark_scale = 0.6;
	t->mark_angle = 30;
	t->mark_gray = 0.88;
	if (draft == NULL || ph == NULL) {
		error_at(r, elem_pos(r, root), "%s", _("a template needs <placeholder> "
		         "and <draft>"));
		return;
	}
	t->mark_st = style_of(r, draft, "style");
	t->mark_pos = elem_pos(r, draft);
	number(r, draft, "scale", 1, SHARE, true, &t->mark_scale);
	number(r, draft, "angle", 1, (Range){-90, 90}, true, &t->mark_angle);
	number(r, draft, "gray", 1, SHARE, true, &t->mark_gray);
}

static bool right_root(Reader *r, xmlNodePtr root, const char *path)
{
	if (is_named(root, "template") && root->ns &&
	    strcmp((const char *)root->ns->href, NS) == 0)
		return true;
	if (is_named(root, "template"))
		error_at(r, elem_pos(r, root), _("'%s' is a template of an older form "
		         "or another namespace; goalsheet reads <template xmlns=\"%s\"> "
		         "(goalsheet-template(5))"), path, NS);
	else
		error_at(r, elem_pos(r, root), _("'%s' is not a goalsheet template "
		         "(<template>)"), path);
	return false;
}

Template *template_load(const char *path, Diag *d)
{
	xmlDocPtr doc = xml_read_safe(path, d);
	if (doc == NULL) {
		d->system_error = true;
		return NULL;
	}
	Template *t = xcalloc(1, sizeof *t);
	t->file = xstrdup(path);
	Reader r = {.t = t, .d = d};
	r.text = read_file(path, &r.len);
	index_lines(&r);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (right_root(&r, root, path)) {
		t->name = prop(root, "name");
		t->title = prop(root, "title");
		t->city = prop(root, "city");
		if (t->name == NULL || t->title == NULL)
			error_at(&r, elem_pos(&r, root), "%s", _("<template> needs a name "
			         "and a title"));
		if (t->city == NULL)
			t->city = xstrdup("");
		read_page(&r, root);
		read_fonts(&r, root);
		read_styles(&r, root);
		read_texts(&r, root);
		if (r.errors == 0 && template_content_width(t) < 20 * MM_TO_PT)
			error_at(&r, elem_pos(&r, find(root, "page")), "%s",
			         _("the margins leave no room on the page"));
		if (r.errors == 0) {
			read_sheet(&r, root);
			read_book(&r, root);
		}
	}
	free(r.text);
	free(r.starts);
	xmlFreeDoc(doc);
	if (r.errors > 0) {
		d->system_error = true;
		template_free(t);
		return NULL;
	}
	return t;
}

char *template_title(const char *path)
{
	Diag quiet = {0};
	xmlDocPtr doc = xml_read_safe(path, &quiet);
	if (doc == NULL)
		return NULL;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char *title = is_named(root, "template") ? prop(root, "title") : NULL;
	xmlFreeDoc(doc);
	return title;
}
