/* tests/unit/layout.c: rows that grow and split across pages
 * (layout_row.h): whole rows keep their height, a split never cuts a
 * line, every line is drawn once, cells whose lines do not line up still
 * split, and a part that cannot hold a line is refused.  A break keeps
 * two lines of a paragraph on each side (loose only first on a page),
 * and a continued part repeats the title and the carried label. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout_row.h"
#include "util.h"
#include "check.h"

static int passed, failed;

static char names[2][64][16];

/* A cell of n lines of one em at size (leading 1), the first at top;
 * paragraphs start at the lines whose bit is set in starts (line 0
 * always). */
static void fill_paras(Cell *c, const Style *st, int id, int n, double top,
                       unsigned long starts)
{
	Lines l = {.st = st, .size = st->size, .ascent = 0.88, .descent = 0.12};
	for (int k = 0; k < n; k++) {
		snprintf(names[id][k], sizeof names[id][k], "%c%02d", 'A' + id, k);
		xgrow((void **)&l.v, &l.cap, l.n + 1, sizeof *l.v);
		SetLine *sl = &l.v[l.n++];
		memset(sl, 0, sizeof *sl);
		sl->runs[0] = (Run){names[id][k], 3, 0, 1, false};
		sl->nruns = 1;
		sl->right = 1;
		sl->para_start = k == 0 || (starts >> k & 1);
	}
	cell_add(c, &l, top);
}

static void fill_cell(Cell *c, const Style *st, int id, int n, double top)
{
	fill_paras(c, st, id, n, top, 0);
}

typedef struct Drawn {
	int count[2][64];
	int outside;             /* text outside its part */
} Drawn;

static void tally(const Page *p, size_t from, double y, double h, Drawn *d)
{
	for (size_t i = from; i < p->nitems; i++) {
		const Item *it = &p->items[i];
		if (it->kind != ITEM_TEXT)
			continue;
		int id = it->text[0] - 'A', k = (it->text[1] - '0') * 10 + (it->text[2] - '0');
		d->count[id][k]++;
		if (it->y - 0.88 * it->size < y - 1e-6 || it->y + 0.12 * it->size > y + h + 1e-6)
			d->outside++;
	}
}

/* Places the row on pages of the given room; returns the parts used. */
static int place(const LayoutContext *ctx, const Row *r, double room, Drawn *d)
{
	Doc doc = {0};
	RowSplit s;
	row_split_start(&s);
	int parts = 0;
	for (int guard = 0; guard < 100; guard++) {
		RowPart part;
		if (!row_plan_part(r, &s, room, true, &part))
			break;
		Page *p = doc_add_page(&doc, 500, 500);
		row_draw_part(ctx, p, r, &s, &part, 10, (FieldRef){"t", {0, 0}, "f"});
		tally(p, 0, 10, part.height, d);
		CHECK(part.height <= room + 1e-6, "part %d is %.2f high, room %.2f", parts, part.height, room);
		parts++;
		if (part.last)
			break;
	}
	doc_free(&doc);
	return parts;
}

/* One cell of lines of 10 pt from offset 2 (padding 2). */
static void one_cell_row(Row *r, const Style *st, int n, unsigned long starts)
{
	*r = (Row){.rule_top = true, .rule_bottom = true};
	r->cells[0] = (Cell){.x = 0, .w = 100};
	r->ncells = 1;
	fill_paras(&r->cells[0], st, 0, n, 2, starts);
}

static void test_orphans_widows(const Style *st)
{
	Row r;
	RowSplit s;
	RowPart part;
	/* Four lines, room for three: the last would be a widow, so two go. */
	one_cell_row(&r, st, 4, 0);
	row_split_start(&s);
	CHECK(row_plan_part(&r, &s, 36, false, &part) && !part.last &&
	      fabs(part.to[0] - 22) < 1e-6, "4 lines in room for 3 break after 2 (to %.1f)",
	      part.to[0]);
	/* Room for one: an orphan; refused, unless nothing else would fit a
	 * fresh page. */
	row_split_start(&s);
	CHECK(!row_plan_part(&r, &s, 16, false, &part), "one line of four is an orphan");
	row_split_start(&s);
	CHECK(row_plan_part(&r, &s, 16, true, &part) && fabs(part.to[0] - 12) < 1e-6,
	      "first on a page, one line goes (to %.1f)", part.to[0]);
	row_free(&r);
	/* Two lines, then three: the break goes before the second paragraph. */
	one_cell_row(&r, st, 5, 1ul << 2);
	row_split_start(&s);
	CHECK(row_plan_part(&r, &s, 36, false, &part) && fabs(part.to[0] - 22) < 1e-6,
	      "break at the paragraph boundary (to %.1f)", part.to[0]);
	row_free(&r);
}

/* The title again and the carried label head a continued part. */
static void test_carried(const LayoutContext *ctx, const Style *st)
{
	Row r;
	one_cell_row(&r, st, 8, 0);
	Lines title = {.st = st, .size = st->size}, again = {.st = st, .size = st->size};
	static char tt[] = "T00", ag[] = "B00";
	xgrow((void **)&title.v, &title.cap, 1, sizeof *title.v);
	title.v[title.n++] = (SetLine){.runs = {{tt, 3, 0, 1, false}}, .nruns = 1, .right = 1};
	xgrow((void **)&again.v, &again.cap, 1, sizeof *again.v);
	again.v[again.n++] = (SetLine){.runs = {{ag, 3, 0, 1, false}}, .nruns = 1, .right = 1};
	r.cells[0].segs[0].again = again;
	r.title_again = &title;
	r.title_here = true;
	RowSplit s;
	RowPart part;
	row_split_start(&s);
	Doc doc = {0};
	Page *p = doc_add_page(&doc, 500, 500);
	CHECK(row_plan_part(&r, &s, 56, true, &part) && !part.last, "8 lines split");
	row_draw_part(ctx, p, &r, &s, &part, 0, (FieldRef){"t", {0, 0}, "f"});
	int heads = 0;
	for (size_t i = 0; i < p->nitems; i++)
		heads += p->items[i].kind == ITEM_TEXT && p->items[i].text[0] != 'A';
	CHECK(heads == 0, "the row's first part repeats nothing (%d)", heads);
	p = doc_add_page(&doc, 500, 500);
	CHECK(row_plan_part(&r, &s, 200, true, &part) && part.last, "the rest fits");
	row_draw_part(ctx, p, &r, &s, &part, 0, (FieldRef){"t", {0, 0}, "f"});
	double title_y = -1, again_y = -1, first_y = -1;
	for (size_t i = 0; i < p->nitems; i++) {
		const Item *it = &p->items[i];
		if (it->kind != ITEM_TEXT)
			continue;
		if (it->text[0] == 'T')
			title_y = it->y;
		else if (it->text[0] == 'B')
			again_y = it->y;
		else if (first_y < 0)
			first_y = it->y;
	}
	CHECK(title_y > 0 && again_y > title_y && first_y > again_y,
	      "title (%.1f), then label (%.1f), then the text (%.1f)", title_y, again_y,
	      first_y);
	CHECK(fabs(part.height - (2 + 10 + 10 + 10 * 3 + 2)) < 1e-6,
	      "the continued part is %.1f high, heads included", part.height);
	lines_free(&title);
	doc_free(&doc);
	row_free(&r);
}

int main(void)
{
	Template t = {0};
	t.rule_inner = 0.25;
	t.shade = (Rgb){0.9, 0.9, 0.9};
	LayoutContext ctx = {.t = &t};
	Style st = {.size = 10, .leading = 1, .padding = 2};

	/* Two cells whose lines are offset by half a line (point rows). */
	Row r = {.rule_top = true, .rule_bottom = true};
	r.cells[0] = (Cell){.x = 0, .w = 100};
	r.cells[1] = (Cell){.x = 100, .w = 100};
	r.ncells = 2;
	fill_cell(&r.cells[0], &st, 0, 20, 2);
	fill_cell(&r.cells[1], &st, 1, 20, 7);
	CHECK(fabs(row_height(&r) - (7 + 200 + 2)) < 1e-6, "row height %.2f", row_height(&r));

	Drawn d = {0};
	int parts = place(&ctx, &r, 60, &d);
	CHECK(parts >= 4, "a 209 pt row on 60 pt pages takes %d parts", parts);
	int once = 0;
	for (int id = 0; id < 2; id++)
		for (int k = 0; k < 20; k++)
			once += d.count[id][k] == 1;
	CHECK(once == 40, "%d of 40 lines drawn exactly once", once);
	CHECK(d.outside == 0, "%d lines outside their part", d.outside);

	/* A row that fits is one part of its full height. */
	Drawn whole = {0};
	CHECK(place(&ctx, &r, 300, &whole) == 1, "a row that fits is one part");
	RowSplit s;
	RowPart part;
	row_split_start(&s);
	CHECK(row_plan_part(&r, &s, 300, false, &part) && part.last &&
	      fabs(part.height - row_height(&r)) < 1e-6, "whole part height %.2f", part.height);

	/* Room for less than one line: refused, so the caller turns the page. */
	row_split_start(&s);
	CHECK(!row_plan_part(&r, &s, 11, true, &part), "no line fits in 11 pt");

	/* An empty row keeps its minimum height. */
	Row empty = {.min_height = 30};
	empty.cells[0] = (Cell){.x = 0, .w = 100};
	empty.ncells = 1;
	row_split_start(&s);
	CHECK(row_plan_part(&empty, &s, 100, false, &part) && part.last &&
	      fabs(part.height - 30) < 1e-6, "empty row height %.2f", part.height);
	row_split_start(&s);
	CHECK(!row_plan_part(&empty, &s, 20, false, &part), "an empty row taller than the room moves");

	test_orphans_widows(&st);
	test_carried(&ctx, &st);
	row_free(&r);
	row_free(&empty);
	printf("layout: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
