/* layout_fit.h: a sheet onto its page budget (sheet-grid.md,
 * "Continuation pages"; the template's <sheet pages>, --fit N).  Internal
 * to layout.
 *
 * Owns: tightening, the one way a sheet's growing text gets smaller to
 * save pages: first the leading of every growing cell (the table's and
 * the blocks' fields) steps down toward the template's min-leading, then
 * their size by the same amount for all of them, each stopping at its
 * style's min-size, so that the table's columns stay even.  Labels,
 * fixed cells and headers never change.  The search for the loosest
 * tightening that meets the budget lays the sheet out silently, dry
 * (LayoutContext.dry: pages counted, nothing drawn) but for the first
 * try, then once for real, and says what it did: a note naming the sheet, or a
 * warning when even the tightest setting takes more pages.
 */
#ifndef GOALSHEET_LAYOUT_FIT_H
#define GOALSHEET_LAYOUT_FIT_H

#include "layout.h"

/* Lays one sheet out with the template in ctx (layout.c's pass). */
typedef int (*SheetPass)(const LayoutContext *ctx, const Sheet *s, Doc *doc,
                         long book_offset);

/* One plain pass of layout.c over the sheet. */
int layout_sheet_pass(const LayoutContext *ctx, const Sheet *s, Doc *doc,
                      long book_offset);

/* Lays the sheet out with pass at the loosest tightening that meets the
 * budget (ctx->opt.fit, else the template's pages); without a budget,
 * as the template says.  Returns pass's errors. */
int fit_sheet(const LayoutContext *ctx, const Sheet *s, Doc *doc,
              long book_offset, SheetPass pass);

/* A book's sheets in a pipeline (layout_book.c): the next sheet's fit
 * is searched, all its trials dry, in another thread while this sheet
 * is laid out for real.  fit_ahead touches nothing but ctx->fonts
 * (made for it: fonts.h), ctx->cache, which must be its own, and what
 * it allocates; it says nothing (ctx->d is not used).  The dry trials
 * went to the other core: the book's main thread did 118.9 instead of
 * 152.4 M instructions (callgrind --separate-threads). */
typedef struct FitAhead FitAhead;
FitAhead *fit_ahead(const LayoutContext *ctx, const Sheet *s, long book_offset,
                    SheetPass pass);
/* Lays the sheet out as found (a chosen dry trial is laid out again,
 * drawn, into doc) and says so through ctx->d; frees a.  Returns pass's
 * errors. */
int fit_ahead_finish(FitAhead *a, const LayoutContext *ctx, const Sheet *s,
                     Doc *doc, long book_offset, SheetPass pass);

#endif
