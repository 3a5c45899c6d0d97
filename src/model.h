/* model.h: a sheet and a book as plain C structs.
 *
 * Owns: the in-memory form of the vocabulary (vocabulary.md) and the
 * small facts derived from it (era years, full-width numbers, circled
 * initiative numbers, field names for messages).  Nothing here knows
 * XML or PDF: the loader fills these structs, layout reads them.
 * All strings are UTF-8 and owned by the struct that holds them;
 * sheet_free/book_free release everything.
 */
#ifndef GOALSHEET_MODEL_H
#define GOALSHEET_MODEL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct SrcPos {
	long line, col;      /* 1-based; 0 when unknown */
} SrcPos;

/* One paragraph: a <p>, a <line>, a <unit>, or a field's plain text.
 * text is whitespace-collapsed (typesetting.md §2); '\n' marks <br/>. */
typedef struct Para {
	char *label;         /* NULL when none; may be "" */
	char *text;
	SrcPos pos;
} Para;

/* A text block: a field holding plain text or <p> paragraphs. */
typedef struct Block {
	Para *paras;
	size_t n;
	bool present;        /* the element was in the document */
	char *field;         /* name for messages: "initiative ②, step (1), interim"
	                      * (取組②、(1)、中間報告 in Japanese: field_name) */
	const char *file;    /* source file (borrowed from the sheet) */
	SrcPos pos;
} Block;

typedef enum Column {
	COL_ACTION, COL_PERIOD, COL_TARGET, COL_INTERIM, COL_FINAL, COL_COUNT
} Column;

typedef enum Stage { STAGE_PLAN, STAGE_INTERIM, STAGE_FINAL } Stage;

typedef enum Plan {
	PLAN_COMPREHENSIVE, PLAN_STRATEGIC, PLAN_REFORM, PLAN_COUNT
} Plan;

typedef struct Point {
	char *label;                 /* as printed, e.g. "①" */
	unsigned optional;           /* 1 << Column: left empty on purpose */
	Block cells[COL_COUNT];      /* COL_ACTION is never present */
	SrcPos pos;
} Point;

typedef struct Step {
	char *label;                 /* as printed: "(1)", or the label attribute */
	unsigned optional;           /* 1 << Column: left empty on purpose */
	Block cells[COL_COUNT];
	Point *points;
	size_t npoints;
	SrcPos pos;
} Step;

typedef struct Initiative {
	char *number;                /* as printed: "①", or the no attribute */
	char *mark;                  /* "○" by default; "" for none */
	char *title;
	char *title_field;           /* "initiative ①, title": its name in messages */
	Block summary;
	Step *steps;
	size_t nsteps;
	SrcPos pos;
} Initiative;

typedef struct Sdg {
	int goal;                    /* 1..17 */
	SrcPos pos;
} Sdg;

typedef struct Sheet {
	char *file;                  /* the file the <sheet> element came from */
	SrcPos pos;
	SrcPos included_at;          /* the book's <xi:include>; line 0 if none */
	int fiscal_year;
	int priority;
	Stage stage;
	bool stage_given;            /* by the stage attribute or --stage */
	char *template_name;         /* the template attribute, or NULL */
	Block department;            /* one paragraph per <unit> */
	Block goal;
	Block plans[PLAN_COUNT];     /* one paragraph per <line> */
	Sdg *sdgs;
	size_t nsdgs;
	SrcPos sdgs_pos;
	Block situation;
	Block purpose;
	Initiative *initiatives;
	size_t ninitiatives;
	Block participation;         /* 特記事項, left */
	Block outcomes;              /* 特記事項, right */
	bool has_remarks;
} Sheet;

/* The fields of the sheet vocabulary a template can place, by their
 * XML names (field_xml_name).  The five step columns come first, in
 * the order of Column, so that a Column is also a Field. */
typedef enum Field {
	FIELD_ACTION, FIELD_PERIOD, FIELD_TARGET, FIELD_INTERIM, FIELD_FINAL,
	FIELD_DEPARTMENT, FIELD_GOAL, FIELD_COMPREHENSIVE_PLAN,
	FIELD_STRATEGIC_PLAN, FIELD_REFORM_PLAN, FIELD_SDGS, FIELD_SITUATION,
	FIELD_PURPOSE, FIELD_PARTICIPATION, FIELD_OUTCOMES, FIELD_COUNT
} Field;

typedef struct Book {
	char *file;
	SrcPos pos;
	int fiscal_year;
	char *template_name;         /* the template attribute, or NULL */
	Block department;
	Sheet *sheets;               /* in document order */
	size_t nsheets;
	/* Included sheets that could not be read or were not valid (each
	 * reported at its <xi:include>): not in sheets, but counted among
	 * the priorities 1…N the book's sheets take. */
	size_t nunread;
} Book;

void sheet_free(Sheet *s);
void book_free(Book *b);
void block_free(Block *b);

/* True when the block has at least one non-empty paragraph. */
bool block_has_text(const Block *b);
/* All paragraphs' text joined with sep; caller frees. */
char *block_join(const Block *b, const char *sep);

const char *column_name(Column c);           /* "action", "period", ... */
const char *stage_name(Stage s);             /* "plan", "interim", "final" */
/* For messages only, in the user's language (i18n.h): the column's and
 * the stage's names as the sheet labels them ("interim": 中間報告).
 * column_name and stage_name are the XML's words and stay English. */
const char *column_label(Column c);
const char *stage_label(Stage s);
/* A field name for messages: parent, the separator (", " or "、") and
 * the formatted part; parent NULL gives the part alone.  Caller frees. */
char *field_name(const char *parent, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "department", "comprehensive-plan", ...: the vocabulary's names. */
const char *field_xml_name(Field f);
/* The Field of an XML name, or -1. */
int field_by_name(const char *name);
/* The text block of a sheet's field; NULL for FIELD_SDGS and the step
 * columns, which are not one block of a sheet. */
const Block *sheet_field(const Sheet *s, Field f);
/* True when the sheet's stage requires the field (check.c reports it
 * missing; a draft shows the template's placeholder in its place). */
bool field_required(const Sheet *s, Field f);
/* The alignment row of a field, or -1 when it is none. */
int field_plan(Field f);

/* Names the sheet's fields in messages by names[f] (a template's,
 * in the user's language) where one is given: a whole field name for
 * the sheet's blocks, the last part of "initiative ①, step (1),
 * interim" for the table's.  names[f] may be NULL: that name stays. */
void sheet_name_fields(Sheet *s, const char *const names[FIELD_COUNT]);

/* Where a step's column takes its text from: the step itself, or each
 * of its points (vocabulary.md, "<point>"): points take over every
 * column but the action, except a period the step gives once for all
 * of them.  The one rule; check and layout both ask it. */
typedef enum CellSource { FROM_STEP, FROM_POINTS } CellSource;
CellSource step_column_source(const Step *st, Column c);

bool stage_requires(Stage s, Column c);      /* vocabulary.md, "Stages" */
/* stage_requires, less the columns a row's optional attribute names. */
bool row_requires(Stage s, Column c, unsigned optional);

/* "令和５年度", "令和元年度", "平成３０年度"; NULL outside 1989..2100.
 * Caller frees. */
char *era_year(int fiscal_year);
/* n in full-width digits: 12 -> "１２".  Caller frees. */
char *fullwidth_number(int n);
/* Circled number ①..⑳ (then ㉑..㊿); beyond 50, "(51)".  Caller frees. */
char *circled_number(int n);

#endif
