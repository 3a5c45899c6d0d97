/* layout_text.c: see layout_text.h. */
#include "layout_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout_cache.h"
#include "text.h"
#include "util.h"

/* Glyphs sit in a line box with the font's ascent and descent
 * (fonts_extents) centred in it (typesetting.md §5). */
#define SHRINK_STEP 0.5

FieldRef block_ref(const Block *b)
{
	return (FieldRef){b->file, b->pos, b->field};
}

Box inner_box(Box b, double padding)
{
	return (Box){b.x + padding, b.y + padding, b.w - 2 * padding,
	             b.h - 2 * padding};
}

double line_height(const Lines *l)
{
	return l->st->leading * l->size;
}

double lines_height(const Lines *l)
{
	return (double)l->n * line_height(l) + 2 * l->st->padding;
}

double glyph_centre(const LayoutContext *ctx, const Style *st)
{
	double ascent, descent;
	fonts_extents(ctx->fonts, st->font, &ascent, &descent);
	return (ascent - descent) / 2;
}

/* The baseline's offset below the top of a line box, pt. */
static double baseline_offset(const Lines *l)
{
	double lh = line_height(l);
	return (lh - (l->ascent + l->descent) * l->size) / 2 + l->ascent * l->size;
}

void lines_free(Lines *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static SetLine *new_line(Lines *out)
{
	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
	SetLine *sl = &out->v[out->n++];
	memset(sl, 0, sizeof *sl);
	return sl;
}

static void add_run(SetLine *sl, const char *s, size_t len, double x, double w)
{
	if (len == 0)
		return;
	sl->runs[sl->nruns++] = (Run){s, len, x, w, false};
	sl->right = x + w;
}

/* ---------------------------------------------------------------- */
/* Glyph coverage                                                    */

int check_glyphs(const LayoutContext *ctx, const Style *st, const char *s,
                 FieldRef ref)
{
	size_t len = strlen(s);
	/* A text once found clean is not looked at again in the run's
	 * later passes: the book took 322.4 instead of 349.8 M instructions
	 * (callgrind), its layout_book 108.2 instead of 135.6 M.  A dry
	 * trial checks too (what it says is dropped): a book's trials run
	 * in another thread (layout_book.c), and what they find clean the
	 * sheet laid out for real skips.  Unchecked when dry, the book's
	 * main thread took 98.9 instead of 95.8 M instructions (callgrind),
	 * though all threads 187.2 instead of 188.0 M. */
	CachedText *ct = ctx->cache ? layout_cache_text(ctx->cache, s, len, st->font)
	                            : NULL;
	if (ct && ct->glyphs_ok)
		return 0;
	int errors = 0;
	uint32_t reported[8];
	size_t nreported = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0xFFFD;
		size_t n = utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		if (cp == '\n' || text_is_invisible(cp))
			continue;
		bool beyond = cp > 0xFFFF;
		if (!beyond && fonts_has_glyph(ctx->fonts, st->font, cp))
			continue;
		bool seen = false;
		for (size_t k = 0; k < nreported; k++)
			seen = seen || reported[k] == cp;
		if (seen)
			continue;
		if (nreported < 8)
			reported[nreported++] = cp;
		Buf ch = {0};
		buf_add_utf8(&ch, cp);
		if (beyond)
			diag_at(ctx->d, DIAG_ERROR, ref.file, ref.pos.line, ref.pos.col,
			        ref.field, _("character U+%04X \"%s\" is beyond U+FFFF "
			        "and cannot be embedded (libharu 2.3.0); use another "
			        "character"),
			        (unsigned)cp, ch.data);
		else
			diag_at(ctx->d, DIAG_ERROR, ref.file, ref.pos.line, ref.pos.col,
			        ref.field, _("character U+%04X \"%s\" cannot be drawn by "
			        "the font %s; use another character"), (unsigned)cp, ch.data,
			        fonts_family(ctx->fonts, st->font));
		buf_free(&ch);
		errors++;
	}
	if (ct && errors == 0)
		ct->glyphs_ok = true;
	return errors;
}

bool glyphs_known_clean(const LayoutContext *ctx, const Style *st,
                        const char *s)
{
	return ctx->cache &&
	       layout_cache_text(ctx->cache, s, strlen(s), st->font)->glyphs_ok;
}

int check_block_glyphs(const LayoutContext *ctx, const Style *st,
                       const Block *b)
{
	int errors = 0;
	for (size_t i = 0; i < b->n; i++) {
		FieldRef ref = {b->file, b->paras[i].pos, b->field};
		errors += check_glyphs(ctx, st, b->paras[i].text, ref);
		if (b->paras[i].label)
			errors += check_glyphs(ctx, st, b->paras[i].label, ref);
	}
	return errors;
}

/* ---------------------------------------------------------------- */
/* Setting paragraphs                                                */

/* A label's or number's width in em, measured once a run: measured
 * each time (2,555 times), the book took 210.9 instead of 209.9 M
 * instructions (callgrind), its layout_book 54.2 instead of 53.1 M. */
static double measure(const LayoutContext *ctx, const Style *st, const char *s,
                      size_t len)
{
	FontMeasure fm = {ctx->fonts, st->font};
	CachedText *ct = ctx->cache ? layout_cache_text(ctx->cache, s, len, st->font)
	                            : NULL;
	if (ct && ct->measured)
		return ct->em;
	double em = text_width(s, len, fonts_measure, &fm);
	if (ct) {
		ct->em = em;
		ct->measured = true;
	}
	return em;
}

static double label_hang(const LayoutContext *ctx, const Style *st,
                         const char *label)
{
	if (label == NULL || label[0] == '\0')
		return 0;
	return measure(ctx, st, label, strlen(label)) + st->label_gap;
}

/* True when the line [start, end) holds a single grapheme cluster. */
static bool one_cluster(const char *text, size_t len, const TextLine *l)
{
	return l->end > l->start && text_next_cluster(text, len, l->start) >= l->end;
}

bool cell_push_out(const char *text, size_t len, double width, BreakMode mode,
                   TextMeasure measure, void *ctx, TextLines *lines)
{
	if (lines->n < 2 || !one_cluster(text, len, &lines->v[lines->n - 1]))
		return false;
	TextLine *prev = &lines->v[lines->n - 2];
	const TextLine *last = &lines->v[lines->n - 1];
	if (memchr(text + prev->end, '\n', last->start - prev->end))
		return false;
	/* The previous line broken again a little narrower (more than the
	 * breaker's 0.001 em tolerance): its text ends at its last
	 * opportunity before the old end. */
	size_t from = prev->start;
	TextLines head = {0}, tail = {0};
	size_t bad;
	bool done = false;
	if (text_break(text + from, len - from, prev->width - 0.01, mode, measure,
	               ctx, &head, &bad) == 0 && head.n >= 2 &&
	    !one_cluster(text + from, len - from, &head.v[0])) {
		size_t rest = from + head.v[0].end;
		while (rest < len && text[rest] == ' ')
			rest++;
		if (text_break(text + rest, len - rest, width, mode, measure, ctx, &tail,
		               &bad) == 0 && tail.n == 1 &&
		    !one_cluster(text + rest, len - rest, &tail.v[0])) {
			*prev = (TextLine){from + head.v[0].start, from + head.v[0].end,
			                   head.v[0].width, head.v[0].hyphen};
			lines->v[lines->n - 1] = (TextLine){rest + tail.v[0].start,
			                                    rest + tail.v[0].end,
			                                    tail.v[0].width, tail.v[0].hyphen};
			done = true;
		}
	}
	text_lines_free(&head);
	text_lines_free(&tail);
	return done;
}

/* The lines of text[0..len) in avail em, pushed out (§3.4), in *lines
 * (the cache's, else set in scratch); returns text_break's result.
 * With a cache, a paragraph is split, measured and classed once a
 * layout run and broken once per width: the book took 349.8 instead of
 * 401.0 M instructions (callgrind), its layout_book 135.6 instead of
 * 186.6 M.  Its lines are read where the cache keeps them, not copied:
 * copied, the book took 202.6 instead of 201.0 M, its layout_book
 * 48.0 instead of 46.4 M. */
static int paragraph_lines(const LayoutContext *ctx, const Style *st,
                           const char *text, size_t len, double avail,
                           TextLines *scratch, const TextLines **lines,
                           size_t *bad)
{
	FontMeasure fm = {ctx->fonts, st->font};
	if (ctx->cache == NULL) {
		int rc = text_break(text, len, avail, st->mode, fonts_measure, &fm,
		                    scratch, bad);
		if (rc == 0)
			cell_push_out(text, len, avail, st->mode, fonts_measure, &fm,
			              scratch);
		*lines = scratch;
		return rc;
	}
	CachedText *ct = layout_cache_text(ctx->cache, text, len, st->font);
	const CachedLines *hit = cached_lines_find(ct, st->mode, avail);
	if (hit == NULL) {
		TextPara **para = &ct->para[st->mode];
		if (*para == NULL)
			*para = text_prepare(text, len, st->mode, fonts_measure, &fm,
			                     layout_cache_memo(ctx->cache, st->font));
		TextLines tl = {0};
		size_t at = 0;
		int rc = text_break_prepared(*para, avail, &tl, &at);
		if (rc == 0)
			cell_push_out(text, len, avail, st->mode, fonts_measure, &fm, &tl);
		hit = cached_lines_take(ct, st->mode, avail, rc, at, &tl);
	}
	*lines = &hit->lines;
	*bad = hit->bad;
	return hit->rc;
}

typedef struct ParaSetting {
	const char *cell_label;   /* on the block's first line only */
	double hang1, hang2;      /* em */
	bool first_of_block;
} ParaSetting;

static int set_one_paragraph(const LayoutContext *ctx, const Style *st,
                             double width_em, const Para *para, ParaSetting *ps,
                             FieldRef ref, Lines *out)
{
	const char *label = para->label;
	double hang2 = label_hang(ctx, st, label);
	double avail = width_em - ps->hang1 - hang2;
	/* §4: labels must leave 2 em for the text they hang over. */
	bool hangs = ps->hang1 + hang2 > 0;
	if ((hangs && avail < 2) || avail <= 0) {
		diag_at(ctx->d, DIAG_ERROR, ref.file, para->pos.line, para->pos.col,
		        ref.field, _("its labels leave %.1f em for the text, less "
		        "than 2 em; shorten the label"), avail);
		return 1;
	}
	TextLines scratch = {0};
	const TextLines *tl;
	size_t bad = 0;
	size_t len = strlen(para->text);
	int errors = 0;
	if (paragraph_lines(ctx, st, para->text, len, avail, &scratch, &tl,
	                    &bad) != 0) {
		diag_at(ctx->d, DIAG_ERROR, ref.file, para->pos.line, para->pos.col,
		        ref.field, _("a character at byte %zu is wider than its cell"),
		        bad);
		errors++;
	}
	size_t nlines = tl->n ? tl->n : 1;
	/* Room for just its lines: most cells hold two or three, and eight
	 * (xgrow's first) take a slower malloc: the book took 201.0 instead
	 * of 200.6 M instructions (callgrind), its layout_book 46.4 instead
	 * of 46.0 M. */
	if (out->n + nlines > out->cap) {
		out->cap = out->n + nlines;
		out->v = xrealloc(out->v, out->cap * sizeof *out->v);
	}
	for (size_t i = 0; i < nlines; i++) {
		SetLine *sl = new_line(out);
		sl->para_start = i == 0;
		if (ps->first_of_block && ps->cell_label)
			add_run(sl, ps->cell_label, strlen(ps->cell_label), 0,
			        ps->hang1 - st->label_gap);
		ps->first_of_block = false;
		if (i == 0 && label)
			add_run(sl, label, strlen(label), ps->hang1, hang2 - st->label_gap);
		if (tl->n > 0) {
			const TextLine *t = &tl->v[i];
			add_run(sl, para->text + t->start, t->end - t->start,
			        ps->hang1 + hang2, t->width);
			if (sl->nruns > 0 && t->hyphen)
				sl->runs[sl->nruns - 1].hyphen = true;
		}
	}
	text_lines_free(&scratch);
	return errors;
}

int set_paragraphs(const LayoutContext *ctx, const Style *st, double size,
                   double inner_w, const char *cell_label, const Para *paras,
                   size_t n, FieldRef ref, Lines *out)
{
	out->st = st;
	out->size = size;
	/* Asked of the font once a run: asked each time (576 instructions,
	 * 3,201 times), the book took 212.7 instead of 210.9 M instructions
	 * (callgrind), its layout_book 55.9 instead of 54.2 M. */
	if (ctx->cache)
		layout_cache_extents(ctx->cache, ctx->fonts, st->font, &out->ascent,
		                     &out->descent);
	else
		fonts_extents(ctx->fonts, st->font, &out->ascent, &out->descent);
	double width_em = inner_w / size;
	ParaSetting ps = {cell_label, label_hang(ctx, st, cell_label), 0, true};
	int errors = 0;
	for (size_t i = 0; i < n; i++)
		errors += set_one_paragraph(ctx, st, width_em, &paras[i], &ps, ref, out);
	if (n == 0 && cell_label && cell_label[0]) {
		SetLine *sl = new_line(out);
		sl->para_start = true;
		add_run(sl, cell_label, strlen(cell_label), 0, ps.hang1 - st->label_gap);
	}
	return errors;
}

int set_string(const LayoutContext *ctx, const Style *st, double size,
               double inner_w, const char *s, FieldRef ref, Lines *out)
{
	Para p = {NULL, (char *)s, ref.pos};
	return set_paragraphs(ctx, st, size, inner_w, NULL, &p, 1, ref, out);
}

/* ---------------------------------------------------------------- */
/* Fitting                                                           */

/* Room for how many lines of leading × size in height h (pt); the
 * tolerance absorbs rounding in the cell's geometry. */
static size_t lines_room(double h, double leading, double size)
{
	return (size_t)floor((h + 1e-3) / (leading * size));
}

int fit_paragraphs(const LayoutContext *ctx, const Style *st, Box box,
                   const Para *paras, size_t n, FieldRef ref, Lines *out)
{
	Box in = inner_box(box, st->padding);
	/* Every half point from the size down, and the minimum itself last
	 * even when the steps pass it by. */
	for (double size = st->size;; size = fmax(size - SHRINK_STEP, st->min_size)) {
		lines_free(out);
		/* A silent trial: width errors are reported on the final pass. */
		Diag silent = {0};
		LayoutContext trial = *ctx;
		trial.d = &silent;
		int errors = set_paragraphs(&trial, st, size, in.w, NULL, paras, n,
		                            ref, out);
		if (errors == 0 && out->n <= lines_room(in.h, st->leading, size)) {
			if (size < st->size - 1e-9)
				diag_at(ctx->d, DIAG_NOTE, ref.file, ref.pos.line, ref.pos.col,
				        ref.field, _("set at %g pt (template %g pt) to fit its "
				        "cell"),
				        size, st->size);
			return 0;
		}
		if (size <= st->min_size + 1e-9)
			break;
	}
	lines_free(out);
	int errors = set_paragraphs(ctx, st, st->min_size, in.w, NULL, paras, n,
	                            ref, out);
	if (errors)
		return errors;
	int room = (int)lines_room(in.h, st->leading, st->min_size);
	diag_at(ctx->d, DIAG_ERROR, ref.file, ref.pos.line, ref.pos.col, ref.field,
	        _("does not fit its cell at %g pt (%zu lines, room for %d); "
	        "shorten it"),
	        st->min_size, out->n, room);
	return 1;
}

int fit_string(const LayoutContext *ctx, const Style *st, Box box,
               const char *s, FieldRef ref, Lines *out)
{
	Para p = {NULL, (char *)s, ref.pos};
	return fit_paragraphs(ctx, st, box, &p, 1, ref, out);
}

int fit_one_line(const LayoutContext *ctx, const Style *st, double inner_w,
                 const char *s, FieldRef ref, Lines *out)
{
	double em = measure(ctx, st, s, strlen(s));
	/* Below the template's minimum if it must: a number's column is
	 * narrow, and "(1000)" has to fit it too. */
	for (double size = st->size; size >= st->size / 3 - 1e-9;
	     size -= SHRINK_STEP)
		if (em * size <= inner_w + 1e-3)
			return set_string(ctx, st, size, inner_w, s, ref, out);
	/* Wider than the cell even at a third of its size: a text (no="…"),
	 * not a number, and broken like any text. */
	return set_string(ctx, st, st->size, inner_w, s, ref, out);
}

/* ---------------------------------------------------------------- */
/* Emitting                                                          */

static double align_offset(const Style *st, double inner_w, double line_w)
{
	switch (st->align) {
	case ALIGN_CENTER:
		return fmax(0, (inner_w - line_w) / 2);
	case ALIGN_RIGHT:
		return fmax(0, inner_w - line_w);
	case ALIGN_LEFT:
		break;
	}
	return 0;
}

void emit_lines(Page *p, const Lines *l, size_t from, size_t to, Box inner,
                double y_top, Rgb color)
{
	double lh = line_height(l);
	double baseline = baseline_offset(l);
	for (size_t i = from; i < to && i < l->n; i++) {
		const SetLine *sl = &l->v[i];
		double y = y_top + (double)(i - from) * lh + baseline;
		double dx = align_offset(l->st, inner.w, sl->right * l->size);
		for (int r = 0; r < sl->nruns; r++) {
			const Run *run = &sl->runs[r];
			/* Most runs are drawn as they are, not copied into a
			 * buffer first: copied, the book's emit_lines took 2.4
			 * instead of 1.2 M instructions (callgrind). */
			Buf shown = {0};
			const char *t = run->s;
			size_t n = run->len;
			if (run->hyphen || !text_all_visible(run->s, run->len)) {
				text_visible(run->s, run->len, run->hyphen, &shown);
				t = shown.data;
				n = shown.len;
			}
			if (n > 0)
				page_add_text(p, inner.x + dx + run->x * l->size, y,
				              l->st->font, l->size, t, n,
				              run->w * l->size, color, inner);
			buf_free(&shown);
		}
	}
}

void emit_in_box(Page *p, const Lines *l, Box box, Rgb color)
{
	Box in = inner_box(box, l->st->padding);
	double h = (double)l->n * line_height(l);
	double y = in.y + fmax(0, (in.h - h) / 2);
	emit_lines(p, l, 0, l->n, in, y, color);
}

/* ---------------------------------------------------------------- */
/* Vertical text (§6)                                                */

static size_t count_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void emit_vertical_char(Page *p, double size, size_t font, Box in,
                               double slot_top, uint32_t cp, bool rotate,
                               double advance, double centre)
{
	Buf ch = {0};
	buf_add_utf8(&ch, cp);
	double cx = in.x + in.w / 2, cy = slot_top + size / 2;
	double w = advance * size;
	size_t before = p->nitems;
	if (rotate) {
		/* Turned 90° clockwise about the slot's centre: the origin that
		 * puts the glyph's centre (w/2, centre em up) on (cx, cy). */
		page_add_text(p, cx - centre * size, cy - w / 2, font, size,
		              ch.data, ch.len, w, (Rgb){0, 0, 0}, in);
		p->items[before].angle = -90;
	} else {
		page_add_text(p, cx - w / 2, cy + centre * size, font, size,
		              ch.data, ch.len, w, (Rgb){0, 0, 0}, in);
	}
	buf_free(&ch);
}

int emit_vertical(const LayoutContext *ctx, Page *p, const Style *st,
                  Box box, const char *s, FieldRef ref)
{
	Box in = inner_box(box, st->padding);
	size_t n = count_chars(s);
	if (n == 0)
		return 0;
	double size = st->size;
	while (size > st->min_size + 1e-9 && (in.h / (double)n < size || size > in.w))
		size -= SHRINK_STEP;
	if (in.h / (double)n < size - 1e-9 || size > in.w + 1e-9) {
		diag_at(ctx->d, DIAG_ERROR, ref.file, ref.pos.line, ref.pos.col,
		        ref.field, _("vertical label \"%s\" does not fit its column "
		        "at %g pt"),
		        s, st->min_size);
		return 1;
	}
	double pitch = fmin(in.h / (double)n, 2 * size);
	double top = in.y + (in.h - pitch * (double)n) / 2 + (pitch - size) / 2;
	size_t len = strlen(s);
	int errors = 0;
	for (size_t i = 0, k = 0; i < len; k++) {
		uint32_t cp = 0;
		size_t adv = utf8_decode(s + i, len - i, &cp);
		i += adv ? adv : 1;
		bool rotate = false;
		uint32_t form = text_vertical_form(cp, &rotate);
		if (form == 0) {
			diag_at(ctx->d, DIAG_ERROR, ref.file, ref.pos.line, ref.pos.col,
			        ref.field, _("U+%04X cannot be set vertically"), (unsigned)cp);
			errors++;
			continue;
		}
		double advance = fonts_advance(ctx->fonts, st->font, form);
		emit_vertical_char(p, size, st->font, in,
		                   top + (double)k * pitch, form, rotate, advance,
		                   glyph_centre(ctx, st));
	}
	return errors;
}
