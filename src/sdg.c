/* sdg.c: see sdg.h. */
#include "sdg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout_text.h"
#include "text.h"
#include "util.h"

typedef struct SdgFact {
	unsigned rgb;
	const char *name;
} SdgFact;

static const SdgFact facts[17] = {
	{0xE5243B, "貧困をなくそう"},
	{0xDDA63A, "飢餓をゼロに"},
	{0x4C9F38, "すべての人に健康と福祉を"},
	{0xC5192D, "質の高い教育をみんなに"},
	{0xFF3A21, "ジェンダー平等を実現しよう"},
	{0x26BDE2, "安全な水とトイレを世界中に"},
	{0xFCC30B, "エネルギーをみんなに そしてクリーンに"},
	{0xA21942, "働きがいも経済成長も"},
	{0xFD6925, "産業と技術革新の基盤をつくろう"},
	{0xDD1367, "人や国の不平等をなくそう"},
	{0xFD9D24, "住み続けられるまちづくりを"},
	{0xBF8B2E, "つくる責任 つかう責任"},
	{0x3F7E44, "気候変動に具体的な対策を"},
	{0x0A97D9, "海の豊かさを守ろう"},
	{0x56C02B, "陸の豊かさも守ろう"},
	{0x00689D, "平和と公正をすべての人に"},
	{0x19486A, "パートナーシップで目標を達成しよう"},
};

unsigned sdg_colour(int n)
{
	return n >= 1 && n <= 17 ? facts[n - 1].rgb : 0x777777;
}

const char *sdg_name(int n)
{
	return n >= 1 && n <= 17 ? facts[n - 1].name : "";
}

static Rgb colour(unsigned rgb)
{
	return (Rgb){((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
	             (rgb & 0xFF) / 255.0};
}

static const Rgb WHITE = {1, 1, 1};

/* The largest badge side, at most the template's, that fits n badges. */
static double badge_side(double max_side, double gap, Box in, size_t n,
                         size_t *cols)
{
	for (double side = max_side; side > 4; side -= 0.5 * MM_TO_PT) {
		size_t c = (size_t)floor((in.w + gap) / (side + gap));
		if (c == 0)
			continue;
		size_t rows = (n + c - 1) / c;
		if ((double)rows * (side + gap) - gap <= in.h + 1e-6) {
			*cols = c;
			return side;
		}
	}
	*cols = 0;
	return 0;
}

/* The goal's name as set: the template's phrases ('/' between them)
 * with a word joiner (U+2060) between the characters of a phrase and a
 * zero-width space (U+200B) between phrases, so that the line breaker
 * breaks only there; the built-in name as it is.  Caller frees. */
static char *name_text(const Template *t, int goal)
{
	const char *name = t->sdg_names[goal - 1];
	if (name == NULL)
		return xstrdup(facts[goal - 1].name);
	Buf out = {0};
	buf_adds(&out, "");
	size_t len = strlen(name);
	bool phrase_start = true;
	for (size_t i = 0; i < len;) {
		size_t next = text_next_cluster(name, len, i);
		if (name[i] == '/') {
			buf_add_utf8(&out, 0x200B);
			phrase_start = true;
		} else {
			if (!phrase_start)
				buf_add_utf8(&out, 0x2060);
			buf_add(&out, name + i, next - i);
			phrase_start = false;
		}
		i = next;
	}
	return buf_take(&out);
}

/* True when every phrase of the name fits width (pt) at size, so that
 * no line breaks inside one. */
static bool phrases_fit(const LayoutContext *ctx, const Style *st, int goal,
                        double size, double width)
{
	const char *name = ctx->t->sdg_names[goal - 1];
	if (name == NULL)
		return true;
	FontMeasure fm = {ctx->fonts, st->font};
	for (const char *p = name; *p;) {
		size_t n = strcspn(p, "/");
		if (text_width(p, n, fonts_measure, &fm) * size > width + 1e-3)
			return false;
		p += n + (p[n] == '/');
	}
	return true;
}

static int name_error(const LayoutContext *ctx, const Sdg *g, const char *file,
                      double size)
{
	diag_at(ctx->d, DIAG_ERROR, file, g->pos.line, g->pos.col, _("sdgs"),
	        _("the name of SDG %d does not fit its badge at %g pt"), g->goal,
	        size);
	return 1;
}

/* The badge's number, in white, in box. */
static int badge_number(const LayoutContext *ctx, Page *p, const Sdg *g,
                        const Style *st, double size, Box box, Align align,
                        FieldRef ref)
{
	Style number = *st;
	number.size = number.min_size = size;
	number.align = align;
	number.padding = 0;
	char *digits = xasprintf("%d", g->goal);
	Lines l = {0};
	int errors = set_string(ctx, &number, size, box.w, digits, ref, &l);
	emit_in_box(p, &l, box, WHITE);
	lines_free(&l);
	free(digits);
	return errors;
}

static int draw_badge(const LayoutContext *ctx, Page *p, const Sdg *g, Box b,
                      const TCell *cell, const char *file)
{
	const SdgFact *f = &facts[g->goal - 1];
	page_add_fill(p, b, colour(f->rgb));
	const Style *st = &cell->st;
	/* The number takes the top of the badge, the name the rest. */
	double split = cell->badge_split;
	FieldRef ref = {file, g->pos, _("sdgs")};
	Box top = {b.x + st->padding, b.y + st->padding * 0.5,
	           b.w - 2 * st->padding, b.h * cell->badge_number};
	int errors = badge_number(ctx, p, g, st, b.h * cell->badge_number, top,
	                          ALIGN_LEFT, ref);
	Box name = {b.x, b.y + b.h * split, b.w, b.h * (1 - split)};
	/* The name's size is the style's on a badge of the template's side. */
	Style scaled = *st;
	double scale = b.w / cell->badge;
	scaled.size = fmax(st->min_size, st->size * fmin(1, scale));
	char *text = name_text(ctx->t, g->goal);
	Lines l = {0};
	errors += fit_string(ctx, &scaled, name, text, ref, &l);
	if (errors == 0 && !phrases_fit(ctx, st, g->goal, l.size,
	                                name.w - 2 * st->padding))
		errors += name_error(ctx, g, file, l.size);
	emit_in_box(p, &l, name, WHITE);
	lines_free(&l);
	free(text);
	return errors;
}

/* Names beside their badges: entries of a square (the template's badge
 * side) and the name right of it, row by row in cols columns. */
typedef struct Beside {
	double size, entry_w;
	size_t cols;
	Lines *names;        /* one per badge */
	char **texts;        /* what the names' runs point into */
} Beside;

static void beside_free(Beside *b, size_t n)
{
	for (size_t i = 0; b->names && i < n; i++) {
		lines_free(&b->names[i]);
		free(b->texts[i]);
	}
	free(b->names);
	free(b->texts);
	b->names = NULL;
	b->texts = NULL;
}

/* Sets the names for cols columns at size; true when all fit in. */
static bool beside_try(const LayoutContext *ctx, const Sheet *s,
                       const TCell *cell, Box in, size_t n, Beside *b)
{
	const Style *st = &cell->st;
	double gap = cell->badge_gap;
	b->entry_w = (in.w - (double)(b->cols - 1) * gap) / (double)b->cols;
	double name_w = b->entry_w - cell->badge - gap;
	if (name_w <= 0)
		return false;
	b->names = xcalloc(n, sizeof *b->names);
	b->texts = xcalloc(n, sizeof *b->texts);
	double y = 0, row_h = 0;
	Diag silent = {0};
	LayoutContext quiet = *ctx;
	quiet.d = &silent;
	size_t k = 0;
	for (size_t i = 0; i < s->nsdgs; i++) {
		int goal = s->sdgs[i].goal;
		if (goal < 1 || goal > 17)
			continue;
		if (!phrases_fit(ctx, st, goal, b->size, name_w))
			return false;
		b->texts[k] = name_text(ctx->t, goal);
		FieldRef ref = {s->file, s->sdgs[i].pos, NULL};
		set_string(&quiet, st, b->size, name_w, b->texts[k], ref, &b->names[k]);
		if (k % b->cols == 0) {
			y += row_h + (k ? gap : 0);
			row_h = 0;
		}
		row_h = fmax(row_h, fmax(cell->badge, lines_height(&b->names[k]) -
		                                      2 * st->padding));
		k++;
		/* Past the bottom already: no need to set the rest. */
		if (y + row_h > in.h + 1e-6)
			return false;
	}
	return silent.errors == 0;
}

/* The largest size, then the fewest columns, at which all names fit. */
static bool beside_find(const LayoutContext *ctx, const Sheet *s,
                        const TCell *cell, Box in, size_t n, Beside *b)
{
	const Style *st = &cell->st;
	for (double size = st->size; size >= st->min_size - 1e-9; size -= 0.25)
		for (size_t cols = 1; cols <= n; cols++) {
			b->size = size;
			b->cols = cols;
			/* More columns leave less room for a name. */
			if ((in.w - (double)(cols - 1) * cell->badge_gap) / (double)cols <=
			    cell->badge + cell->badge_gap)
				break;
			/* Rows at least a badge high that cannot all fit. */
			double rows = ceil((double)n / (double)cols);
			if (rows * cell->badge + (rows - 1) * cell->badge_gap > in.h + 1e-6)
				continue;
			if (beside_try(ctx, s, cell, in, n, b))
				return true;
			beside_free(b, n);
		}
	return false;
}

/* The badge's Figure: what a screen reader says for it, the goal's
 * name as the template gives it (without its phrase marks). */
static size_t badge_node(Doc *doc, size_t parent, const Template *t, int goal,
                         Box b)
{
	if (doc == NULL)
		return NODE_ARTIFACT;
	size_t n = doc_node(doc, parent, "Figure");
	const char *name = t->sdg_names[goal - 1] ? t->sdg_names[goal - 1]
	                                          : facts[goal - 1].name;
	Buf alt = {0};
	buf_printf(&alt, "SDGs 目標%d ", goal);
	for (const char *c = name; *c; c++)
		if (*c != '/')
			buf_addc(&alt, *c);
	doc->nodes[n].alt = buf_take(&alt);
	doc->nodes[n].bbox = b;
	return n;
}

static int badges_beside(const LayoutContext *ctx, Page *p, const Sheet *s,
                         const TCell *cell, Box in, size_t n, Doc *doc,
                         size_t parent)
{
	const Style *st = &cell->st;
	Beside b = {0};
	if (!beside_find(ctx, s, cell, in, n, &b)) {
		diag_at(ctx->d, DIAG_ERROR, s->file, s->sdgs_pos.line, s->sdgs_pos.col,
		        _("sdgs"), _("%zu SDG badges do not fit their cell"), n);
		return 1;
	}
	int errors = 0;
	double gap = cell->badge_gap, y = in.y, row_h = 0;
	size_t k = 0;
	for (size_t i = 0; i < s->nsdgs; i++) {
		const Sdg *g = &s->sdgs[i];
		if (g->goal < 1 || g->goal > 17)
			continue;
		if (k % b.cols == 0) {
			y += row_h + (k ? gap : 0);
			row_h = 0;
		}
		Lines *l = &b.names[k];
		double x = in.x + (double)(k % b.cols) * (b.entry_w + gap);
		Box square = {x, y, cell->badge, cell->badge};
		double h = (double)l->n * line_height(l);
		/* Square and name are one figure, its name said once. */
		page_tag(p, badge_node(doc, parent, ctx->t, g->goal,
		                       (Box){x, y, b.entry_w, fmax(cell->badge, h)}));
		page_add_fill(p, square, colour(facts[g->goal - 1].rgb));
		FieldRef ref = {s->file, g->pos, _("sdgs")};
		errors += badge_number(ctx, p, g, st, cell->badge * cell->badge_number,
		                       square, ALIGN_CENTER, ref);
		double top = y + fmax(0, (cell->badge - h) / 2);
		Box name = {x + cell->badge + gap, top, b.entry_w - cell->badge - gap, h};
		emit_lines(p, l, 0, l->n, name, top, (Rgb){0, 0, 0});
		page_tag(p, NODE_ARTIFACT);
		row_h = fmax(row_h, fmax(cell->badge, h));
		k++;
	}
	beside_free(&b, n);
	return errors;
}

int sdg_badges(const LayoutContext *ctx, Page *p, const Sheet *s,
               const TCell *cell, Box area, Doc *doc, size_t parent)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nsdgs; i++)
		n += s->sdgs[i].goal >= 1 && s->sdgs[i].goal <= 17;
	if (n == 0)
		return 0;
	double gap = cell->badge_gap;
	Box in = inner_box(area, gap);
	if (cell->names_beside)
		return badges_beside(ctx, p, s, cell, in, n, doc, parent);
	size_t cols;
	double side = badge_side(cell->badge, gap, in, n, &cols);
	if (side <= 0) {
		diag_at(ctx->d, DIAG_ERROR, s->file, s->sdgs_pos.line, s->sdgs_pos.col,
		        _("sdgs"), _("%zu SDG badges do not fit their cell"), n);
		return 1;
	}
	int errors = 0;
	size_t k = 0;
	for (size_t i = 0; i < s->nsdgs; i++) {
		if (s->sdgs[i].goal < 1 || s->sdgs[i].goal > 17)
			continue;
		Box b = {in.x + (double)(k % cols) * (side + gap),
		         in.y + (double)(k / cols) * (side + gap), side, side};
		page_tag(p, badge_node(doc, parent, ctx->t, s->sdgs[i].goal, b));
		errors += draw_badge(ctx, p, &s->sdgs[i], b, cell, s->file);
		page_tag(p, NODE_ARTIFACT);
		k++;
	}
	return errors;
}
