/* template.h: the sheet's grid as data (the files in templates/).
 *
 * Owns: reading a template file and the Template struct: page size and
 * margins, rule widths, shading, the fonts and text styles per role,
 * every label string, every width and height of the grid, and which
 * field goes in which row or column.  Lengths are read in mm and kept in
 * points; layout never holds a number that belongs here.
 */
#ifndef GOALSHEET_TEMPLATE_H
#define GOALSHEET_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "page.h"
#include "text.h"

#define MM_TO_PT (72.0 / 25.4)

typedef enum Align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;

/* Text roles: every piece of text the sheet prints has one. */
typedef enum Role {
	ROLE_TITLE,        /* 重点目標管理シート */
	ROLE_HEADER,       /* fiscal year, department, priority in the band */
	ROLE_LABEL,        /* shaded label cells */
	ROLE_GOAL,         /* the goal */
	ROLE_PLAN,         /* alignment lines */
	ROLE_BLOCK,        /* 現況・課題, 目的・効果 */
	ROLE_COLUMN_HEAD,  /* the table's column header */
	ROLE_NUMBER,       /* initiative number ① */
	ROLE_CELL,         /* table cells */
	ROLE_REMARKS_LABEL,/* 特記事項, vertical */
	ROLE_REMARKS_HEAD, /* ○市民参加… headings */
	ROLE_REMARKS,      /* 特記事項 text */
	ROLE_SDG,          /* SDG badge names */
	ROLE_FOOTER,
	ROLE_COVER_TITLE,
	ROLE_COVER,
	ROLE_COUNT
} Role;

typedef struct Style {
	size_t font;       /* index into Template.fonts */
	double size;       /* pt */
	double min_size;   /* pt; fixed-height cells shrink down to this */
	double leading;    /* line box height in em */
	double padding;    /* pt, on every side of the cell */
	double label_gap;  /* em between a hanging label and its text */
	Align align;
	BreakMode mode;
	bool vertical;
} Style;

/* Label strings, keyed in the template by these names. */
typedef enum LabelKey {
	LABEL_TITLE, LABEL_DEPARTMENT, LABEL_PRIORITY, LABEL_PRIORITY_SUFFIX,
	LABEL_GOAL, LABEL_COMPREHENSIVE_PLAN, LABEL_STRATEGIC_PLAN,
	LABEL_REFORM_PLAN, LABEL_SDGS, LABEL_SITUATION, LABEL_PURPOSE,
	LABEL_ACTION, LABEL_PERIOD, LABEL_TARGET, LABEL_INTERIM, LABEL_FINAL,
	LABEL_REMARKS, LABEL_PARTICIPATION, LABEL_OUTCOMES, LABEL_CONTINUED,
	LABEL_PLACEHOLDER, LABEL_DRAFT, LABEL_COVER_TITLE, LABEL_COVER_PAGE,
	LABEL_COUNT
} LabelKey;

typedef struct TableColumn {
	Column field;
	double width;      /* pt */
} TableColumn;

typedef struct Template {
	char *file;
	char *name;
	double page_w, page_h;                 /* pt */
	double margin_top, margin_right, margin_bottom, margin_left;
	double rule_outer, rule_inner;         /* pt */
	Rgb shade;
	char **fonts;                          /* family names */
	char **font_ids;                       /* their ids in the template */
	size_t nfonts;
	Style styles[ROLE_COUNT];
	char *labels[LABEL_COUNT];
	SrcPos label_pos[LABEL_COUNT];         /* each <label> in the file */
	/* header band: widths of its cells; the title takes the rest */
	double header_h, header_year_w, header_dept_label_w, header_dept_w,
	       header_prio_label_w, header_prio_w, continued_h;
	double goal_h, goal_label_w;
	Plan plan_rows[PLAN_COUNT];
	double plan_row_h[PLAN_COUNT];
	size_t nplan_rows;
	double plan_label_w, sdg_label_w, sdg_area_w, sdg_badge;
	double block_label_w, block_min_h;
	double number_w, table_head_h;
	TableColumn columns[COL_COUNT];
	size_t ncolumns;
	double remarks_label_w, remarks_min_h;
	double footer_h;
} Template;

/* Reads path.  Returns NULL after reporting every problem (as
 * file:line:col errors) through d. */
Template *template_load(const char *path, Diag *d);
void template_free(Template *t);

/* The inner width of the page between the margins, pt. */
double template_content_width(const Template *t);

#endif
