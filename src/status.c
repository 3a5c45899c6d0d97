/* status.c: see status.h.  Sections: counting, text, CSV, JSON. */
#include "status.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* ---------------------------------------------------------------- */
/* Counting                                                          */

/* One column of one step: its cells (the step's, or its points'). */
typedef struct Tally {
	long cells, filled, missing;
	bool printed;
} Tally;

typedef struct Row {
	const Initiative *in;
	const Step *st;
	Tally cols[COL_COUNT];
} Row;

typedef struct SheetStatus {
	const Sheet *s;
	Row *rows;
	size_t nrows, cap;
	long filled, missing;       /* table cells and the sheet's own fields */
	long missing_fields;        /* department, goal */
} SheetStatus;

static void tally_cell(void *arg, const CellCheck *c)
{
	SheetStatus *ss = arg;
	if (ss->nrows == 0 || ss->rows[ss->nrows - 1].st != c->st) {
		xgrow((void **)&ss->rows, &ss->cap, ss->nrows + 1, sizeof *ss->rows);
		ss->rows[ss->nrows++] = (Row){.in = c->in, .st = c->st};
	}
	Tally *t = &ss->rows[ss->nrows - 1].cols[c->col];
	t->printed = c->printed;
	if (!c->printed)
		return;
	bool filled = block_has_text(c->b);
	t->cells++;
	t->filled += filled;
	t->missing += c->required && !filled;
	ss->filled += filled;
	ss->missing += c->required && !filled;
}

static void count_sheet(SheetStatus *ss, const Sheet *s, const CheckOptions *opt)
{
	*ss = (SheetStatus){.s = s};
	check_each_cell(s, s->stage, opt, tally_cell, ss);
	ss->missing_fields = !block_has_text(&s->department) + !block_has_text(&s->goal);
	ss->missing += ss->missing_fields;
}

/* The sheets of doc in priority order (a book's cover order). */
static SheetStatus *count_all(const Document *doc, const CheckOptions *opt,
                              size_t *n)
{
	const Sheet *sheets = doc->kind == DOC_SHEET ? &doc->sheet : doc->book.sheets;
	*n = doc->kind == DOC_SHEET ? 1 : doc->book.nsheets;
	SheetStatus *v = xcalloc(*n + 1, sizeof *v);
	for (size_t i = 0; i < *n; i++) {
		size_t j = i;
		while (j > 0 && v[j - 1].s->priority > sheets[i].priority) {
			v[j] = v[j - 1];
			j--;
		}
		count_sheet(&v[j], &sheets[i], opt);
	}
	return v;
}

/* "①(1)": the initiative's number and the step's label. */
static char *row_label(const Row *r)
{
	return xasprintf("%s%s", r->in->number, r->st->label);
}

/* ---------------------------------------------------------------- */
/* Text                                                              */

#define WIDTH 80
#define LABEL_COLS 8
#define COLUMN_COLS 12

typedef enum Tone { TONE_PLAIN, TONE_GOOD, TONE_BAD } Tone;

static void put_toned(FILE *out, const char *s, Tone tone, bool colour)
{
	static const char *const start[] = {"", "\033[32m", "\033[31;1m"};
	if (colour && tone != TONE_PLAIN)
		fprintf(out, "%s%s\033[0m", start[tone], s);
	else
		fputs(s, out);
}

/* s, cut to leave a column free, then spaces to cols. */
static void put_cell(FILE *out, const char *s, size_t cols, Tone tone, bool colour)
{
	char *fit = utf8_fit(s, cols - 1);
	put_toned(out, fit, tone, colour);
	for (size_t k = utf8_columns(fit); k < cols; k++)
		fputc(' ', out);
	free(fit);
}

/* A column of a step: a word for one cell, "filled/cells" for points;
 * "!" marks what the stage requires and is empty. */
static char *tally_text(const Tally *t, Tone *tone)
{
	*tone = t->missing ? TONE_BAD : t->filled ? TONE_GOOD : TONE_PLAIN;
	if (!t->printed || t->cells == 0)
		return xstrdup("");
	if (t->cells > 1)
		return xasprintf("%ld/%ld%s", t->filled, t->cells, t->missing ? " !" : "");
	/* TRANSLATORS: status: a cell with text; one the stage requires and
	 * is empty; one left empty that the stage does not require. */
	return xstrdup(t->filled ? _("done") : t->missing ? _("missing") : "-");
}

static void text_head(FILE *out, const SheetStatus *ss)
{
	const Sheet *s = ss->s;
	char *goal = block_join(&s->goal, "");
	char *head = xasprintf(_("priority %d: %s"), s->priority, goal);
	char *fit = utf8_fit(head, WIDTH);
	fprintf(out, "%s\n", fit);
	free(fit);
	free(head);
	free(goal);
	char *where = xasprintf(_("  stage %s, %s"), stage_label(s->stage), s->file);
	fit = utf8_fit(where, WIDTH);
	fprintf(out, "%s\n", fit);
	free(fit);
	free(where);
	put_cell(out, "", LABEL_COLS, TONE_PLAIN, false);
	for (int c = 0; c < COL_COUNT; c++)
		put_cell(out, column_label((Column)c), COLUMN_COLS, TONE_PLAIN, false);
	fputc('\n', out);
}

static void text_sheet(FILE *out, const SheetStatus *ss, bool colour)
{
	text_head(out, ss);
	for (size_t i = 0; i < ss->nrows; i++) {
		char *label = row_label(&ss->rows[i]);
		fputs("  ", out);
		put_cell(out, label, LABEL_COLS - 2, TONE_PLAIN, false);
		free(label);
		for (int c = 0; c < COL_COUNT; c++) {
			Tone tone;
			char *t = tally_text(&ss->rows[i].cols[c], &tone);
			put_cell(out, t, COLUMN_COLS, tone, colour);
			free(t);
		}
		fputc('\n', out);
	}
	if (ss->missing_fields)
		fprintf(out, _("  department or goal: %ld missing\n"), ss->missing_fields);
	char *total = xasprintf(_("  total: %ld filled, %ld missing"), ss->filled,
	                        ss->missing);
	put_toned(out, total, ss->missing ? TONE_BAD : TONE_GOOD, colour);
	fputs("\n\n", out);
	free(total);
}

static void write_text(FILE *out, const SheetStatus *v, size_t n, bool colour)
{
	long filled = 0, missing = 0;
	size_t incomplete = 0;
	for (size_t i = 0; i < n; i++) {
		text_sheet(out, &v[i], colour);
		filled += v[i].filled;
		missing += v[i].missing;
		incomplete += v[i].missing > 0;
	}
	char *total = xasprintf(_("all %zu sheets: %ld filled, %ld missing in %zu "
	                        "sheets"), n, filled, missing, incomplete);
	put_toned(out, total, missing ? TONE_BAD : TONE_GOOD, colour);
	fputc('\n', out);
	free(total);
}

/* ---------------------------------------------------------------- */
/* CSV                                                               */

/* RFC 4180: quoted, quotes doubled. */
static void csv_field(FILE *out, const char *s, bool last)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputs(last ? "\"\r\n" : "\",", out);
}

/* One line per column of every step: file, priority, stage, initiative,
 * step, column, cells, filled, missing. */
static void write_csv(FILE *out, const SheetStatus *v, size_t n, bool header)
{
	if (header)
		fputs("file,priority,stage,initiative,step,column,cells,filled,"
		      "missing\r\n", out);
	for (size_t i = 0; i < n; i++)
		for (size_t r = 0; r < v[i].nrows; r++)
			for (int c = 0; c < COL_COUNT; c++) {
				const Tally *t = &v[i].rows[r].cols[c];
				if (!t->printed)
					continue;
				csv_field(out, v[i].s->file, false);
				fprintf(out, "%d,%s,", v[i].s->priority, stage_name(v[i].s->stage));
				csv_field(out, v[i].rows[r].in->number, false);
				csv_field(out, v[i].rows[r].st->label, false);
				fprintf(out, "%s,%ld,%ld,%ld\r\n", column_name((Column)c),
				        t->cells, t->filled, t->missing);
			}
}

/* ---------------------------------------------------------------- */
/* JSON                                                              */

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void json_row(FILE *out, const Row *r)
{
	fputs("{\"initiative\": ", out);
	json_string(out, r->in->number);
	fputs(", \"step\": ", out);
	json_string(out, r->st->label);
	fputs(", \"columns\": {", out);
	const char *sep = "";
	for (int c = 0; c < COL_COUNT; c++) {
		const Tally *t = &r->cols[c];
		if (!t->printed)
			continue;
		fprintf(out, "%s\"%s\": {\"cells\": %ld, \"filled\": %ld, \"missing\": %ld}",
		        sep, column_name((Column)c), t->cells, t->filled, t->missing);
		sep = ", ";
	}
	fputs("}}", out);
}

static void json_sheet(FILE *out, const SheetStatus *ss)
{
	fputs("    {\"file\": ", out);
	json_string(out, ss->s->file);
	fprintf(out, ", \"priority\": %d, \"stage\": \"%s\", \"goal\": ", ss->s->priority,
	        stage_name(ss->s->stage));
	char *goal = block_join(&ss->s->goal, "");
	json_string(out, goal);
	free(goal);
	fprintf(out, ",\n     \"filled\": %ld, \"missing\": %ld, \"rows\": [",
	        ss->filled, ss->missing);
	for (size_t r = 0; r < ss->nrows; r++) {
		fputs(r ? ",\n       " : "\n       ", out);
		json_row(out, &ss->rows[r]);
	}
	fputs("]}", out);
}

static void write_json(FILE *out, const SheetStatus *v, size_t n)
{
	long filled = 0, missing = 0;
	fputs("{\"sheets\": [\n", out);
	for (size_t i = 0; i < n; i++) {
		json_sheet(out, &v[i]);
		fputs(i + 1 < n ? ",\n" : "\n", out);
		filled += v[i].filled;
		missing += v[i].missing;
	}
	fprintf(out, "  ],\n \"filled\": %ld, \"missing\": %ld}\n", filled, missing);
}

/* ---------------------------------------------------------------- */

int status_format(const char *name)
{
	if (name == NULL || strcmp(name, "text") == 0)
		return STATUS_TEXT;
	if (strcmp(name, "csv") == 0)
		return STATUS_CSV;
	if (strcmp(name, "json") == 0)
		return STATUS_JSON;
	return -1;
}

long status_write(FILE *out, const Document *doc, const StatusOptions *opt)
{
	size_t n;
	SheetStatus *v = count_all(doc, opt->check, &n);
	if (opt->format == STATUS_CSV)
		write_csv(out, v, n, opt->csv_header);
	else if (opt->format == STATUS_JSON)
		write_json(out, v, n);
	else
		write_text(out, v, n, opt->colour);
	long missing = 0;
	for (size_t i = 0; i < n; i++) {
		missing += v[i].missing;
		free(v[i].rows);
	}
	free(v);
	return missing;
}
