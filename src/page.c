/* page.c: see page.h. */
#include "page.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

Page *doc_add_page(Doc *d, double width, double height)
{
	xgrow((void **)&d->pages, &d->cap, d->npages + 1, sizeof *d->pages);
	Page *p = &d->pages[d->npages++];
	*p = (Page){.width = width, .height = height, .node = NODE_ARTIFACT};
	return p;
}

static Item *page_add_item(Page *p, ItemKind kind)
{
	xgrow((void **)&p->items, &p->cap, p->nitems + 1, sizeof *p->items);
	Item *it = &p->items[p->nitems++];
	*it = (Item){.kind = kind};
	return it;
}

void page_add_text(Page *p, double x, double y, size_t font, double size,
                   const char *text, size_t len, double width, Rgb color,
                   Box cell)
{
	Item *it = page_add_item(p, ITEM_TEXT);
	it->x = x;
	it->y = y;
	it->font = font;
	it->size = size;
	it->text = xstrndup(text, len);
	it->width = width;
	it->color = color;
	it->cell = cell;
	it->node = p->node;
}

void page_add_rule(Page *p, double x1, double y1, double x2, double y2,
                   double line_width)
{
	Item *it = page_add_item(p, ITEM_RULE);
	it->x = x1;
	it->y = y1;
	it->x2 = x2;
	it->y2 = y2;
	it->line_width = line_width;
}

void page_add_fill(Page *p, Box box, Rgb color)
{
	Item *it = page_add_item(p, ITEM_FILL);
	it->box = box;
	it->color = color;
}

void page_add_link(Page *p, Box rect, size_t target_page)
{
	xgrow((void **)&p->links, &p->links_cap, p->nlinks + 1, sizeof *p->links);
	p->links[p->nlinks++] = (Link){.rect = rect, .target_page = target_page,
	                               .node = p->node};
}

void doc_add_outline(Doc *d, const char *title, size_t page)
{
	xgrow((void **)&d->outline, &d->outline_cap, d->noutline + 1,
	      sizeof *d->outline);
	d->outline[d->noutline++] = (OutlineEntry){xstrdup(title), page};
}

void doc_add_label(Doc *d, size_t first, const char *prefix, bool numbered,
                   int start)
{
	xgrow((void **)&d->labels, &d->labels_cap, d->nlabels + 1,
	      sizeof *d->labels);
	d->labels[d->nlabels++] =
		(PageLabel){first, xstrdup(prefix ? prefix : ""), numbered, start};
}

size_t page_tag(Page *p, size_t node)
{
	size_t old = p->node;
	p->node = node;
	return old;
}

size_t doc_node(Doc *d, size_t parent, const char *role)
{
	if (d->nnodes == 0) {   /* the artifact's slot */
		xgrow((void **)&d->nodes, &d->nodes_cap, 1, sizeof *d->nodes);
		d->nodes[d->nnodes++] = (Node){0};
	}
	xgrow((void **)&d->nodes, &d->nodes_cap, d->nnodes + 1, sizeof *d->nodes);
	d->nodes[d->nnodes] = (Node){.role = role, .parent = parent};
	return d->nnodes++;
}

size_t doc_root(Doc *d)
{
	return d->nnodes > 1 ? 1 : doc_node(d, NODE_ARTIFACT, "Document");
}

void doc_node_header(Doc *d, size_t td, size_t th)
{
	Node *n = &d->nodes[td];
	if (th != NODE_ARTIFACT && n->nheaders < NODE_MAX_HEADERS) {
		n->headers[n->nheaders++] = th;
		d->nodes[th].has_id = true;
	}
}

/* body's node k becomes doc's node moved(k). */
static size_t moved(size_t k, size_t offset)
{
	return k <= 1 ? k : k + offset;
}

/* Moves body's nodes after 1 to the end of doc's, renumbered.  The
 * larger array takes the other's nodes: a book's body holds nearly all
 * of them, so its nodes are not held twice at the end of the layout
 * (15.7 MB of a 500-sheet book's peak heap, massif). */
static void move_nodes(Doc *doc, Doc *body, size_t offset)
{
	size_t nd = doc->nnodes, nb = body->nnodes > 2 ? body->nnodes - 2 : 0;
	if (nb == 0)
		return;
	if (body->nodes_cap > doc->nodes_cap) {
		xgrow((void **)&body->nodes, &body->nodes_cap, nd + nb,
		      sizeof *body->nodes);
		memmove(body->nodes + nd, body->nodes + 2, nb * sizeof *body->nodes);
		memcpy(body->nodes, doc->nodes, nd * sizeof *doc->nodes);
		free(doc->nodes);
		/* all of a book's nodes are made by now: the doubling's spare
		 * part goes (up to 7 MB of a 500-sheet book) */
		doc->nodes = xrealloc(body->nodes, (nd + nb) * sizeof *doc->nodes);
		doc->nodes_cap = nd + nb;
		body->nodes = NULL;
		body->nodes_cap = 0;
	} else {
		xgrow((void **)&doc->nodes, &doc->nodes_cap, nd + nb,
		      sizeof *doc->nodes);
		memcpy(doc->nodes + nd, body->nodes + 2, nb * sizeof *doc->nodes);
	}
	doc->nnodes = nd + nb;
	for (size_t k = nd; k < nd + nb; k++) {
		Node *n = &doc->nodes[k];
		n->parent = moved(n->parent, offset);
		for (size_t h = 0; h < n->nheaders; h++)
			n->headers[h] = moved(n->headers[h], offset);
	}
}

size_t doc_append(Doc *doc, Doc *body)
{
	if (body->nnodes > 1)
		doc_root(doc);
	/* Used only when body has nodes, and then doc has its root. */
	size_t offset = doc->nnodes > 1 ? doc->nnodes - 2 : 0;
	move_nodes(doc, body, offset);
	for (size_t i = 0; i < body->npages; i++) {
		Page *p = doc_add_page(doc, body->pages[i].width, body->pages[i].height);
		*p = body->pages[i];
		for (size_t j = 0; j < p->nitems; j++)
			p->items[j].node = moved(p->items[j].node, offset);
		for (size_t j = 0; j < p->nlinks; j++)
			p->links[j].node = moved(p->links[j].node, offset);
	}
	body->npages = 0;
	body->nnodes = 0;       /* their strings are doc's now */
	doc_free(body);
	return offset;
}

static const char *const SCOPES[] = {"", " scope=Row", " scope=Column"};

static void dump_node(const Doc *d, size_t k, FILE *out)
{
	const Node *n = &d->nodes[k];
	fprintf(out, "node %zu %s parent %zu%s", k, n->role, n->parent,
	        SCOPES[n->scope]);
	if (n->rowspan > 1)
		fprintf(out, " rowspan=%d", n->rowspan);
	if (n->has_id)
		fprintf(out, " id");
	for (size_t h = 0; h < n->nheaders; h++)
		fprintf(out, "%s%zu", h ? "," : " headers=", n->headers[h]);
	if (n->alt)
		fprintf(out, " alt=|%s|", n->alt);
	if (n->actual)
		fprintf(out, " actual=|%s|", n->actual);
	fputc('\n', out);
}

static void dump_item(const Item *it, FILE *out)
{
	switch (it->kind) {
	case ITEM_TEXT:
		fprintf(out, "text %.2f %.2f %.2f %.2f %zu %.2f %.2f %.2f %.2f %.0f |%s|\n",
		        it->x, it->y, it->width, it->size, it->font, it->cell.x,
		        it->cell.y, it->cell.w, it->cell.h, it->angle, it->text);
		break;
	case ITEM_RULE:
		fprintf(out, "rule %.2f %.2f %.2f %.2f %.2f\n", it->x, it->y, it->x2,
		        it->y2, it->line_width);
		break;
	case ITEM_FILL:
		fprintf(out, "fill %.2f %.2f %.2f %.2f\n", it->box.x, it->box.y,
		        it->box.w, it->box.h);
		break;
	}
}

void doc_dump(const Doc *d, FILE *out)
{
	for (size_t i = 0; i < d->npages; i++) {
		const Page *p = &d->pages[i];
		fprintf(out, "page %zu %.2f %.2f\n", i + 1, p->width, p->height);
		size_t node = NODE_ARTIFACT;
		for (size_t j = 0; j < p->nitems; j++) {
			if (p->items[j].node != node) {
				node = p->items[j].node;
				if (node == NODE_ARTIFACT)
					fprintf(out, "tag artifact\n");
				else
					fprintf(out, "tag %zu\n", node);
			}
			dump_item(&p->items[j], out);
		}
		for (size_t j = 0; j < p->nlinks; j++)
			fprintf(out, "link %.2f %.2f %.2f %.2f %zu\n", p->links[j].rect.x,
			        p->links[j].rect.y, p->links[j].rect.w, p->links[j].rect.h,
			        p->links[j].target_page + 1);
	}
	for (size_t i = 0; i < d->noutline; i++)
		fprintf(out, "outline %zu |%s|\n", d->outline[i].page + 1,
		        d->outline[i].title);
	for (size_t k = 1; k < d->nnodes; k++)
		dump_node(d, k, out);
}

void page_free_items(Page *p)
{
	for (size_t j = 0; j < p->nitems; j++)
		free(p->items[j].text);
	free(p->items);
	p->items = NULL;
	p->nitems = p->cap = 0;
}

void doc_free(Doc *d)
{
	for (size_t i = 0; i < d->npages; i++) {
		Page *p = &d->pages[i];
		page_free_items(p);
		free(p->links);
	}
	free(d->pages);
	for (size_t i = 0; i < d->noutline; i++)
		free(d->outline[i].title);
	free(d->outline);
	for (size_t i = 0; i < d->nlabels; i++)
		free(d->labels[i].prefix);
	free(d->labels);
	free(d->info.title);
	free(d->info.author);
	free(d->info.subject);
	free(d->info.keywords);
	free(d->info.creator);
	for (size_t i = 0; i < d->info.nsources; i++) {
		free(d->info.sources[i].name);
		free(d->info.sources[i].data);
	}
	free(d->info.sources);
	for (size_t k = 0; k < d->nnodes; k++) {
		free(d->nodes[k].alt);
		free(d->nodes[k].actual);
	}
	free(d->nodes);
	memset(d, 0, sizeof *d);
}
