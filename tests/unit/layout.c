/* tests/unit/layout.c: rows that grow and split across pages
 * (layout_row.h): whole rows keep their height, a split never cuts a
 * line, every line is drawn once, cells whose lines do not line up still
 * split, and a part that cannot hold a line is refused. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout_row.h"
#include "util.h"

static int passed, failed;

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		if (cond) {                                               \
			passed++;                                         \
		} else {                                                  \
			failed++;                                         \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);       \
			printf(__VA_ARGS__);                              \
			printf("\n");                                     \
		}                                                         \
	} while (0)

static char names[2][64][16];

/* A cell of n lines of one em at size (leading 1), the first at top. */
static void fill_cell(Cell *c, const Style *st, int id, int n, double top)
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
	}
	cell_add(c, &l, top);
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
		if (!row_plan_part(r, &s, room, &part))
			break;
		Page *p = doc_add_page(&doc, 500, 500);
		row_draw_part(ctx, p, r, &s, &part, 10, true, (FieldRef){"t", {0, 0}, "f"});
		tally(p, 0, 10, part.height, d);
		CHECK(part.height <= room + 1e-6, "part %d is %.2f high, room %.2f", parts, part.height, room);
		parts++;
		if (part.last)
			break;
	}
	doc_free(&doc);
	return parts;
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
	CHECK(row_plan_part(&r, &s, 300, &part) && part.last &&
	      fabs(part.height - row_height(&r)) < 1e-6, "whole part height %.2f", part.height);

	/* Room for less than one line: refused, so the caller turns the page. */
	row_split_start(&s);
	CHECK(!row_plan_part(&r, &s, 11, &part), "no line fits in 11 pt");

	/* An empty row keeps its minimum height. */
	Row empty = {.min_height = 30};
	empty.cells[0] = (Cell){.x = 0, .w = 100};
	empty.ncells = 1;
	row_split_start(&s);
	CHECK(row_plan_part(&empty, &s, 100, &part) && part.last &&
	      fabs(part.height - 30) < 1e-6, "empty row height %.2f", part.height);
	row_split_start(&s);
	CHECK(!row_plan_part(&empty, &s, 20, &part), "an empty row taller than the room moves");

	row_free(&r);
	row_free(&empty);
	printf("layout: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
