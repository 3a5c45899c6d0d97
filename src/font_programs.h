/* font_programs.h: the font programs of a PDF, made beside the writer.
 *
 * Owns: one job (thread_job.h) that executes planned subsets (fonts.h)
 * and deflates them in pieces (zpieces.h), and the sharing of that
 * work with the writer's thread once it needs the programs: either
 * thread takes the next piece of work there is (a subset to make, most
 * code points first, or a piece to deflate of one made), so that the
 * writer, done with everything else, helps instead of waiting.  The
 * book's Mincho program (279 KB) took 5.3 ms to deflate at level 1 as
 * one piece, on one thread; in pieces of 128 KiB both threads share it:
 * the book 28.1 -> 27.4 ms (pieces of 64 and 96 KiB the same; paired
 * runs).
 */
#ifndef GOALSHEET_FONT_PROGRAMS_H
#define GOALSHEET_FONT_PROGRAMS_H

#include <stddef.h>

#include "fonts.h"
#include "thread_job.h"
#include "util.h"

typedef struct FontPrograms FontPrograms;

/* A set of up to capacity programs, deflated at level (run lengths
 * only: font_programs.c); with no helpers all made at
 * font_programs_finish. */
FontPrograms *font_programs_new(size_t capacity, int level, Helpers *helpers);
/* Starts making the program of plan, which it takes; codes is the
 * number of its code points (the bigger first).  Program i is the i-th
 * added.  The plan's FontSet must stay open until font_programs_free. */
void font_programs_add(FontPrograms *fp, FontPlan *plan, size_t codes);
/* The same for a program made already (fonts_plan_execute's, which it
 * takes; no program: it failed), to deflate. */
void font_programs_add_made(FontPrograms *fp, FontSubset *made, size_t codes);
/* No more programs come: works on what is left, then waits until every
 * program is made. */
void font_programs_finish(FontPrograms *fp);
/* Program i, as a zlib stream at the level, with its length before
 * deflating; NULL when it could not be made.  After finishing. */
const Buf *font_programs_packed(const FontPrograms *fp, size_t i,
                                size_t *raw_len);
/* Stops what has not begun, waits for the rest, frees. */
void font_programs_free(FontPrograms *fp);

#endif
