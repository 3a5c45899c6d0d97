/* template.c: see template.h.  The template file is read with the
 * loader's safe parser; its elements are matched by name and their
 * attributes read through small tables, so adding a dimension is one
 * line here and one attribute in the file. */
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

typedef struct Reader {
	Template *t;
	Diag *d;
	int errors;
	char *src;                       /* the file's text, for columns */
	xmlNodePtr styles[ROLE_COUNT];   /* each role's <style>, for messages */
} Reader;

static long column_of(const char *line_start, const char *at)
{
	long col = 1;
	for (const char *c = line_start; c < at; c++)
		if (((unsigned char)*c & 0xC0) != 0x80)
			col++;
	return col;
}

/* Where n's tag starts in the source, or its attribute attr when that is
 * not NULL: libxml2 keeps an element's line only (the line its start tag
 * ends on), so the tag is the last one of its name up to that line's
 * end.  Line 1 column 1 when the source and the tree disagree. */
static SrcPos source_pos(const Reader *r, xmlNodePtr n, const char *attr)
{
	long line = n ? xmlGetLineNo(n) : 1;
	const char *eol = r->src;
	for (long l = 0; eol && l < line; l++) {
		eol = strchr(eol + (l > 0), '\n');
	}
	if (eol == NULL && r->src != NULL)
		eol = r->src + strlen(r->src);
	if (eol == NULL || n == NULL || line <= 0)
		return (SrcPos){line > 0 ? line : 1, 1};
	size_t nlen = strlen((const char *)n->name);
	const char *at = NULL;
	for (const char *q = eol; q-- > r->src && at == NULL;)
		if (*q == '<' && strncmp(q + 1, (const char *)n->name, nlen) == 0 &&
		    strchr(" \t\r\n/>", q[1 + nlen]))
			at = q;
	if (at == NULL)
		return (SrcPos){line, 1};
	const char *end = strchr(at, '>');
	if (attr != NULL && end != NULL) {
		size_t alen = strlen(attr);
		for (const char *q = at + 1 + nlen; q + alen < end; q++) {
			if (strchr(" \t\r\n", q[-1]) && strncmp(q, attr, alen) == 0 &&
			    strchr(" \t\r\n=", q[alen])) {
				at = q;
				break;
			}
		}
	}
	long at_line = 1;
	const char *start = r->src;
	for (const char *c = r->src; c < at; c++)
		if (*c == '\n') {
			at_line++;
			start = c + 1;
		}
	return (SrcPos){at_line, column_of(start, at)};
}

static void template_verror(Reader *r, SrcPos pos, const char *fmt, va_list ap)
{
	char probe[1];
	va_list copy;
	va_copy(copy, ap);
	int len = vsnprintf(probe, sizeof probe, fmt, copy);
	va_end(copy);
	char *msg = xmalloc(len > 0 ? (size_t)len + 1 : 1);
	msg[0] = '\0';
	if (len > 0)
		vsnprintf(msg, (size_t)len + 1, fmt, ap);
	diag_at(r->d, DIAG_ERROR, r->t->file, pos.line, pos.col, NULL, "%s", msg);
	free(msg);
	r->errors++;
}

static void template_error(Reader *r, xmlNodePtr n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void template_error(Reader *r, xmlNodePtr n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	template_verror(r, source_pos(r, n, NULL), fmt, ap);
	va_end(ap);
}

/* An error about the attribute attr of n, at the attribute. */
static void attr_error(Reader *r, xmlNodePtr n, const char *attr,
                       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void attr_error(Reader *r, xmlNodePtr n, const char *attr,
                       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	template_verror(r, source_pos(r, n, attr), fmt, ap);
	va_end(ap);
}

static xmlChar *prop(xmlNodePtr n, const char *name)
{
	return xmlGetNoNsProp(n, (const xmlChar *)name);
}

/* The numbers a template may give: what the file writes (mm, pt, em
 * or a gray level), before scaling. */
typedef struct Range {
	double min, max;
} Range;

static const Range PAGE_SIDE = {50, 2000};     /* mm: smaller than A0 × 2 */
static const Range MARGIN = {0, 100};          /* mm */
static const Range RULE = {0, 5};              /* pt */
static const Range GRAY = {0, 1};
static const Range TYPE_SIZE = {1, 100};       /* pt */
static const Range LEADING = {1, 3};           /* em: lines never overlap */
static const Range PADDING = {0, 20};          /* mm */
static const Range LABEL_GAP = {0, 5};         /* em */
static const Range EXTENT = {1, 1000};         /* mm: widths and heights */
static const Range MIN_EXTENT = {0, 1000};     /* mm: minimum heights */

/* Reads a number attribute within range; scale converts units (mm →
 * pt).  A missing attribute keeps *out when optional, else is an error.
 * Errors point at the attribute. */
static void read_number(Reader *r, xmlNodePtr n, const char *name, double scale,
                        bool optional, Range range, double *out)
{
	xmlChar *v = prop(n, name);
	if (v == NULL) {
		if (!optional)
			template_error(r, n, _("<%s> needs the attribute %s"),
			               (const char *)n->name, name);
		return;
	}
	char *end;
	errno = 0;
	double x = strtod((const char *)v, &end);
	if (end == (char *)v || *end != '\0' || errno != 0 || !isfinite(x))
		attr_error(r, n, name, _("attribute %s=\"%s\" is not a length or size"),
		           name, (const char *)v);
	else if (x < range.min || x > range.max)
		attr_error(r, n, name, _("attribute %s=\"%s\" is out of range; give a "
		           "number from %g to %g"), name, (const char *)v, range.min,
		           range.max);
	else
		*out = x * scale;
	xmlFree(v);
}

static bool is_named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr find(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (is_named(c, name))
			return c;
	return NULL;
}

typedef struct NumberAttr {
	const char *name;
	size_t offset;       /* into Template */
	double scale;
	Range range;
} NumberAttr;

#define MM(field, attr, range) {attr, offsetof(Template, field), MM_TO_PT, range}
#define PT(field, attr, range) {attr, offsetof(Template, field), 1.0, range}
/* Most of the grid's numbers are widths or heights. */
#define LEN(field, attr) MM(field, attr, EXTENT)

static void read_numbers(Reader *r, xmlNodePtr n, const NumberAttr *attrs,
                         size_t count)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		read_number(r, n, attrs[i].name, attrs[i].scale, false, attrs[i].range,
		            (double *)((char *)r->t + attrs[i].offset));
}

static void read_element_numbers(Reader *r, xmlNodePtr grid_or_root,
                                 const char *element, const NumberAttr *attrs,
                                 size_t count)
{
	xmlNodePtr n = find(grid_or_root, element);
	if (n == NULL)
		template_error(r, grid_or_root, _("<%s> needs a <%s> element"),
		               (const char *)grid_or_root->name, element);
	read_numbers(r, n, attrs, count);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void read_page(Reader *r, xmlNodePtr root)
{
	static const NumberAttr page[] = {
		MM(page_w, "width", PAGE_SIDE), MM(page_h, "height", PAGE_SIDE),
		MM(margin_top, "margin-top", MARGIN),
		MM(margin_right, "margin-right", MARGIN),
		MM(margin_bottom, "margin-bottom", MARGIN),
		MM(margin_left, "margin-left", MARGIN)};
	static const NumberAttr rules[] = {
		PT(rule_outer, "outer", RULE), PT(rule_inner, "inner", RULE)};
	read_element_numbers(r, root, "page", page, COUNT(page));
	read_element_numbers(r, root, "rules", rules, COUNT(rules));
	double gray = 0.9;
	xmlNodePtr shade = find(root, "shade");
	if (shade)
		read_number(r, shade, "gray", 1.0, true, GRAY, &gray);
	r->t->shade = (Rgb){gray, gray, gray};
}

static void read_fonts(Reader *r, xmlNodePtr root, char ***ids)
{
	xmlNodePtr fonts = find(root, "fonts");
	size_t cap = 0, idcap = 0, nids = 0;
	for (xmlNodePtr c = fonts ? fonts->children : NULL; c; c = c->next) {
		if (!is_named(c, "font"))
			continue;
		xmlChar *id = prop(c, "id"), *family = prop(c, "family");
		if (id == NULL || family == NULL) {
			template_error(r, c, "%s", _("<font> needs id and family"));
		} else {
			xgrow((void **)&r->t->fonts, &cap, r->t->nfonts + 1, sizeof(char *));
			xgrow((void **)ids, &idcap, nids + 1, sizeof(char *));
			r->t->fonts[r->t->nfonts++] = xstrdup((const char *)family);
			(*ids)[nids++] = xstrdup((const char *)id);
		}
		xmlFree(id);
		xmlFree(family);
	}
	if (r->t->nfonts == 0)
		template_error(r, root, "%s", _("the template names no fonts "
		               "(<fonts><font id=… family=…/></fonts>)"));
}

static const char *const role_names[ROLE_COUNT] = {
	"title", "header", "label", "goal", "plan", "block", "column-head",
	"number", "cell", "remarks-label", "remarks-head", "remarks", "sdg",
	"footer", "cover-title", "cover"};

static int index_of(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static void read_style_enums(Reader *r, xmlNodePtr c, Style *s)
{
	xmlChar *align = prop(c, "align"), *mode = prop(c, "mode"),
	        *vertical = prop(c, "vertical");
	if (align) {
		static const char *const aligns[] = {"left", "center", "right"};
		int a = index_of(aligns, 3, (const char *)align);
		if (a < 0)
			template_error(r, c, _("align=\"%s\": use left, center or right"),
			               (const char *)align);
		else
			s->align = (Align)a;
	}
	if (mode) {
		if (strcmp((const char *)mode, "normal") == 0)
			s->mode = BREAK_NORMAL;
		else if (strcmp((const char *)mode, "strict") != 0)
			template_error(r, c, _("mode=\"%s\": use strict or normal"),
			               (const char *)mode);
	}
	s->vertical = vertical && strcmp((const char *)vertical, "yes") == 0;
	xmlFree(align);
	xmlFree(mode);
	xmlFree(vertical);
}

static void read_style(Reader *r, xmlNodePtr c, char **ids)
{
	xmlChar *role = prop(c, "role"), *font = prop(c, "font");
	int ri = role ? index_of(role_names, ROLE_COUNT, (const char *)role) : -1;
	int fi = font ? index_of((const char *const *)ids, r->t->nfonts,
	                         (const char *)font) : -1;
	if (ri < 0)
		template_error(r, c, _("unknown style role \"%s\""),
		               role ? (const char *)role : "");
	else if (fi < 0)
		template_error(r, c, _("style \"%s\" names an unknown font \"%s\""),
		               (const char *)role, font ? (const char *)font : "");
	else {
		Style *s = &r->t->styles[ri];
		*s = (Style){.font = (size_t)fi, .leading = 1.35, .mode = BREAK_STRICT};
		r->styles[ri] = c;
		read_number(r, c, "size", 1.0, false, TYPE_SIZE, &s->size);
		s->min_size = s->size;
		read_number(r, c, "min-size", 1.0, true, TYPE_SIZE, &s->min_size);
		read_number(r, c, "leading", 1.0, true, LEADING, &s->leading);
		read_number(r, c, "padding", MM_TO_PT, true, PADDING, &s->padding);
		read_number(r, c, "label-gap", 1.0, true, LABEL_GAP, &s->label_gap);
		read_style_enums(r, c, s);
		if (s->size > 0 && s->min_size > s->size)
			attr_error(r, c, "min-size", _("style \"%s\": min-size %g pt is "
			           "larger than size %g pt"), (const char *)role,
			           s->min_size, s->size);
	}
	xmlFree(role);
	xmlFree(font);
}

static void read_styles(Reader *r, xmlNodePtr root, char **ids)
{
	xmlNodePtr styles = find(root, "styles");
	bool seen[ROLE_COUNT] = {false};
	for (xmlNodePtr c = styles ? styles->children : NULL; c; c = c->next) {
		if (!is_named(c, "style"))
			continue;
		xmlChar *role = prop(c, "role");
		int ri = role ? index_of(role_names, ROLE_COUNT, (const char *)role) : -1;
		if (ri >= 0)
			seen[ri] = true;
		xmlFree(role);
		read_style(r, c, ids);
	}
	for (int i = 0; i < ROLE_COUNT; i++)
		if (!seen[i])
			template_error(r, styles ? styles : root,
			               _("no style for the role \"%s\""), role_names[i]);
}

static const char *const label_names[LABEL_COUNT] = {
	"title", "department", "priority", "priority-suffix", "goal",
	"comprehensive-plan", "strategic-plan", "reform-plan", "sdgs",
	"situation", "purpose", "action", "period", "target", "interim", "final",
	"remarks", "participation", "outcomes", "continued", "placeholder",
	"draft", "cover-title", "cover-page"};

static void read_labels(Reader *r, xmlNodePtr root)
{
	xmlNodePtr labels = find(root, "labels");
	for (xmlNodePtr c = labels ? labels->children : NULL; c; c = c->next) {
		if (!is_named(c, "label"))
			continue;
		xmlChar *key = prop(c, "key");
		int k = key ? index_of(label_names, LABEL_COUNT, (const char *)key) : -1;
		if (k < 0) {
			template_error(r, c, _("unknown label key \"%s\""),
			               key ? (const char *)key : "");
		} else {
			xmlChar *text = xmlNodeGetContent(c);
			free(r->t->labels[k]);
			r->t->labels[k] = xstrdup(text ? (const char *)text : "");
			r->t->label_pos[k] = source_pos(r, c, NULL);
			xmlFree(text);
		}
		xmlFree(key);
	}
	for (int k = 0; k < LABEL_COUNT; k++)
		if (r->t->labels[k] == NULL)
			template_error(r, labels ? labels : root,
			               _("no label for the key \"%s\""), label_names[k]);
}

static void read_alignment_rows(Reader *r, xmlNodePtr al)
{
	static const char *const plans[PLAN_COUNT] = {
		"comprehensive-plan", "strategic-plan", "reform-plan"};
	Template *t = r->t;
	for (xmlNodePtr c = al ? al->children : NULL; c; c = c->next) {
		if (!is_named(c, "row"))
			continue;
		xmlChar *field = prop(c, "field");
		int p = field ? index_of(plans, PLAN_COUNT, (const char *)field) : -1;
		if (p < 0 || t->nplan_rows == PLAN_COUNT)
			template_error(r, c, _("<row field=\"%s\">: the fields are "
			               "comprehensive-plan, strategic-plan, reform-plan"),
			               field ? (const char *)field : "");
		else {
			t->plan_rows[t->nplan_rows] = (Plan)p;
			read_number(r, c, "height", MM_TO_PT, false, EXTENT,
			            &t->plan_row_h[t->nplan_rows]);
			t->nplan_rows++;
		}
		xmlFree(field);
	}
}

static void read_table(Reader *r, xmlNodePtr table)
{
	Template *t = r->t;
	for (xmlNodePtr c = table ? table->children : NULL; c; c = c->next) {
		if (!is_named(c, "column"))
			continue;
		xmlChar *field = prop(c, "field");
		int col = -1;
		for (int i = 0; field && i < COL_COUNT; i++)
			if (strcmp(column_name((Column)i), (const char *)field) == 0)
				col = i;
		if (col < 0 || t->ncolumns == COL_COUNT)
			template_error(r, c, _("<column field=\"%s\">: the fields are "
			               "action, period, target, interim, final"),
			               field ? (const char *)field : "");
		else {
			t->columns[t->ncolumns] = (TableColumn){(Column)col, 0};
			read_number(r, c, "width", MM_TO_PT, false, EXTENT,
			            &t->columns[t->ncolumns].width);
			t->ncolumns++;
		}
		xmlFree(field);
	}
	if (t->ncolumns == 0 || t->columns[0].field != COL_ACTION)
		template_error(r, table ? table : NULL, "%s", _("the table's first "
		               "column must be the action column"));
}

static void read_grid(Reader *r, xmlNodePtr root)
{
	static const NumberAttr header[] = {
		LEN(header_h, "height"), LEN(header_year_w, "year-width"),
		LEN(header_dept_label_w, "department-label-width"),
		LEN(header_dept_w, "department-width"),
		LEN(header_prio_label_w, "priority-label-width"),
		LEN(header_prio_w, "priority-width"),
		LEN(continued_h, "continued-height")};
	static const NumberAttr goal[] = {
		LEN(goal_h, "height"), LEN(goal_label_w, "label-width")};
	static const NumberAttr alignment[] = {
		LEN(plan_label_w, "label-width"), LEN(sdg_label_w, "sdg-label-width"),
		LEN(sdg_area_w, "sdg-width"), LEN(sdg_badge, "badge")};
	static const NumberAttr blocks[] = {
		LEN(block_label_w, "label-width"),
		MM(block_min_h, "min-height", MIN_EXTENT)};
	static const NumberAttr table[] = {
		LEN(number_w, "number-width"), LEN(table_head_h, "header-height")};
	static const NumberAttr remarks[] = {
		LEN(remarks_label_w, "label-width"),
		MM(remarks_min_h, "min-height", MIN_EXTENT)};
	static const NumberAttr footer[] = {LEN(footer_h, "height")};
	xmlNodePtr grid = find(root, "grid");
	if (grid == NULL) {
		template_error(r, root, "%s", _("the template has no <grid>"));
		return;
	}
	read_element_numbers(r, grid, "header", header, COUNT(header));
	read_element_numbers(r, grid, "goal", goal, COUNT(goal));
	read_element_numbers(r, grid, "alignment", alignment, COUNT(alignment));
	read_element_numbers(r, grid, "blocks", blocks, COUNT(blocks));
	read_element_numbers(r, grid, "table", table, COUNT(table));
	read_element_numbers(r, grid, "remarks", remarks, COUNT(remarks));
	read_element_numbers(r, grid, "footer", footer, COUNT(footer));
	read_alignment_rows(r, find(grid, "alignment"));
	read_table(r, find(grid, "table"));
}

/* The grid must add up: the fixed cells of each band fit the page. */
static void check_widths(Reader *r, xmlNodePtr root)
{
	const Template *t = r->t;
	double w = template_content_width(t);
	double table = t->number_w;
	for (size_t i = 0; i < t->ncolumns; i++)
		table += t->columns[i].width;
	double header = t->header_year_w + t->header_dept_label_w + t->header_dept_w +
	                t->header_prio_label_w + t->header_prio_w;
	double align = t->plan_label_w + t->sdg_label_w + t->sdg_area_w;
	if (fabs(table - w) > 0.5)
		template_error(r, root, _("the table's columns add up to %.1f mm, the "
		               "page %.1f mm"), table / MM_TO_PT, w / MM_TO_PT);
	if (header >= w || align >= w || t->goal_label_w >= w ||
	    t->block_label_w >= w || w <= 0)
		template_error(r, root, "%s", _("the header, alignment or label widths "
		               "leave no room on the page"));
}

/* A cell of the grid, for check_room: width and height in pt (height 0
 * when the cell grows with its text). */
typedef struct RoleCell {
	Role role;
	double w, h;
} RoleCell;

static void check_cell_room(Reader *r, RoleCell c)
{
	const Style *st = &r->t->styles[c.role];
	double across = 2 * st->padding + st->min_size;
	double down = 2 * st->padding + st->min_size * st->leading;
	const char *role = role_names[c.role];
	if (across > c.w + 1e-6)
		attr_error(r, r->styles[c.role], "padding", _("style \"%s\": its "
		           "padding and min-size need %.1f mm, more than its %.1f mm "
		           "wide cell"), role, across / MM_TO_PT, c.w / MM_TO_PT);
	else if (c.h > 0 && down > c.h + 1e-6)
		attr_error(r, r->styles[c.role], "padding", _("style \"%s\": its "
		           "padding and one line at min-size need %.1f mm, more than "
		           "its %.1f mm high cell"), role, down / MM_TO_PT,
		           c.h / MM_TO_PT);
}

/* Every style's padding leaves room for a line of text at its minimum
 * size in each fixed cell it is set in. */
static void check_room(Reader *r)
{
	const Template *t = r->t;
	double w = template_content_width(t);
	double narrowest = t->columns[0].width;
	for (size_t i = 1; i < t->ncolumns; i++)
		narrowest = fmin(narrowest, t->columns[i].width);
	double labels = fmin(fmin(t->header_dept_label_w, t->header_prio_label_w),
	                     fmin(fmin(t->goal_label_w, t->plan_label_w),
	                          fmin(t->sdg_label_w, t->block_label_w)));
	double row_h = t->header_h;
	for (size_t i = 0; i < t->nplan_rows; i++)
		row_h = fmin(row_h, t->plan_row_h[i]);
	double header_w = fmin(t->header_year_w, fmin(t->header_dept_w,
	                                              t->header_prio_w));
	double title_w = w - t->header_year_w - t->header_dept_label_w -
	                 t->header_dept_w - t->header_prio_label_w - t->header_prio_w;
	const RoleCell cells[] = {
		{ROLE_TITLE, title_w, t->header_h},
		{ROLE_HEADER, header_w, fmin(t->header_h, t->continued_h)},
		{ROLE_LABEL, labels, row_h},
		{ROLE_GOAL, w - t->goal_label_w, fmin(t->goal_h, t->continued_h)},
		{ROLE_PLAN, w - t->plan_label_w - t->sdg_label_w - t->sdg_area_w, row_h},
		{ROLE_BLOCK, w - t->block_label_w, 0},
		{ROLE_COLUMN_HEAD, narrowest, t->table_head_h},
		{ROLE_NUMBER, t->number_w, 0},
		{ROLE_CELL, narrowest, 0},
		{ROLE_REMARKS_LABEL, t->remarks_label_w, 0},
		{ROLE_REMARKS_HEAD, (w - t->remarks_label_w) / 2, 0},
		{ROLE_REMARKS, (w - t->remarks_label_w) / 2, 0},
		{ROLE_SDG, t->sdg_badge, 0},
		{ROLE_FOOTER, w, t->footer_h},
		{ROLE_COVER_TITLE, w, 0},
		{ROLE_COVER, w, 0}};
	for (size_t i = 0; i < COUNT(cells); i++)
		check_cell_room(r, cells[i]);
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
	size_t len = 0;
	Reader r = {.t = t, .d = d, .src = read_file(path, &len)};
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char **ids = NULL;
	if (!is_named(root, "template")) {
		template_error(&r, root, _("'%s' is not a goalsheet template "
		               "(<template>)"), path);
	} else {
		xmlChar *name = prop(root, "name");
		t->name = xstrdup(name ? (const char *)name : "");
		xmlFree(name);
		read_page(&r, root);
		read_fonts(&r, root, &ids);
		read_styles(&r, root, ids);
		read_labels(&r, root);
		read_grid(&r, root);
		if (r.errors == 0)
			check_widths(&r, root);
		if (r.errors == 0)
			check_room(&r);
	}
	free(r.src);
	t->font_ids = ids;
	xmlFreeDoc(doc);
	if (r.errors > 0) {
		d->system_error = true;
		template_free(t);
		return NULL;
	}
	return t;
}

void template_free(Template *t)
{
	if (t == NULL)
		return;
	free(t->file);
	free(t->name);
	for (size_t i = 0; i < t->nfonts; i++) {
		free(t->fonts[i]);
		free(t->font_ids ? t->font_ids[i] : NULL);
	}
	free(t->fonts);
	free(t->font_ids);
	for (int k = 0; k < LABEL_COUNT; k++)
		free(t->labels[k]);
	free(t);
}

double template_content_width(const Template *t)
{
	return t->page_w - t->margin_left - t->margin_right;
}
