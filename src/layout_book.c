/* layout_book.c: a book: cover, sheets in priority order, outline,
 * links from the cover and page labels (vocabulary.md, "<book>"). */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "layout_text.h"
#include "util.h"

int layout_book(const LayoutContext *ctx, const Book *b, Doc *doc)
{
	int errors = 0;
	for (size_t i = 0; i < b->nsheets; i++)
		errors += layout_sheet(ctx, &b->sheets[i], doc, true);
	return errors;
}
