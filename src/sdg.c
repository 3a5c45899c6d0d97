/* sdg.c: see sdg.h. */
#include "sdg.h"

#include <math.h>
#include <stdlib.h>

#include "i18n.h"
#include "layout_text.h"
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

static int draw_badge(const LayoutContext *ctx, Page *p, const Sdg *g, Box b,
                      const TCell *cell, const char *file)
{
	const SdgFact *f = &facts[g->goal - 1];
	page_add_fill(p, b, colour(f->rgb));
	const Style *st = &cell->st;
	/* The number takes the top of the badge, the name the rest. */
	double split = cell->badge_split;
	Style number = *st;
	number.size = b.h * cell->badge_number;
	number.min_size = number.size;
	number.align = ALIGN_LEFT;
	char *digits = xasprintf("%d", g->goal);
	FieldRef ref = {file, g->pos, _("sdgs")};
	Lines l = {0};
	int errors = set_string(ctx, &number, number.size, b.w, digits, ref, &l);
	emit_lines(p, &l, 0, l.n, (Box){b.x + st->padding, b.y, b.w, b.h * split},
	           b.y + st->padding * 0.5, WHITE);
	lines_free(&l);
	free(digits);
	Box name = {b.x, b.y + b.h * split, b.w, b.h * (1 - split)};
	/* The name's size is the style's on a badge of the template's side. */
	Style scaled = *st;
	double scale = b.w / cell->badge;
	scaled.size = fmax(st->min_size, st->size * fmin(1, scale));
	errors += fit_string(ctx, &scaled, name, f->name, ref, &l);
	emit_in_box(p, &l, name, WHITE);
	lines_free(&l);
	return errors;
}

int sdg_badges(const LayoutContext *ctx, Page *p, const Sheet *s,
               const TCell *cell, Box area)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nsdgs; i++)
		n += s->sdgs[i].goal >= 1 && s->sdgs[i].goal <= 17;
	if (n == 0)
		return 0;
	double gap = cell->badge_gap;
	Box in = inner_box(area, gap);
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
		errors += draw_badge(ctx, p, &s->sdgs[i], b, cell, s->file);
		k++;
	}
	return errors;
}
