/* pdf_struct.c: see pdf_struct.h.  The elements are serialized here as
 * text and packed into object streams by pdf_file.h: libharu's object
 * API would cost an object, a proxy and a dictionary list per element. */
#include "pdf_struct.h"

#include <stdlib.h>
#include <string.h>

void marks_begin(PageMarks *m, const Doc *doc, size_t node, Buf *ops)
{
	if (node == NODE_ARTIFACT) {
		buf_adds(ops, "/Artifact BMC\n");
		return;
	}
	xgrow((void **)&m->node, &m->cap, m->n + 1, sizeof *m->node);
	buf_addc(ops, '/');
	buf_adds(ops, doc->nodes[node].role);
	buf_adds(ops, " <</MCID ");
	pdf_put_uint(ops, m->n);
	buf_adds(ops, ">> BDC\n");
	m->node[m->n++] = node;
}

void marks_free(PageMarks *m, size_t npages)
{
	for (size_t i = 0; m && i < npages; i++) {
		free(m[i].node);
		free(m[i].annot);
	}
	free(m);
}

/* Where each node's content is: its marked-content sequences (page and
 * MCID, in page order), its children, its link annotation. */
typedef struct Tree {
	const Doc *doc;
	const PageMarks *marks;
	unsigned base;       /* node k is object base + k - 1 */
	size_t *mc_start, *mc_page, *mc_id;   /* per node: [mc_start[k], mc_start[k+1]) */
	size_t *first_child, *next_sibling;   /* 0: none */
	unsigned *annot;     /* per node: its link annotation's object */
	size_t *annot_page, *annot_key;
} Tree;

static unsigned elem(const Tree *t, size_t k)
{
	return t->base + (unsigned)(k - 1);
}

static void tree_index(Tree *t)
{
	const Doc *doc = t->doc;
	size_t n = doc->nnodes;
	t->mc_start = xcalloc(n + 1, sizeof *t->mc_start);
	t->first_child = xcalloc(n, sizeof *t->first_child);
	t->next_sibling = xcalloc(n, sizeof *t->next_sibling);
	t->annot = xcalloc(n, sizeof *t->annot);
	t->annot_page = xcalloc(n, sizeof *t->annot_page);
	t->annot_key = xcalloc(n, sizeof *t->annot_key);
	size_t *last = xcalloc(n, sizeof *last);
	for (size_t k = 2; k < n; k++) {
		size_t p = doc->nodes[k].parent;
		if (last[p])
			t->next_sibling[last[p]] = k;
		else
			t->first_child[p] = k;
		last[p] = k;
	}
	free(last);
	size_t total = 0;
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t m = 0; m < t->marks[p].n; m++, total++)
			t->mc_start[t->marks[p].node[m] + 1]++;
	for (size_t k = 0; k < n; k++)
		t->mc_start[k + 1] += t->mc_start[k];
	t->mc_page = xcalloc(total + 1, sizeof *t->mc_page);
	t->mc_id = xcalloc(total + 1, sizeof *t->mc_id);
	size_t *fill = xcalloc(n, sizeof *fill);
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t m = 0; m < t->marks[p].n; m++) {
			size_t k = t->marks[p].node[m];
			size_t at = t->mc_start[k] + fill[k]++;
			t->mc_page[at] = p;
			t->mc_id[at] = m;
		}
	free(fill);
	size_t key = doc->npages;
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t l = 0; l < doc->pages[p].nlinks; l++, key++) {
			size_t k = doc->pages[p].links[l].node;
			if (k != NODE_ARTIFACT && t->annot[k] == 0) {
				t->annot[k] = t->marks[p].annot[l];
				t->annot_page[k] = p;
				t->annot_key[k] = key;
			}
		}
}

static void tree_free(Tree *t)
{
	free(t->mc_start);
	free(t->mc_page);
	free(t->mc_id);
	free(t->first_child);
	free(t->next_sibling);
	free(t->annot);
	free(t->annot_page);
	free(t->annot_key);
}

static const char *const SCOPE_NAMES[] = {NULL, "Row", "Column"};

static void attributes(const Tree *t, size_t k, Buf *b)
{
	const Node *n = &t->doc->nodes[k];
	bool table = n->scope != SCOPE_NONE || n->rowspan > 1 || n->nheaders > 0;
	bool layout = strcmp(n->role, "Figure") == 0 &&
	              t->mc_start[k] < t->mc_start[k + 1];
	if (!table && !layout)
		return;
	buf_adds(b, "/A ");
	if (table) {
		buf_adds(b, "<</O/Table");
		if (n->scope != SCOPE_NONE)
			buf_printf(b, "/Scope/%s", SCOPE_NAMES[n->scope]);
		if (n->rowspan > 1)
			buf_printf(b, "/RowSpan %d", n->rowspan);
		if (n->nheaders > 0) {
			buf_adds(b, "/Headers [");
			for (size_t h = 0; h < n->nheaders; h++)
				pdf_put_id(b, n->headers[h]);
			buf_adds(b, "]");
		}
		buf_adds(b, ">>");
	}
	if (layout) {
		const Page *pg = &t->doc->pages[t->mc_page[t->mc_start[k]]];
		Box r = n->bbox;
		buf_printf(b, "<</O/Layout/BBox [%.2f %.2f %.2f %.2f]>>", r.x,
		           pg->height - r.y - r.h, r.x + r.w, pg->height - r.y);
	}
}

static void kids(const Tree *t, size_t k, Buf *b)
{
	size_t from = t->mc_start[k], to = t->mc_start[k + 1];
	if (from == to && t->first_child[k] == 0 && t->annot[k] == 0)
		return;
	size_t pg = t->mc_page[from];
	if (from < to) {
		buf_adds(b, "/Pg ");
		pdf_put_ref(b, t->marks[pg].obj);
	}
	buf_adds(b, "/K [");
	for (size_t i = from; i < to; i++) {
		if (t->mc_page[i] == pg) {
			pdf_put_uint(b, t->mc_id[i]);
			buf_addc(b, ' ');
			continue;
		}
		buf_adds(b, "<</Type/MCR/Pg ");
		pdf_put_ref(b, t->marks[t->mc_page[i]].obj);
		buf_adds(b, "/MCID ");
		pdf_put_uint(b, t->mc_id[i]);
		buf_adds(b, ">>");
	}
	for (size_t c = t->first_child[k]; c != 0; c = t->next_sibling[c]) {
		pdf_put_ref(b, elem(t, c));
		buf_addc(b, ' ');
	}
	if (t->annot[k])
		buf_printf(b, "<</Type/OBJR/Obj %u 0 R/Pg %u 0 R>>", t->annot[k],
		           t->marks[t->annot_page[k]].obj);
	buf_adds(b, "]");
}

static char *element(const Tree *t, size_t k, unsigned root)
{
	const Node *n = &t->doc->nodes[k];
	Buf b = {0};
	buf_adds(&b, "<</Type/StructElem/S/");
	buf_adds(&b, n->role);
	buf_adds(&b, "/P ");
	pdf_put_ref(&b, n->parent ? elem(t, n->parent) : root);
	if (n->has_id) {
		buf_adds(&b, "/ID ");
		pdf_put_id(&b, k);
	}
	if (n->alt && strcmp(n->role, "Link") != 0) {
		buf_adds(&b, "/Alt ");
		pdf_text_string(&b, n->alt);
	}
	if (n->actual) {
		buf_adds(&b, "/ActualText ");
		pdf_text_string(&b, n->actual);
	}
	attributes(t, k, &b);
	kids(t, k, &b);
	buf_adds(&b, ">>");
	return buf_take(&b);
}

static char *parent_tree(const Tree *t)
{
	Buf b = {0};
	buf_adds(&b, "<</Nums [");
	for (size_t p = 0; p < t->doc->npages; p++) {
		pdf_put_uint(&b, p);
		buf_adds(&b, " [");
		for (size_t m = 0; m < t->marks[p].n; m++) {
			pdf_put_ref(&b, elem(t, t->marks[p].node[m]));
			buf_addc(&b, ' ');
		}
		buf_adds(&b, "]\n");
	}
	for (size_t k = 1; k < t->doc->nnodes; k++)   /* keys ascend with k */
		if (t->annot[k])
			buf_printf(&b, "%zu %u 0 R\n", t->annot_key[k], elem(t, k));
	buf_adds(&b, "]>>");
	return buf_take(&b);
}

static char *tree_root(const Tree *t, unsigned ptree, size_t next_key)
{
	Buf b = {0};
	buf_adds(&b, "<</Type/StructTreeRoot");
	if (t->doc->nnodes > 1)
		buf_printf(&b, "/K [%u 0 R]", elem(t, 1));
	buf_printf(&b, "/ParentTree %u 0 R/ParentTreeNextKey %zu", ptree, next_key);
	bool ids = false;
	for (size_t k = 1; k < t->doc->nnodes; k++) {
		if (!t->doc->nodes[k].has_id)
			continue;
		buf_adds(&b, ids ? "" : "/IDTree <</Names [");
		ids = true;
		pdf_put_id(&b, k);
		buf_addc(&b, ' ');
		pdf_put_ref(&b, elem(t, k));
		buf_addc(&b, ' ');
	}
	buf_adds(&b, ids ? "]>>>>" : ">>");
	return buf_take(&b);
}

/* The pages' and annotations' entries that point into the tree. */
static void tie(PdfFile *f, const Tree *t)
{
	const Doc *doc = t->doc;
	size_t key = doc->npages;
	for (size_t p = 0; p < doc->npages; p++) {
		char *e = xasprintf("/StructParents %zu%s", p,
		                    doc->pages[p].nlinks ? "/Tabs/S" : "");
		pdffile_extend(f, t->marks[p].obj, e);
		free(e);
		for (size_t l = 0; l < doc->pages[p].nlinks; l++, key++) {
			size_t k = doc->pages[p].links[l].node;
			const char *said = k != NODE_ARTIFACT && doc->nodes[k].alt
			                   ? doc->nodes[k].alt : "";
			Buf b = {0};
			buf_printf(&b, "/F 4/Contents ");
			pdf_text_string(&b, said);
			if (k != NODE_ARTIFACT)
				buf_printf(&b, "/StructParent %zu", key);
			pdffile_extend(f, t->marks[p].annot[l], b.data);
			buf_free(&b);
		}
	}
}

unsigned pdf_struct_add(PdfFile *f, const Doc *doc, const PageMarks *marks)
{
	size_t nelems = doc->nnodes > 1 ? doc->nnodes - 1 : 0;
	Tree t = {.doc = doc, .marks = marks};
	t.base = pdffile_reserve(f, nelems + 2);
	unsigned root = t.base + (unsigned)nelems, ptree = root + 1;
	tree_index(&t);
	for (size_t k = 1; k < doc->nnodes; k++)
		pdffile_set(f, elem(&t, k), element(&t, k, root), false);
	size_t links = 0;
	for (size_t p = 0; p < doc->npages; p++)
		links += doc->pages[p].nlinks;
	pdffile_set(f, root, tree_root(&t, ptree, doc->npages + links), false);
	pdffile_set(f, ptree, parent_tree(&t), false);
	tie(f, &t);
	tree_free(&t);
	return root;
}
