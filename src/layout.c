/* layout.c: see layout.h.  The interpreter of a template's sheet: its
 * bands top to bottom, fixed bands of cells (fields fitted by shrinking
 * within their style), growing blocks and the initiatives' table (a
 * title row and a row per step; points split the columns they fill),
 * rows flowing across pages through layout_row.h with the template's
 * continuation band atop each new page; every page gets its frame and
 * footer at the end.  Nothing here knows a city's grid.
 * The logical structure (page.h) comes from the same cells: each sheet
 * a Sect; a band of cells a Table whose label cells are row headers
 * (TH) and whose field cells are TD (the goal's a heading); the
 * initiatives a Table with THead and TBody, the number a row header
 * over its steps, every TD naming its headers.  What repeats on a
 * continuation page, footers and the watermark are artifacts. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout_cache.h"
#include "layout_fit.h"
#include "layout_row.h"
#include "sdg.h"
#include "util.h"

#define EPS 1e-6
static const Rgb BLACK = {0, 0, 0};

typedef struct Sheeter {
	const LayoutContext *ctx;
	const Template *t;
	const Sheet *s;
	Doc *doc;
	Page *page;
	size_t first_page;     /* index of the sheet's first page */
	double x0, width;      /* content area */
	double top, bottom;
	double y;              /* the cursor */
	double frame_top;
	const TTable *open;    /* the table whose header repeats on new pages */
	size_t sect;           /* the sheet's structure node */
	int heading;           /* the goal's heading level, 1 or 2 */
	size_t col_head[TABLE_MAX_COLUMNS]; /* the open table's column headers */
	size_t tbody;          /* and its body */
	bool page_fresh;       /* no row placed on this page yet */
	bool over;             /* past the context's page limit: stop */
	/* The initiative whose rows are placed, and its title marked
	 * （続き）, set when a page first needs it. */
	const Initiative *in;
	Lines *title_again;
	char *title_again_text;
	int errors;
	/* What messages call a template's label and an initiative's number,
	 * translated once a pass: translated for each label and number, the
	 * book's passes took 31.8 instead of 31.2 M instructions (callgrind),
	 * its dcgettext 2.2 instead of 1.5 M. */
	const char *label_word, *number_word;
} Sheeter;

/* What a message about the template's own words names. */
static FieldRef label_ref(const Sheeter *sh)
{
	return (FieldRef){sh->t->file, {0, 0}, sh->label_word};
}

static FieldRef sheet_ref(const Sheeter *sh, const char *field)
{
	return (FieldRef){sh->s->file, sh->s->pos, field};
}

static ContentEnv sheet_env(const Sheeter *sh)
{
	return (ContentEnv){.t = sh->t, .sheet = sh->s};
}

static void cell_rules(Sheeter *sh, Box box)
{
	double w = sh->t->rule_inner;
	page_add_rule(sh->page, box.x, box.y, box.x + box.w, box.y, w);
	page_add_rule(sh->page, box.x, box.y + box.h, box.x + box.w, box.y + box.h, w);
	page_add_rule(sh->page, box.x, box.y, box.x, box.y + box.h, w);
	page_add_rule(sh->page, box.x + box.w, box.y, box.x + box.w, box.y + box.h, w);
}

/* A fixed cell: optional shading, its text fitted, its frame.  The text
 * is text when it is not NULL, else the paragraphs. */
static void fixed_cell(Sheeter *sh, Box box, const Style *st, const char *text,
                       const Para *paras, size_t n, FieldRef ref, bool shaded,
                       size_t node)
{
	Lines l = {0};
	if (shaded)
		page_add_fill(sh->page, box, sh->t->shade);
	if (text == NULL)
		sh->errors += fit_paragraphs(sh->ctx, st, box, paras, n, ref, &l);
	else
		sh->errors += fit_string(sh->ctx, st, box, text, ref, &l);
	page_tag(sh->page, node);
	emit_in_box(sh->page, &l, box, BLACK);
	page_tag(sh->page, NODE_ARTIFACT);
	lines_free(&l);
	cell_rules(sh, box);
}

/* True when a required field is empty in a draft: its place shows the
 * template's placeholder. */
static bool shows_placeholder(const Sheeter *sh, const Block *b, bool required)
{
	return required && sh->ctx->opt.draft && !block_has_text(b);
}

/* ---------------------------------------------------------------- */
/* Bands of fixed cells                                              */

/* A band's leaf cells in drawing order, each with its structure node.
 * Cells past BAND_MAX_LEAVES would be artifacts: layout_check_template
 * refuses such a template. */
#define BAND_MAX_LEAVES 64
typedef struct BandLeaves {
	const TCell *cell[BAND_MAX_LEAVES];
	size_t row[BAND_MAX_LEAVES];
	size_t node[BAND_MAX_LEAVES];
	size_t n, rows, next;
} BandLeaves;

static void band_cells(Sheeter *sh, const TCell *cells, size_t n, double y,
                       double h, BandLeaves *lv);

/* What a message about a cell's text names: its first field, else the
 * sheet (for a value), else the template (for its own words). */
static FieldRef cell_ref(const Sheeter *sh, const Content *c,
                         const ContentEnv *env)
{
	for (size_t i = 0; i < c->n; i++) {
		const Piece *p = &c->v[i];
		const Block *b = p->kind == PIECE_FIELD
		                 ? content_field(env, (Field)p->which) : NULL;
		if (b)
			return block_ref(b);
		if (p->kind == PIECE_VALUE)
			return sheet_ref(sh, _(value_subject((Value)p->which)));
	}
	return label_ref(sh);
}

/* The node of the next leaf cell; NODE_ARTIFACT in a repeated band. */
static size_t next_leaf(BandLeaves *lv)
{
	return lv && lv->next < lv->n ? lv->node[lv->next++] : NODE_ARTIFACT;
}

static void band_cell(Sheeter *sh, const TCell *c, double y, double h,
                      BandLeaves *lv)
{
	Box box = {sh->x0 + c->x, y, c->w, h};
	if (c->nrows > 0) {
		for (size_t i = 0; i < c->nrows; i++) {
			band_cells(sh, c->rows[i].cells, c->rows[i].ncells, y,
			           c->rows[i].height, lv);
			y += c->rows[i].height;
		}
		return;
	}
	size_t node = next_leaf(lv);
	if (c->field == FIELD_SDGS) {
		fixed_cell(sh, box, &c->st, "", NULL, 0, sheet_ref(sh, _("sdgs")),
		           c->shaded, node);
		sh->errors += sdg_badges(sh->ctx, sh->page, sh->s, c, box,
		                         node ? sh->doc : NULL, node);
		return;
	}
	if (c->field == FIELD_GOAL && node != NODE_ARTIFACT)
		node = doc_node(sh->doc, node, sh->heading == 1 ? "H1" : "H2");
	ContentEnv env = sheet_env(sh);
	const Block *b = c->field >= 0 ? content_field(&env, (Field)c->field) : NULL;
	if (b && shows_placeholder(sh, b, field_required(sh->s, (Field)c->field))) {
		fixed_cell(sh, box, &c->st, sh->t->placeholder, NULL, 0, block_ref(b),
		           c->shaded, node);
	} else if (b) {
		/* A field alone keeps its paragraphs, one line each at least. */
		fixed_cell(sh, box, &c->st, NULL, b->paras, b->n, block_ref(b), c->shaded,
		           node);
	} else {
		char *text = content_text(&c->content, &env);
		fixed_cell(sh, box, &c->st, text, NULL, 0, cell_ref(sh, &c->content, &env),
		           c->shaded, node);
		free(text);
	}
}

static void band_cells(Sheeter *sh, const TCell *cells, size_t n, double y,
                       double h, BandLeaves *lv)
{
	for (size_t i = 0; i < n; i++)
		band_cell(sh, &cells[i], y, h, lv);
}

/* A cell of only template text is a label: a row header. */
static bool is_label(const TCell *c)
{
	return c->field < 0 && content_is_label(&c->content);
}

/* Gathers the leaf cells in drawing order; a cell of stacked rows puts
 * each row's cells in a table row of their own (stacked rows do not
 * nest: template_read.c), the others span them all (row SIZE_MAX). */
static void gather_leaves(BandLeaves *lv, const TCell *cells, size_t n,
                          size_t row)
{
	for (size_t i = 0; i < n; i++) {
		const TCell *c = &cells[i];
		for (size_t k = 0; k < c->nrows; k++)
			gather_leaves(lv, c->rows[k].cells, c->rows[k].ncells, k);
		if (c->nrows > lv->rows)
			lv->rows = c->nrows;
		if (c->nrows == 0 && lv->n < sizeof lv->cell / sizeof *lv->cell) {
			lv->cell[lv->n] = c;
			lv->row[lv->n++] = row;
		}
	}
}

/* Spanning cells (not in stacked rows) have row SIZE_MAX until here. */
static bool row_has_header(const BandLeaves *lv, size_t row)
{
	for (size_t i = 0; i < lv->n; i++)
		if (is_label(lv->cell[i]) && (lv->row[i] == row || lv->row[i] == SIZE_MAX))
			return true;
	return false;
}

/* The band as a Table, a table row per stacked row, cells in column
 * order; a band where a row has no label is paragraphs instead (a
 * table cell needs a header). */
static void band_nodes(Sheeter *sh, const TBand *b, BandLeaves *lv)
{
	*lv = (BandLeaves){.rows = 1};
	gather_leaves(lv, b->cells, b->ncells, SIZE_MAX);
	bool table = lv->n > 0;
	for (size_t r = 0; r < lv->rows; r++)
		table = table && row_has_header(lv, r);
	size_t parent = table ? doc_node(sh->doc, sh->sect, "Table") : sh->sect;
	for (size_t r = 0; r < lv->rows; r++) {
		size_t tr = table ? doc_node(sh->doc, parent, "TR") : parent;
		for (;;) {      /* this row's cells, left to right */
			size_t best = SIZE_MAX;
			for (size_t i = 0; i < lv->n; i++) {
				bool here = lv->row[i] == r || (lv->row[i] == SIZE_MAX && r == 0);
				if (here && lv->node[i] == 0 &&
				    (best == SIZE_MAX || lv->cell[i]->x < lv->cell[best]->x))
					best = i;
			}
			if (best == SIZE_MAX)
				break;
			bool th = table && is_label(lv->cell[best]);
			size_t k = doc_node(sh->doc, tr, !table ? "P" : th ? "TH" : "TD");
			if (th)
				sh->doc->nodes[k].scope = SCOPE_ROW;
			if (lv->row[best] == SIZE_MAX)
				sh->doc->nodes[k].rowspan = (int)lv->rows;
			lv->node[best] = k;
		}
	}
}

/* A band of the sheet; a repeated one (tagged false) is an artifact.
 * Its height is the template's, whatever its text: a dry trial skips
 * the text. */
static void fixed_band(Sheeter *sh, const TBand *b, bool tagged)
{
	BandLeaves lv;
	if (tagged && !sh->ctx->dry)
		band_nodes(sh, b, &lv);
	if (!sh->ctx->dry)
		band_cells(sh, b->cells, b->ncells, sh->y, b->height,
		           tagged ? &lv : NULL);
	sh->y += b->height;
}

/* The band of a continuation page.  The first page's bands already
 * noted any shrinking of its fields: this one is quiet about it. */
static void continued_band(Sheeter *sh)
{
	Diag quiet = *sh->ctx->d;
	quiet.quiet = true;
	LayoutContext ctx = *sh->ctx;
	ctx.d = &quiet;
	const LayoutContext *outer = sh->ctx;
	sh->ctx = &ctx;
	fixed_band(sh, &sh->t->continued, false);
	sh->ctx = outer;
	sh->ctx->d->errors = quiet.errors;
}

/* ---------------------------------------------------------------- */
/* Rows: growing blocks and the table                                */

/* a then b, b kept on one line: a word joiner (U+2060) between its
 * characters, so that a mark such as （続き） never breaks inside. */
static char *with_mark(const char *a, const char *b)
{
	Buf out = {0};
	buf_adds(&out, a);
	size_t len = strlen(b);
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = utf8_decode(b + i, len - i, &cp);
		if (i > 0)
			buf_add_utf8(&out, 0x2060);
		buf_add_utf8(&out, cp);
		i += n ? n : 1;
	}
	return buf_take(&out);
}

static void set_cell(Sheeter *sh, Cell *c, const Style *st, const char *label,
                     const Block *b, bool required, double top)
{
	Lines l = {0};
	double inner_w = c->w - 2 * st->padding;
	if (block_has_text(b)) {
		sh->errors += check_block_glyphs(sh->ctx, st, b);
		sh->errors += set_paragraphs(sh->ctx, st, st->size, inner_w, label,
		                             b->paras, b->n, block_ref(b), &l);
	} else if (shows_placeholder(sh, b, required)) {
		Para p = {NULL, sh->t->placeholder, b->pos};
		sh->errors += set_paragraphs(sh->ctx, st, st->size, inner_w, label, &p, 1,
		                             block_ref(b), &l);
	}
	l.st = st;
	l.size = st->size;
	bool text = l.n > 0;
	cell_add(c, &l, top + st->padding);
	if (text && label && label[0] && sh->open && sh->open->label_after)
		cell_set_again(c, label, sh->open->label_after, st, inner_w,
		               block_ref(b));
}

static Cell *add_cell(Row *r, double x, double w, bool shaded)
{
	Cell *c = &r->cells[r->ncells++];
	c->x = x;
	c->w = w;
	c->shaded = shaded;
	return c;
}

/* Sets text, which the cell takes, as a label at the top of the cell. */
static void label_into(Sheeter *sh, Cell *c, const Style *st, char *text)
{
	free(c->text);
	c->text = text;
	Lines l = {0};
	sh->errors += set_string(sh->ctx, st, st->size, c->w - 2 * st->padding, text,
	                         label_ref(sh), &l);
	cell_add(c, &l, st->padding);
}

static void new_page(Sheeter *sh);

/* Room for rows on a continuation page. */
static double fresh_room(const Sheeter *sh)
{
	return sh->bottom - sh->top - sh->t->continued.height -
	       (sh->open ? sh->open->head_h : 0);
}

/* Plans the row's part for the room left, and when that part would
 * end the row but leave no room for keep (pt) after it, a shorter part
 * that leaves some of the row to go on with what follows.  Returns
 * false when no part fits here. */
static bool plan_here(const Sheeter *sh, const Row *r, const RowSplit *split,
                      bool first_on_page, double keep, RowPart *part)
{
	double room = sh->bottom - sh->y;
	if (!row_plan_part(r, split, room, first_on_page, part))
		return false;
	if (!part->last || first_on_page || part->height + keep <= room + EPS)
		return true;
	return row_plan_part(r, split, part->height - 2 * EPS, false, part) &&
	       !part->last;
}

static void title_lines(Sheeter *sh, const TTable *tb, const Initiative *in,
                        const char *after, char **owned, Lines *l);

/* The label a segment carries atop a page, made and set when a page
 * first needs it: most segments never start a page.  Made for every
 * segment, the book took 234.2 instead of 230.9 M instructions
 * (callgrind), its layout_book 64.3 instead of 61.2 M. */
static void set_again(Sheeter *sh, Segment *seg)
{
	if (seg->again_label == NULL || seg->again.n > 0)
		return;
	if (seg->again_text == NULL)
		seg->again_text = with_mark(seg->again_label, seg->again_mark);
	sh->errors += set_string(sh->ctx, seg->again_st, seg->again_st->size,
	                         seg->again_w, seg->again_text, seg->again_ref,
	                         &seg->again);
}

/* What a part atop a page repeats, set the first time a page needs it
 * (most rows never start a page).  The title is set once an initiative
 * (its text owned from then on), even when it comes out with no lines:
 * setting it again would report the same error on every page. */
static void set_heads(Sheeter *sh, Row *r)
{
	if (r->title_again && sh->title_again_text == NULL && sh->in &&
	    sh->open && sh->open->title_after)
		title_lines(sh, sh->open, sh->in, sh->open->title_after,
		            &sh->title_again_text, sh->title_again);
	for (size_t i = 0; i < r->ncells; i++)
		for (size_t j = 0; j < r->cells[i].nsegs; j++)
			set_again(sh, &r->cells[i].segs[j]);
}

/* Places a row from where the cursor stands, splitting it at line
 * boundaries across pages (layout_row.h); keep is the height of what
 * must follow its end on the same page. */
static void place_row(Sheeter *sh, Row *r, FieldRef ref, double keep)
{
	bool first_on_page = sh->page_fresh;
	RowSplit split;
	row_split_start(&split);
	for (;;) {
		RowPart part;
		if (first_on_page)
			set_heads(sh, r);
		if (!plan_here(sh, r, &split, first_on_page, keep, &part)) {
			if (first_on_page) {
				diag_at(sh->ctx->d, DIAG_ERROR, ref.file, ref.pos.line,
				        ref.pos.col, ref.field, "%s",
				        _("a line is taller than a page"));
				sh->errors++;
				return;
			}
			new_page(sh);
			first_on_page = true;
			continue;
		}
		sh->errors += row_draw_part(sh->ctx, sh->page, r, &split, &part, sh->y,
		                            ref);
		sh->y += part.height;
		sh->page_fresh = false;
		if (part.last || sh->over)
			return;
		new_page(sh);
		first_on_page = true;
	}
}

/* A block is printed when the sheet has one of its fields (特記事項
 * only when the sheet has <remarks>). */
static bool block_present(const Sheeter *sh, const TBand *b)
{
	ContentEnv env = sheet_env(sh);
	bool fields = false;
	for (size_t i = 0; i < b->ncells; i++) {
		if (b->cells[i].field < 0)
			continue;
		fields = true;
		const Block *f = content_field(&env, (Field)b->cells[i].field);
		if (f && f->present)
			return true;
	}
	return !fields;
}

/* The height a vertical label needs at its style's smallest size. */
static double vertical_height(const Cell *c)
{
	size_t n = 0;
	for (const char *p = c->vertical; *p; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	return (double)n * c->vstyle->min_size + 2 * c->vstyle->padding;
}

/* Builds a growing block's row; false when the sheet does not print
 * the block.  A block whose fields are all empty is only as tall as its
 * labels. */
static bool block_build(Sheeter *sh, const TBand *b, Row *r, FieldRef *ref)
{
	if (!block_present(sh, b))
		return false;
	ContentEnv env = sheet_env(sh);
	*r = (Row){.min_height = b->height, .rule_top = true, .rule_bottom = true};
	*ref = sheet_ref(sh, NULL);
	bool empty = true;
	for (size_t i = 0; i < b->ncells && i < ROW_MAX_CELLS; i++) {
		const TCell *tc = &b->cells[i];
		Cell *c = add_cell(r, sh->x0 + tc->x, tc->w, tc->shaded);
		const Block *f = tc->field >= 0 ? content_field(&env, (Field)tc->field)
		                                : NULL;
		double top = 0;
		if (tc->heading.n > 0) {
			label_into(sh, c, &tc->heading_st, content_text(&tc->heading, &env));
			top = cell_content_bottom(c) - tc->st.padding;
		}
		if (f) {
			bool required = field_required(sh->s, (Field)tc->field);
			empty = empty && !block_has_text(f) && !shows_placeholder(sh, f, required);
			set_cell(sh, c, &tc->st, NULL, f, required, top);
			if (ref->field == NULL)
				*ref = block_ref(f);
			continue;
		}
		char *text = content_text(&tc->content, &env);
		/* A vertical style stands the text up in every part of the row. */
		if (tc->st.vertical) {
			c->vertical = text;
			c->vstyle = &tc->st;
			continue;
		}
		label_into(sh, c, &tc->st, text);
	}
	if (empty) {
		r->min_height = 0;
		for (size_t i = 0; i < r->ncells; i++)
			if (r->cells[i].vertical)
				r->min_height = fmax(r->min_height, vertical_height(&r->cells[i]));
	}
	return true;
}

/* The block's structure: a table of one row whose labels are row
 * headers (a vertical one read as a word), unless it has none. */
static void block_nodes(Sheeter *sh, const TBand *b, Row *r)
{
	bool table = false;
	for (size_t i = 0; i < r->ncells; i++)
		table = table || is_label(&b->cells[i]);
	size_t tr = table ? doc_node(sh->doc, doc_node(sh->doc, sh->sect, "Table"),
	                             "TR") : sh->sect;
	for (size_t i = 0; i < r->ncells; i++) {
		Cell *c = &r->cells[i];
		bool th = table && is_label(&b->cells[i]);
		c->node = doc_node(sh->doc, tr, !table ? "P" : th ? "TH" : "TD");
		if (th)
			sh->doc->nodes[c->node].scope = SCOPE_ROW;
		if (c->vertical)
			sh->doc->nodes[c->node].actual = xstrdup(c->vertical);
	}
}

static void block_row(Sheeter *sh, const TBand *b)
{
	Row r;
	FieldRef ref;
	if (!block_build(sh, b, &r, &ref))
		return;
	block_nodes(sh, b, &r);
	place_row(sh, &r, ref, 0);
	row_free(&r);
}

/* How much of the band after the table its last row keeps with it on
 * its page: all of a block that fits a page, else its first lines. */
static double tail_keep(Sheeter *sh, const TBand *next, const TTable *tb)
{
	if (next == NULL || next->kind != BAND_BLOCK)
		return 0;
	Row r;
	FieldRef ref;
	Diag silent = {0};
	LayoutContext ctx = *sh->ctx;
	ctx.d = &silent;
	const LayoutContext *outer = sh->ctx;
	int errors = sh->errors;
	sh->ctx = &ctx;
	bool present = block_build(sh, next, &r, &ref);
	sh->ctx = outer;
	sh->errors = errors;
	if (!present)
		return 0;
	double h = row_height(&r);
	row_free(&r);
	const Style *cs = &tb->cols[tb->action_col].st;
	double least = tb->keep_lines * cs->leading * cs->size + 2 * cs->padding;
	return h <= fresh_room(sh) - least ? h : least;
}

/* The table's column headers; a repeat (on a continuation page) is an
 * artifact, the first makes the table's THead. */
static void table_header(Sheeter *sh, const TTable *tb, bool first)
{
	double h = tb->head_h;
	ContentEnv env = sheet_env(sh);
	size_t tr = NODE_ARTIFACT;
	if (first) {
		size_t table = doc_node(sh->doc, sh->sect, "Table");
		tr = doc_node(sh->doc, doc_node(sh->doc, table, "THead"), "TR");
		sh->tbody = doc_node(sh->doc, table, "TBody");
	}
	for (size_t i = 0; i < tb->ncols && !sh->ctx->dry; i++) {
		const TColumn *col = &tb->cols[i];
		size_t node = NODE_ARTIFACT;
		if (first) {
			node = sh->col_head[i] = doc_node(sh->doc, tr, "TH");
			sh->doc->nodes[node].scope = SCOPE_COLUMN;
			sh->doc->nodes[node].has_id = true;
		}
		char *text = content_text(&col->head, &env);
		fixed_cell(sh, (Box){sh->x0 + col->x, sh->y, col->w, h}, &tb->head_st,
		           text, NULL, 0, label_ref(sh), true, node);
		free(text);
	}
	sh->y += h;
}

/* The table's cells of a row, one per column, and its table row:
 * data cells headed by their column, the number and the title; the
 * number cell is the title row's header spanning the steps. */
static void table_cells(Sheeter *sh, const TTable *tb, Row *r,
                        const size_t heads[2])
{
	size_t tr = doc_node(sh->doc, sh->tbody, "TR");
	for (size_t i = 0; i < tb->ncols; i++) {
		Cell *c = add_cell(r, sh->x0 + tb->cols[i].x, tb->cols[i].w, false);
		if ((int)i == tb->number_col && heads[0] != NODE_ARTIFACT)
			continue;       /* spanned by the number's header */
		c->node = doc_node(sh->doc, tr, "TD");
		doc_node_header(sh->doc, c->node, sh->col_head[i]);
		doc_node_header(sh->doc, c->node, heads[0]);
		doc_node_header(sh->doc, c->node, heads[1]);
	}
	r->repeat_cell = tb->number_col >= 0 ? (size_t)tb->number_col : 0;
}

/* Makes the row's number and action cells its initiative's row headers
 * (the number spanning rowspan rows: the ① cell), named in the Headers
 * of the row's other cells, and the number the row's repeat. */
static size_t row_header(Sheeter *sh, Row *r, int i, int rowspan);
static void row_heads(Sheeter *sh, const TTable *tb, Row *r, int rowspan,
                      size_t heads[2])
{
	heads[0] = row_header(sh, r, tb->number_col, rowspan);
	heads[1] = row_header(sh, r, tb->action_col, 1);
	for (size_t i = 0; i < tb->ncols; i++) {
		size_t k = r->cells[i].node;
		if (k != NODE_ARTIFACT && strcmp(sh->doc->nodes[k].role, "TD") == 0) {
			doc_node_header(sh->doc, k, heads[0]);
			doc_node_header(sh->doc, k, heads[1]);
		}
	}
	r->repeat_node = heads[0];
}

/* Turns the title row's cell i into a row header with an ID. */
static size_t row_header(Sheeter *sh, Row *r, int i, int rowspan)
{
	if (i < 0)
		return NODE_ARTIFACT;
	Node *n = &sh->doc->nodes[r->cells[i].node];
	n->role = "TH";
	n->scope = SCOPE_ROW;
	n->rowspan = rowspan;
	n->has_id = true;
	n->nheaders = 0;
	return r->cells[i].node;
}

/* The initiative's number, set once and shown beside each of its rows. */
static void number_lines(Sheeter *sh, const TTable *tb, const Initiative *in,
                         Lines *l)
{
	if (tb->number_col < 0)
		return;
	const TColumn *col = &tb->cols[tb->number_col];
	FieldRef ref = {sh->s->file, in->pos, sh->number_word};
	sh->errors += check_glyphs(sh->ctx, &col->st, in->number, ref);
	/* A number is never split ("(5" over "1)"): it shrinks instead. */
	sh->errors += fit_one_line(sh->ctx, &col->st, col->w - 2 * col->st.padding,
	                           in->number, ref, l);
}

/* The initiative's mark and title, and its summary, set for the action
 * column; after is appended to the title (（続き）) when not NULL. */
static void title_lines(Sheeter *sh, const TTable *tb, const Initiative *in,
                        const char *after, char **owned, Lines *l)
{
	const Style *st = &tb->cols[tb->action_col].st;
	double inner_w = tb->cols[tb->action_col].w - 2 * st->padding;
	/* Named once, at load.  Named here, every pass, the book took 230.9
	 * instead of 230.3 M instructions (callgrind), its layout_book 61.2
	 * instead of 60.3 M. */
	FieldRef ref = {sh->s->file, in->pos, in->title_field};
	*owned = after ? with_mark(in->title, after) : NULL;
	Para title = {in->mark[0] ? in->mark : NULL, after ? *owned : in->title,
	              in->pos};
	if (after == NULL) {
		sh->errors += check_glyphs(sh->ctx, st, in->title, ref);
		sh->errors += check_glyphs(sh->ctx, st, in->mark, ref);
	}
	/* The title again atop a page has the title's own problems, already
	 * reported where it was first set: they are counted, not said twice. */
	LayoutContext again = *sh->ctx;
	Diag silent;
	diag_init(&silent, NULL);
	if (after)
		again.d = &silent;
	sh->errors += set_paragraphs(&again, st, st->size, inner_w, NULL, &title, 1,
	                             ref, l);
	if (after == NULL && block_has_text(&in->summary)) {
		sh->errors += check_block_glyphs(sh->ctx, st, &in->summary);
		sh->errors += set_paragraphs(sh->ctx, st, st->size, inner_w, NULL,
		                             in->summary.paras, in->summary.n,
		                             block_ref(&in->summary), l);
	}
}

/* The title goes into row r's action cell, at its top. */
static void title_into(Sheeter *sh, const TTable *tb, Row *r,
                       const Initiative *in)
{
	Lines l = {0};
	char *owned;
	title_lines(sh, tb, in, NULL, &owned, &l);
	cell_add(&r->cells[tb->action_col], &l,
	         tb->cols[tb->action_col].st.padding);
}

/* The title row: heads[0] and heads[1] become its number's and its
 * title's header cells. */
static void title_row(Sheeter *sh, const TTable *tb, Row *r,
                      const Initiative *in, const Lines *number, size_t heads[2])
{
	table_cells(sh, tb, r, heads);
	row_heads(sh, tb, r, 1 + (int)in->nsteps, heads);
	r->rule_top = true;
	r->repeat = number;
	title_into(sh, tb, r, in);
}

/* Point rows: the columns whose text comes from the points split into
 * aligned rows, one per point; lift as in step_row. */
static void point_rows(Sheeter *sh, const TTable *tb, Row *r, const Step *st,
                       bool lift)
{
	const Stage stage = sh->s->stage;
	double top = 0, gap = 0;
	for (size_t k = 0; k < st->npoints; k++) {
		const Point *pt = &st->points[k];
		double bottom = top;
		for (size_t i = 0; i < tb->ncols; i++) {
			int c = tb->cols[i].field;
			if (c < 0 || step_column_source(st, (Column)c) != FROM_POINTS)
				continue;
			Cell *cell = &r->cells[i];
			const Style *cs = &tb->cols[i].st;
			size_t before = cell->nsegs;
			set_cell(sh, cell, cs, pt->label, &pt->cells[c],
			         row_requires(stage, (Column)c, pt->optional),
			         top - (lift && k == 0 ? cs->padding : 0));
			const Segment *seg = &cell->segs[before];
			bottom = fmax(bottom, seg->top + (double)seg->lines.n *
			                                 line_height(&seg->lines));
			gap = fmax(gap, cs->padding);
		}
		top = bottom + gap;
	}
}

/* Step and point labels are the sheet's text too: a character the
 * cell's font cannot draw is an error at the label's element. */
static char *check_row_labels(Sheeter *sh, const TTable *tb, const char *parent,
                              const char *fmt, const char *label, SrcPos pos)
{
	char *field = field_name(parent, fmt, label);
	FieldRef ref = {sh->s->file, pos, field};
	sh->errors += check_glyphs(sh->ctx, &tb->cols[tb->action_col].st, label, ref);
	return field;
}

/* A step's row.  lift: it follows a row of its initiative with no rule
 * between them, so one padding separates them, not two (the row starts
 * with its lines at its top; layout_row.h puts the padding back when
 * the row starts a page). */
/* The step's and its points' labels checked, unless an earlier pass of
 * the run found them all clean: naming them for the messages took 5,000
 * instructions a label, in every pass: the book took 283.8 instead of
 * 287.5 M instructions (callgrind), its layout_book 69.8 instead of 73.3 M. */
static void check_step_labels(Sheeter *sh, const TTable *tb,
                              const Initiative *in, const Step *st)
{
	const Style *cs = &tb->cols[tb->action_col].st;
	bool clean = glyphs_known_clean(sh->ctx, cs, st->label);
	for (size_t k = 0; clean && k < st->npoints; k++)
		clean = glyphs_known_clean(sh->ctx, cs, st->points[k].label);
	if (clean || sh->ctx->dry)
		return;
	char *initiative = field_name(NULL, _("initiative %s"), in->number);
	char *step = check_row_labels(sh, tb, initiative, _("step %s"), st->label,
	                              st->pos);
	for (size_t k = 0; k < st->npoints; k++)
		free(check_row_labels(sh, tb, step, _("point %s"), st->points[k].label,
		                      st->points[k].pos));
	free(step);
	free(initiative);
}

static void step_row(Sheeter *sh, const TTable *tb, Row *r,
                     const Initiative *in, const Step *st, bool last,
                     bool lift, const Lines *number, const size_t heads[2])
{
	check_step_labels(sh, tb, in, st);
	table_cells(sh, tb, r, heads);
	r->rule_bottom = last;
	r->repeat = number;
	for (size_t i = 0; i < tb->ncols; i++) {
		int c = tb->cols[i].field;
		if (c < 0 || step_column_source(st, (Column)c) != FROM_STEP)
			continue;
		set_cell(sh, &r->cells[i], &tb->cols[i].st, st->label, &st->cells[c],
		         row_requires(sh->s->stage, (Column)c, st->optional),
		         lift ? -tb->cols[i].st.padding : 0);
		if (lift)
			r->lifted = fmax(r->lifted, tb->cols[i].st.padding);
	}
	if (st->npoints > 0)
		point_rows(sh, tb, r, st, lift);
	for (size_t i = 0; lift && st->npoints > 0 && i < tb->ncols; i++)
		r->lifted = fmax(r->lifted, tb->cols[i].st.padding);
}

/* A first step without words of its own in the action column (only
 * its period, target and reports) sets them beside the title, in the
 * title's row. */
static bool title_beside_step(const Sheeter *sh, const Step *st)
{
	if (step_column_source(st, COL_ACTION) != FROM_STEP)
		return false;
	const Block *b = &st->cells[COL_ACTION];
	return !block_has_text(b) &&
	       !shows_placeholder(sh, b, row_requires(sh->s->stage, COL_ACTION,
	                                               st->optional));
}

/* The rows of one initiative.  last_keep: what must follow the last
 * row on its page (the 特記事項 block after the table). */
static void initiative_rows(Sheeter *sh, const TTable *tb, const Initiative *in,
                            double last_keep)
{
	Lines number = {0}, again = {0};
	number_lines(sh, tb, in, &number);
	sh->in = in;
	sh->title_again = &again;
	sh->title_again_text = NULL;
	bool beside = in->nsteps > 0 && title_beside_step(sh, &in->steps[0]);
	size_t heads[2] = {NODE_ARTIFACT, NODE_ARTIFACT};
	if (!beside) {
		Row title = {0};
		title_row(sh, tb, &title, in, &number, heads);
		title.title_again = &again;
		title.title_cell = (size_t)tb->action_col;
		title.title_here = true;
		/* The title keeps its first step's first lines with it. */
		const Style *cs = &tb->cols[tb->action_col].st;
		double keep = in->nsteps > 0
		              ? tb->keep_lines * cs->leading * cs->size + 2 * cs->padding
		              : last_keep;
		place_row(sh, &title, (FieldRef){sh->s->file, in->pos, NULL}, keep);
		row_free(&title);
	}
	for (size_t i = 0; i < in->nsteps && !sh->over; i++) {
		Row r = {0};
		bool last = i + 1 == in->nsteps;
		step_row(sh, tb, &r, in, &in->steps[i], last, i > 0 || !beside, &number,
		         heads);
		r.title_again = &again;
		r.title_cell = (size_t)tb->action_col;
		if (i == 0 && beside) {
			title_into(sh, tb, &r, in);
			r.rule_top = true;
			r.title_here = true;
			row_heads(sh, tb, &r, (int)in->nsteps, heads);
		}
		place_row(sh, &r, (FieldRef){sh->s->file, in->steps[i].pos, NULL},
		          last ? last_keep : 0);
		row_free(&r);
	}
	lines_free(&number);
	lines_free(&again);
	free(sh->title_again_text);
	sh->in = NULL;
	sh->title_again = NULL;
	sh->title_again_text = NULL;
}

static void table(Sheeter *sh, const TTable *tb, const TBand *next)
{
	const Style *cs = &tb->cols[tb->action_col].st;
	if (sh->bottom - sh->y < tb->head_h + tb->keep_lines * cs->size)
		new_page(sh);
	table_header(sh, tb, true);
	sh->open = tb;
	double keep = tail_keep(sh, next, tb);
	for (size_t i = 0; i < sh->s->ninitiatives && !sh->over; i++)
		initiative_rows(sh, tb, &sh->s->initiatives[i],
		                i + 1 == sh->s->ninitiatives ? keep : 0);
	sh->open = NULL;
}

/* ---------------------------------------------------------------- */
/* Pages                                                             */

static void finish_page(Sheeter *sh)
{
	if (sh->page == NULL || sh->ctx->dry)
		return;
	double w = sh->t->rule_outer, x1 = sh->x0 + sh->width;
	Page *p = sh->page;
	page_add_rule(p, sh->x0, sh->frame_top, x1, sh->frame_top, w);
	page_add_rule(p, sh->x0, sh->y, x1, sh->y, w);
	page_add_rule(p, sh->x0, sh->frame_top, sh->x0, sh->y, w);
	page_add_rule(p, x1, sh->frame_top, x1, sh->y, w);
}

void layout_watermark(const LayoutContext *ctx, Page *p)
{
	const Template *t = ctx->t;
	const Style *st = &t->mark_st;
	double size = fmin(t->page_w, t->page_h) * t->mark_scale;
	const char *mark = t->draft;
	FontMeasure fm = {ctx->fonts, st->font};
	double w = text_width(mark, strlen(mark), fonts_measure, &fm) * size;
	double centre = glyph_centre(ctx, st) * size;
	double cx = t->page_w / 2, cy = t->page_h / 2;
	double a = t->mark_angle * M_PI / 180;
	double ox = cx - (w / 2) * cos(a) + centre * sin(a);
	double oy = cy + (w / 2) * sin(a) + centre * cos(a);
	double g = t->mark_gray;
	page_add_text(p, ox, oy, st->font, size, mark, strlen(mark), w,
	              (Rgb){g, g, g}, (Box){0, 0, t->page_w, t->page_h});
	p->items[p->nitems - 1].angle = t->mark_angle;
}

static void new_page(Sheeter *sh)
{
	finish_page(sh);
	const Template *t = sh->t;
	sh->page = doc_add_page(sh->doc, t->page_w, t->page_h);
	if (sh->ctx->page_limit &&
	    sh->doc->npages - sh->first_page > sh->ctx->page_limit)
		sh->over = true;
	if (sh->ctx->opt.draft && !sh->ctx->dry)
		layout_watermark(sh->ctx, sh->page);
	sh->y = sh->top;
	sh->frame_top = sh->top;
	sh->page_fresh = true;
	if (sh->doc->npages - 1 > sh->first_page)
		continued_band(sh);
	if (sh->open)
		table_header(sh, sh->open, false);
}

/* The footer's draft note for the style's font: invalid UTF-8 (a
 * Shift_JIS file name, say) and every character the font cannot draw
 * (control characters, code points beyond U+FFFF, Thai in a Japanese
 * font) become 〓, or ? when the font lacks that too.  The note is
 * information, not the user's text, so nothing here is an error. */
static char *drawable_text(const LayoutContext *ctx, const Style *st,
                           const char *s)
{
	uint32_t stand_in = fonts_has_glyph(ctx->fonts, st->font, 0x3013)
	                    ? 0x3013 : '?';
	Buf out = {0};
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = utf8_decode(s + i, len - i, &cp);
		bool ok = n > 0 && cp >= 0x20 && cp != 0x7F && cp <= 0xFFFF &&
		          fonts_has_glyph(ctx->fonts, st->font, cp);
		buf_add_utf8(&out, ok ? cp : stand_in);
		i += n ? n : 1;
	}
	return buf_take(&out);
}

static double text_pt(const LayoutContext *ctx, const Style *st, const char *s)
{
	FontMeasure fm = {ctx->fonts, st->font};
	return text_width(s, strlen(s), fonts_measure, &fm) * st->size;
}

/* "案　time　path" shortened to width (pt): leading folders give way to
 * "…/folder/sheet.xml", and a file name too long even alone keeps its
 * end ("…et.xml").  note is drawable already. */
static char *draft_line(const LayoutContext *ctx, const Style *st,
                        const char *prefix, const char *path, double width)
{
	char *line = xasprintf("%s　%s", prefix, path);
	const char *base = path_base(path);
	for (const char *p = path; text_pt(ctx, st, line) > width && *p; p++) {
		bool cut = p < base ? *p == '/' && p > path
		                    : ((unsigned char)*p & 0xC0) != 0x80 && p > base;
		if (!cut)
			continue;
		free(line);
		line = xasprintf("%s　…%s", prefix, p);
	}
	return line;
}

static FieldRef footer_ref(const LayoutContext *ctx)
{
	return (FieldRef){ctx->t->file, {0, 0}, _("footer")};
}

static int draft_note(const LayoutContext *ctx, Page *p, Box box)
{
	const LayoutOptions *opt = &ctx->opt;
	Style left = ctx->t->footer_st;
	left.align = ALIGN_LEFT;
	char *prefix = drawable_text(ctx, &left, opt->draft_note);
	char *path = drawable_text(ctx, &left, opt->draft_source ? opt->draft_source : "");
	/* The page number keeps the right 30 % of the footer. */
	double width = box.w * 0.7 - 2 * left.padding;
	char *note = draft_line(ctx, &left, prefix, path, width);
	Lines l = {0};
	int errors = set_string(ctx, &left, left.size, width, note, footer_ref(ctx), &l);
	emit_in_box(p, &l, box, BLACK);
	lines_free(&l);
	free(note);
	free(path);
	free(prefix);
	return errors;
}

int layout_footer(const LayoutContext *ctx, Page *p, const Content *c,
                  const ContentEnv *env)
{
	const Template *t = ctx->t;
	const Style *st = &t->footer_st;
	double y = t->page_h - t->margin_bottom - t->footer_h;
	Box box = {t->margin_left, y, template_content_width(t), t->footer_h};
	char *text = content_text(c, env);
	Lines l = {0};
	int errors = set_string(ctx, st, st->size, box.w, text, footer_ref(ctx), &l);
	emit_in_box(p, &l, box, BLACK);
	lines_free(&l);
	free(text);
	if (ctx->opt.draft_note && ctx->opt.draft)
		errors += draft_note(ctx, p, box);
	return errors;
}

static void footers(Sheeter *sh, long book_offset)
{
	const Template *t = sh->t;
	size_t m = sh->doc->npages - sh->first_page;
	for (size_t i = 0; i < m && !sh->ctx->dry; i++) {
		ContentEnv env = {.t = t, .sheet = sh->s, .page = i + 1, .pages = m,
		                  .book_page = sh->first_page + i + 1 + (size_t)book_offset};
		sh->errors += layout_footer(sh->ctx, &sh->doc->pages[sh->first_page + i],
		                            book_offset >= 0 ? &t->footer_book : &t->footer,
		                            &env);
	}
}

/* Glyphs of the fixed cells' fields, checked once before the first page. */
static void check_band_glyphs(Sheeter *sh, const TCell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const TCell *c = &cells[i];
		for (size_t k = 0; k < c->nrows; k++)
			check_band_glyphs(sh, c->rows[k].cells, c->rows[k].ncells);
		const Block *b = c->field >= 0 ? sheet_field(sh->s, (Field)c->field) : NULL;
		if (b)
			sh->errors += check_block_glyphs(sh->ctx, &c->st, b);
	}
}

/* ---------------------------------------------------------------- */
/* The template's own words                                          */

static int check_content(const LayoutContext *ctx, const Style *st,
                         const Content *c, SrcPos pos)
{
	int errors = 0;
	FieldRef ref = {ctx->t->file, pos, NULL};
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].kind == PIECE_TEXT)
			errors += check_glyphs(ctx, st, c->v[i].text, ref);
	return errors;
}

static int check_cells(const LayoutContext *ctx, const TCell *cells, size_t n)
{
	int errors = 0;
	for (size_t i = 0; i < n; i++) {
		const TCell *c = &cells[i];
		errors += check_content(ctx, &c->st, &c->content, c->pos);
		errors += check_content(ctx, &c->heading_st, &c->heading, c->pos);
		for (size_t k = 0; k < c->nrows; k++)
			errors += check_cells(ctx, c->rows[k].cells, c->rows[k].ncells);
	}
	return errors;
}

int layout_check_template(const LayoutContext *ctx)
{
	const Template *t = ctx->t;
	int errors = check_cells(ctx, t->continued.cells, t->continued.ncells);
	for (size_t i = 0; i < t->nbands; i++) {
		const TBand *b = &t->bands[i];
		errors += check_cells(ctx, b->cells, b->ncells);
		for (size_t k = 0; k < b->table.ncols; k++)
			errors += check_content(ctx, &b->table.head_st, &b->table.cols[k].head,
			                        b->table.cols[k].pos);
	}
	errors += check_cells(ctx, t->cover.entry, t->cover.nentry);
	for (size_t i = 0; i < t->cover.nheadings; i++)
		errors += check_content(ctx, &t->cover.headings[i].st,
		                        &t->cover.headings[i].content,
		                        t->cover.headings[i].pos);
	errors += check_glyphs(ctx, &t->mark_st, t->draft,
	                       (FieldRef){t->file, t->mark_pos, NULL});
	return errors;
}

int layout_sheet_pass(const LayoutContext *ctx, const Sheet *s, Doc *doc,
                      long book_offset)
{
	const Template *t = ctx->t;
	Sheeter sh = {.ctx = ctx, .t = t, .s = s, .doc = doc,
	              .label_word = _("label"),
	              .number_word = _("initiative number")};
	sh.first_page = doc->npages;
	sh.x0 = t->margin_left;
	sh.width = template_content_width(t);
	sh.top = t->margin_top;
	sh.bottom = t->page_h - t->margin_bottom - t->footer_h;
	sh.sect = doc_node(doc, doc_root(doc), "Sect");
	/* A book's cover holds its H1 (layout_book.c). */
	sh.heading = book_offset >= 0 && t->cover.nheadings > 0 ? 2 : 1;
	for (size_t i = 0; i < t->nbands; i++)
		if (t->bands[i].kind == BAND_FIXED)
			check_band_glyphs(&sh, t->bands[i].cells, t->bands[i].ncells);
	new_page(&sh);
	for (size_t i = 0; i < t->nbands && !sh.over; i++) {
		const TBand *b = &t->bands[i];
		switch (b->kind) {
		case BAND_FIXED:
			if (sh.y + b->height > sh.bottom + EPS)
				new_page(&sh);
			fixed_band(&sh, b, true);
			break;
		case BAND_BLOCK:
			block_row(&sh, b);
			break;
		case BAND_TABLE:
			table(&sh, &b->table, i + 1 < t->nbands ? &t->bands[i + 1] : NULL);
			break;
		}
	}
	finish_page(&sh);
	footers(&sh, book_offset);
	return sh.errors;
}

int layout_sheet(const LayoutContext *ctx, const Sheet *s, Doc *doc,
                 long book_offset)
{
	if (ctx->cache)
		return fit_sheet(ctx, s, doc, book_offset, layout_sheet_pass);
	/* One cache for all the passes of the sheet (layout_cache.h). */
	LayoutContext cached = *ctx;
	cached.cache = layout_cache_new();
	int errors = fit_sheet(&cached, s, doc, book_offset, layout_sheet_pass);
	layout_cache_free(cached.cache);
	return errors;
}
