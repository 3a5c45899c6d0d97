/* fonts.c: see fonts.h.
 *
 * Owns: the private FcConfig (alive only inside fonts_open), the HarfBuzz
 * blob/face/font of every resolved family, the per-font advance cache for
 * the BMP, and hb_subset, which reads a compact copy of the font (the
 * code points' glyphs only, font_compact.h) rather than the font.
 * No global state: everything hangs off a FontSet.
 */
#include "fonts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>

#include "font_compact.h"
#include "i18n.h"
#include "util.h"

/* The advance cache of the BMP, in blocks of ADVANCE_BLOCK code points
 * made when a code point of the block is first measured.  One table of
 * the whole BMP (256 KiB a font) was written in full at start; a sheet
 * touches a few dozen blocks: the book takes 1,786 instead of 1,894
 * page faults (/usr/bin/time %R, three runs each), the same instructions. */
#define BMP_SIZE 0x10000
#define ADVANCE_BLOCK 256
#define ADVANCE_BLOCKS (BMP_SIZE / ADVANCE_BLOCK)

typedef struct Font {
	char *family;        /* as requested */
	char *path;          /* resolved file */
	hb_blob_t *blob;
	int fd;              /* the mapped file, open while blob lives */
	hb_face_t *face;
	hb_font_t *font;
	double upem;
	/* BMP advances in em (not >= 0: not read yet) and GLYPH_* of the BMP, in
	 * blocks.  Two layout threads may fill them at once (layout_book.c
	 * lays out one sheet while it searches the next one's fit): a block
	 * is published once (compare and swap), an entry is written whole
	 * (relaxed atomics: plain loads and stores on x86) and always with
	 * the same value, so either thread's reading is right. */
	void *_Atomic advance[ADVANCE_BLOCKS];  /* _Atomic float[ADVANCE_BLOCK] */
	void *_Atomic glyph[ADVANCE_BLOCKS];    /* _Atomic uint8_t[ADVANCE_BLOCK] */
	/* The compact copy that subsets read (font_compact.h), of the glyphs
	 * of every subset made so far: the next document's subset reuses it
	 * unless it needs a glyph the copy lacks (then a bigger copy is
	 * made).  Made anew for each subset, the copies cost 70 sheets
	 * rendered one after another 554 instead of 443 ms: copying and
	 * HarfBuzz's tables set up again.  Only fonts_plan uses them.  Kept
	 * for one document only, they held 1.2 MB through the book's peak:
	 * kept only when asked (fonts_keep_copies). */
	hb_face_t *copy;
	hb_set_t *copied;    /* its glyphs */
	bool keep_copy;
} Font;

/* What fonts_has_glyph knows of a code point. */
enum { GLYPH_UNKNOWN, GLYPH_PRESENT, GLYPH_ABSENT };

struct FontSet {
	Font *fonts;
	size_t n;
};

/* ---- fontconfig --------------------------------------------------------- */

static FcConfig *config_load(const char *conf_file, Diag *d)
{
	if (conf_file == NULL) {
		FcConfig *c = FcInitLoadConfigAndFonts();
		if (c == NULL)
			diag_system(d, _("cannot load the system fontconfig "
			            "configuration; check /etc/fonts/fonts.conf"));
		return c;
	}
	/* fontconfig looks relative names up in its own directory. */
	char *abs = realpath(conf_file, NULL);
	if (abs == NULL) {
		diag_system(d, _("cannot read the fontconfig file '%s': %s; run "
		            "goalsheet from its source tree or reinstall it"),
		            conf_file, strerror(errno));
		return NULL;
	}
	FcConfig *c = FcConfigCreate();
	FcBool ok = c != NULL &&
	            FcConfigParseAndLoad(c, (const FcChar8 *)abs, FcTrue);
	free(abs);
	if (c == NULL) {
		diag_system(d, _("cannot create a fontconfig configuration"));
		return NULL;
	}
	if (!ok) {
		diag_system(d, _("cannot load the fontconfig file '%s'; check that "
		            "it exists and is valid XML"), conf_file);
		FcConfigDestroy(c);
		return NULL;
	}
	if (!FcConfigBuildFonts(c)) {
		diag_system(d, _("fontconfig cannot build its font list from '%s'"),
		            conf_file);
		FcConfigDestroy(c);
		return NULL;
	}
	return c;
}

/* Family names compare as fontconfig compares them: ASCII case and
 * blanks ignored ("IPAex Mincho" is "IPAexMincho"). */
static bool same_family(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (x != y)
			return false;
		if (x == '\0')
			return true;
	}
}

/* True if one of the pattern's family names is family. */
static bool has_family(FcPattern *p, const char *family)
{
	FcChar8 *s;
	for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &s) == FcResultMatch; i++)
		if (same_family((const char *)s, family))
			return true;
	return false;
}

/* The file (and face index) of family, or NULL when fontconfig would only
 * substitute another family. */
static char *resolve(FcConfig *c, const char *family, int *index)
{
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(c, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(c, pat, &res);
	FcPatternDestroy(pat);
	char *path = NULL;
	FcChar8 *file;
	if (m != NULL && has_family(m, family) &&
	    FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
		path = xstrdup((const char *)file);
		if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
			*index = 0;
	}
	if (m != NULL)
		FcPatternDestroy(m);
	return path;
}

/* The Debian package of family from packages_file, or NULL. */
static char *package_of(const char *packages_file, const char *family)
{
	if (packages_file == NULL)
		return NULL;
	char *text = read_file(packages_file, NULL);
	if (text == NULL)
		return NULL;
	char *pkg = NULL;
	for (char *line = text, *next; line != NULL && pkg == NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || tab == NULL)
			continue;
		*tab = '\0';
		char *end = tab + 1 + strcspn(tab + 1, " \t\r#");
		*end = '\0';
		if (same_family(line, family) && tab[1] != '\0')
			pkg = xstrdup(tab + 1);
	}
	free(text);
	return pkg;
}

static void report_missing(Diag *d, const char *packages_file,
                           const char *family)
{
	char *pkg = package_of(packages_file, family);
	if (pkg != NULL)
		diag_system(d, _("font family '%s' not found; install the Debian "
		            "package %s (apt-get install %s)"), family, pkg, pkg);
	else
		diag_system(d, _("font family '%s' not found, and %s names no Debian "
		            "package for it; install a package that provides it "
		            "(apt-cache search font %s) or choose a family that "
		            "fc-list shows"), family,
		            packages_file ? packages_file : _("no package list"),
		            family);
	free(pkg);
}

/* ---- HarfBuzz ----------------------------------------------------------- */

static bool has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *b = hb_face_reference_table(face, tag);
	bool yes = hb_blob_get_length(b) > 0;
	hb_blob_destroy(b);
	return yes;
}

/* A mapped font file, unmapped and closed when HarfBuzz lets the blob
 * go. */
typedef struct Mapping {
	void *data;
	size_t len;
	int fd;
} Mapping;

static void unmap(void *user)
{
	Mapping *m = user;
	munmap(m->data, m->len);
	close(m->fd);
	free(m);
}

/* The font file mapped read-only (so that release_pages may drop its
 * pages), or NULL when it is no regular file that can be mapped.  The
 * file stays open in *fd while the blob lives: font_compact_face reads
 * the same file with pread. */
static hb_blob_t *map_file(const char *path, int *fd)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	struct stat st;
	void *data = MAP_FAILED;
	if (fstat(*fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size < UINT_MAX)
		data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, *fd, 0);
	if (data == MAP_FAILED) {
		close(*fd);
		return NULL;
	}
	Mapping *m = xmalloc(sizeof *m);
	*m = (Mapping){data, (size_t)st.st_size, *fd};
	return hb_blob_create_or_fail(data, (unsigned)m->len,
	                              HB_MEMORY_MODE_READONLY,
	                              m, unmap);
}

static int font_load(Font *f, int index, Diag *d)
{
	f->blob = map_file(f->path, &f->fd);
	if (f->blob == NULL) {
		diag_system(d, _("cannot read font file '%s' (family '%s'); "
		            "check its permissions or reinstall the package"),
		            f->path, f->family);
		return -1;
	}
	f->face = hb_face_create(f->blob, (unsigned)index);
	f->upem = hb_face_get_upem(f->face);
	if (hb_face_get_glyph_count(f->face) == 0 || f->upem <= 0) {
		diag_system(d, _("font file '%s' (family '%s') is not a usable "
		            "OpenType font"), f->path, f->family);
		return -1;
	}
	/* libharu embeds TrueType outlines only. */
	if (!has_table(f->face, HB_TAG('g', 'l', 'y', 'f'))) {
		diag_system(d, _("font family '%s' ('%s') has PostScript (CFF) "
		            "outlines, which the PDF backend cannot embed; choose "
		            "a TrueType family such as IPAexMincho or IPAexGothic"),
		            f->family, f->path);
		return -1;
	}
	f->font = hb_font_create(f->face);
	return 0;
}

/* True if one of the face's family names (English, or any) is family. */
static bool face_is_family(hb_face_t *face, const char *family)
{
	static const hb_ot_name_id_t ids[] = {HB_OT_NAME_ID_FONT_FAMILY,
	                                      HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY};
	char name[256];
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		unsigned len = sizeof name;
		hb_ot_name_get_utf8(face, ids[i], hb_language_from_string("en", -1),
		                    &len, name);
		if (len > 0 && same_family(name, family))
			return true;
	}
	return false;
}

/* The template's file for family, when it is a TrueType font of that
 * family; else false and nothing kept (fontconfig decides). */
static bool load_named_file(Font *f, const char *family, const char *file)
{
	int fd;
	hb_blob_t *blob = map_file(file, &fd);
	hb_face_t *face = blob ? hb_face_create(blob, 0) : NULL;
	bool ok = face != NULL && hb_face_get_glyph_count(face) > 0 &&
	          hb_face_get_upem(face) > 0 &&
	          has_table(face, HB_TAG('g', 'l', 'y', 'f')) &&
	          face_is_family(face, family);
	if (!ok) {
		hb_face_destroy(face);
		hb_blob_destroy(blob);
		return false;
	}
	*f = (Font){.family = xstrdup(family), .path = xstrdup(file),
	            .blob = blob, .fd = fd, .face = face, .upem = hb_face_get_upem(face),
	            .font = hb_font_create(face)};
	return true;
}

static int open_one(FontSet *fs, FcConfig *c, const char *packages_file,
                    const char *family, Diag *d)
{
	Font *f = &fs->fonts[fs->n];
	int index = 0;
	char *path = resolve(c, family, &index);
	if (path == NULL) {
		report_missing(d, packages_file, family);
		return -1;
	}
	*f = (Font){.family = xstrdup(family), .path = path};
	fs->n++;
	return font_load(f, index, d);
}

FontSet *fonts_open(const char *conf_file, const char *packages_file,
                    const char *const *families, size_t nfamilies,
                    size_t *failed, Diag *d)
{
	return fonts_open_files(conf_file, packages_file, families, NULL,
	                        nfamilies, failed, d);
}

/* Fonts the template names by file are opened without fontconfig, whose
 * configuration and caches took a few ms of a run: the book in 0.963× of
 * the time (medians of 40 paired, interleaved runs); fontconfig is loaded
 * only for the families left. */
FontSet *fonts_open_files(const char *conf_file, const char *packages_file,
                          const char *const *families,
                          const char *const *files, size_t nfamilies,
                          size_t *failed, Diag *d)
{
	FontSet *fs = xcalloc(1, sizeof *fs);
	fs->fonts = xcalloc(nfamilies, sizeof *fs->fonts);
	FcConfig *c = NULL;
	int rc = 0;
	size_t i = 0;
	for (; i < nfamilies && rc == 0; i++) {
		if (files != NULL && files[i] != NULL &&
		    load_named_file(&fs->fonts[fs->n], families[i], files[i])) {
			fs->n++;
			continue;
		}
		if (c == NULL && (c = config_load(conf_file, d)) == NULL) {
			fonts_close(fs);
			return NULL;
		}
		rc = open_one(fs, c, packages_file, families[i], d);
	}
	if (c != NULL)
		FcConfigDestroy(c);
	if (rc != 0) {
		if (failed)
			*failed = i - 1;
		fonts_close(fs);
		return NULL;
	}
	return fs;
}

void fonts_close(FontSet *fs)
{
	if (fs == NULL)
		return;
	for (size_t i = 0; i < fs->n; i++) {
		Font *f = &fs->fonts[i];
		hb_font_destroy(f->font);
		hb_face_destroy(f->copy);
		hb_set_destroy(f->copied);
		hb_face_destroy(f->face);
		hb_blob_destroy(f->blob);
		for (size_t b = 0; b < ADVANCE_BLOCKS; b++) {
			free(f->advance[b]);
			free(f->glyph[b]);
		}
		free(f->family);
		free(f->path);
	}
	free(fs->fonts);
	free(fs);
}

void fonts_keep_copies(FontSet *fs, bool keep)
{
	for (size_t i = 0; i < fs->n; i++)
		fs->fonts[i].keep_copy = keep;
}

size_t fonts_count(const FontSet *fs)
{
	return fs->n;
}

const char *fonts_family(const FontSet *fs, size_t font)
{
	return fs->fonts[font].family;
}

const char *fonts_path(const FontSet *fs, size_t font)
{
	return fs->fonts[font].path;
}

/* Remembered like the advances: HarfBuzz's cmap look-up took 255
 * instructions a character, and layout checks each paragraph's text:
 * the book took 287.5 instead of 291.5 M instructions (callgrind), its
 * layout_book 73.3 instead of 77.5 M. */
/* The block of slot, made (of count entries of size bytes, each set
 * to fill's bytes) when first needed; see Font. */
static void *block_of(void *_Atomic *slot, size_t size, int fill)
{
	void *block = atomic_load_explicit(slot, memory_order_acquire);
	if (block != NULL)
		return block;
	void *made = xmalloc(ADVANCE_BLOCK * size);
	memset(made, fill, ADVANCE_BLOCK * size);
	if (atomic_compare_exchange_strong_explicit(slot, &block, made,
	                                            memory_order_acq_rel,
	                                            memory_order_acquire))
		return made;
	free(made);              /* the other thread's came first */
	return block;
}

bool fonts_has_glyph(FontSet *fs, size_t font, uint32_t cp)
{
	Font *f = &fs->fonts[font];
	hb_codepoint_t gid;
	if (cp >= BMP_SIZE)
		return hb_font_get_nominal_glyph(f->font, cp, &gid) != 0;
	_Atomic uint8_t *block = block_of(&f->glyph[cp / ADVANCE_BLOCK],
	                                  sizeof *block, GLYPH_UNKNOWN);
	_Atomic uint8_t *g = &block[cp % ADVANCE_BLOCK];
	uint8_t known = atomic_load_explicit(g, memory_order_relaxed);
	if (known == GLYPH_UNKNOWN) {
		known = hb_font_get_nominal_glyph(f->font, cp, &gid) ? GLYPH_PRESENT
		                                                     : GLYPH_ABSENT;
		atomic_store_explicit(g, known, memory_order_relaxed);
	}
	return known == GLYPH_PRESENT;
}

static double read_advance(const Font *f, uint32_t cp)
{
	hb_codepoint_t gid;
	if (!hb_font_get_nominal_glyph(f->font, cp, &gid))
		gid = 0;    /* what a PDF viewer draws: .notdef */
	return hb_font_get_glyph_h_advance(f->font, gid) / f->upem;
}

void fonts_extents(const FontSet *fs, size_t font, double *ascent,
                   double *descent)
{
	const Font *f = &fs->fonts[font];
	hb_font_extents_t e;
	if (!hb_font_get_h_extents(f->font, &e) || e.ascender - e.descender <= 0) {
		/* No horizontal metrics: the em box sits on the baseline. */
		*ascent = 1;
		*descent = 0;
		return;
	}
	*ascent = e.ascender / f->upem;
	*descent = -e.descender / f->upem;
}

double fonts_advance(FontSet *fs, size_t font, uint32_t cp)
{
	Font *f = &fs->fonts[font];
	if (cp >= BMP_SIZE)
		return read_advance(f, cp);
	/* 0xFF bytes: a NaN, which is not >= 0: not read yet */
	_Atomic float *block = block_of(&f->advance[cp / ADVANCE_BLOCK],
	                                sizeof *block, 0xFF);
	_Atomic float *a = &block[cp % ADVANCE_BLOCK];
	float known = atomic_load_explicit(a, memory_order_relaxed);
	if (!(known >= 0)) {
		known = (float)read_advance(f, cp);
		atomic_store_explicit(a, known, memory_order_relaxed);
	}
	return known;
}

double fonts_measure(void *font_measure, const char *s, size_t len)
{
	FontMeasure *m = font_measure;
	double w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {           /* not reached with valid input */
			i++;
			continue;
		}
		w += fonts_advance(m->fs, m->font, cp);
		i += n;
	}
	return w;
}

/* ---- subsets ------------------------------------------------------------ */

/* Tables a PDF TrueType font program does not need (libharu kept only
 * OS/2 cmap cvt fpgm glyf head hhea hmtx loca maxp name post prep). */
static const char *const DROP_TABLES[] = {
	"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "vhea",
	"vmtx", "VORG", "DSIG", "gasp", "hdmx", "LTSH", "VDMX", "PCLT",
	"morx", "mort", "feat", "meta", "STAT",
};

struct FontPlan {
	Font *font;
	hb_subset_plan_t *plan;
	hb_face_t *source;   /* what the plan reads: a compact copy or the font's */
};

static void add_drop_tables(hb_set_t *drop)
{
	for (size_t i = 0; i < sizeof DROP_TABLES / sizeof *DROP_TABLES; i++)
		hb_set_add(drop, hb_tag_from_string(DROP_TABLES[i], 4));
}

static hb_subset_plan_t *subset_plan(hb_face_t *face, const uint32_t *cps,
                                     size_t n)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (in == NULL)
		return NULL;
	hb_set_t *u = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(u, cps[i]);
	add_drop_tables(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
	/* No hinting: PDF renderers do not use it; glyph names are dropped
	 * by default (post format 3). */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
	hb_subset_input_destroy(in);
	return plan;
}

static int16_t be16(const char *p)
{
	return (int16_t)(((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* v font units in 1/1000 em, truncated toward zero as libharu did. */
static int per_mille(int v, unsigned upem)
{
	return (int)((long)v * 1000 / (long)upem);
}

/* The 'head' bounding box and 'hhea' ascender and descender of face. */
static void font_metrics(hb_face_t *face, unsigned upem, FontSubset *out)
{
	hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
	unsigned len;
	const char *p = hb_blob_get_data(head, &len);
	if (len >= 44)
		for (int i = 0; i < 4; i++)
			out->bbox[i] = per_mille(be16(p + 36 + 2 * i), upem);
	hb_blob_destroy(head);
	hb_blob_t *hhea = hb_face_reference_table(face, HB_TAG('h', 'h', 'e', 'a'));
	p = hb_blob_get_data(hhea, &len);
	if (len >= 8) {
		out->ascent = per_mille(be16(p + 4), upem);
		out->descent = per_mille(be16(p + 6), upem);
	}
	hb_blob_destroy(hhea);
}

/* The glyph of each code point in the subset (the plan's renumbering of
 * the font's own), and its advance, which the subset keeps. */
static void subset_glyphs(hb_face_t *source, hb_subset_plan_t *plan,
                          const uint32_t *cps, size_t n, FontSubset *out)
{
	const hb_map_t *to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
	const hb_map_t *to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
	unsigned upem = hb_face_get_upem(source);
	hb_font_t *font = hb_font_create(source);
	out->gid = xcalloc(n + 1, sizeof *out->gid);
	out->width = xcalloc(n + 1, sizeof *out->width);
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t old = hb_map_get(to_old, cps[i]);
		hb_codepoint_t gid = old == HB_MAP_VALUE_INVALID
		                     ? HB_MAP_VALUE_INVALID : hb_map_get(to_new, old);
		if (gid == HB_MAP_VALUE_INVALID || gid > 0xFFFF)
			old = gid = 0;
		out->gid[i] = (uint16_t)gid;
		out->width[i] = per_mille(hb_font_get_glyph_h_advance(font, old),
		                          upem);
	}
	hb_font_destroy(font);
}

/* What was read of the mapped font file (layout's cmap and hmtx; all
 * the glyphs when hb_subset reads the font itself) counts in the
 * process's RSS until the end of the run.  The pages are handed back
 * (the file stays mapped; what is read again comes from the page
 * cache): the book's peak RSS went from 22.0 to 18.5 MB (ru_maxrss,
 * three runs each). */
static void release_pages(const Font *f)
{
	unsigned len;
	const char *data = hb_blob_get_data(f->blob, &len);
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t start = ((uintptr_t)data + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	uintptr_t end = ((uintptr_t)data + len) & ~((uintptr_t)page - 1);
	if (page > 0 && end > start)
		madvise((void *)start, end - start, MADV_DONTNEED);
}

/* The font's PostScript name (a PDF name: printable ASCII, no blanks or
 * delimiters), else its family's without them. */
static void ps_name(const Font *f, char *out, size_t size)
{
	unsigned len = (unsigned)size;
	hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
	                    hb_language_from_string("en", -1), &len, out);
	if (len == 0)
		snprintf(out, size, "%s", f->family);
	char *w = out;
	for (const char *r = out; *r; r++)
		if (*r > ' ' && *r < 0x7F && !strchr("()<>[]{}/%#", *r))
			*w++ = *r;
	*w = '\0';
}

/* True if copied has every glyph plan retains; else adds those it
 * lacks to keep. */
static bool plan_within(const hb_subset_plan_t *plan, const hb_set_t *copied,
                        hb_set_t *keep)
{
	const hb_map_t *to_old = hb_subset_plan_new_to_old_glyph_mapping(plan);
	unsigned n = hb_map_get_population(to_old);
	bool within = true;
	for (unsigned gid = 0; gid < n; gid++) {
		hb_codepoint_t old = hb_map_get(to_old, gid);
		if (old != HB_MAP_VALUE_INVALID && !hb_set_has(copied, old)) {
			hb_set_add(keep, old);
			within = false;
		}
	}
	return within;
}

/* Rounds of compact_plan; a glyph's components are found one level a
 * round, and fonts nest them two or three levels deep at most. */
#define COMPACT_ROUNDS 4

/* The glyphs of the code points, which a compact copy starts with. */
static hb_set_t *code_point_glyphs(const Font *f, const uint32_t *cps,
                                   size_t n)
{
	hb_set_t *keep = hb_set_create();
	hb_set_add(keep, 0);
	hb_codepoint_t gid;
	for (size_t i = 0; i < n; i++)
		if (hb_font_get_nominal_glyph(f->font, cps[i], &gid))
			hb_set_add(keep, gid);
	/* hb_subset keeps their variants' glyphs too (cmap format 14):
	 * without them a second round (the book: 10 glyphs of IPAexMincho). */
	hb_set_t *selectors = hb_set_create(), *varied = hb_set_create();
	hb_face_collect_variation_selectors(f->face, selectors);
	for (hb_codepoint_t vs = HB_SET_VALUE_INVALID; hb_set_next(selectors, &vs);) {
		hb_set_clear(varied);
		hb_face_collect_variation_unicodes(f->face, vs, varied);
		for (size_t i = 0; i < n; i++)
			if (hb_set_has(varied, cps[i]) &&
			    hb_font_get_variation_glyph(f->font, cps[i], vs, &gid))
				hb_set_add(keep, gid);
	}
	hb_set_destroy(selectors);
	hb_set_destroy(varied);
	return keep;
}

/* f's copy, made again when it lacks a glyph of keep: with those of
 * keep and all it had.  False if no copy can be made. */
static bool copy_with(Font *f, hb_set_t *keep)
{
	if (f->copy != NULL && hb_set_is_subset(keep, f->copied))
		return true;
	if (f->copied != NULL)
		hb_set_union(keep, f->copied);
	hb_set_t *drop = hb_set_create();
	add_drop_tables(drop);
	hb_face_t *copy = font_compact_face(f->face, f->blob, f->fd, keep, drop);
	hb_set_destroy(drop);
	if (copy == NULL)
		return false;
	hb_face_destroy(f->copy);    /* a plan made from it holds its own */
	hb_set_destroy(f->copied);
	f->copy = copy;
	f->copied = hb_set_copy(keep);
	return true;
}

/* The plan made from the font's compact copy (font_compact.h), which
 * then holds every glyph the plan retains, and that copy in *source;
 * NULL if there is none.  The copy holds the glyphs of keep, then those
 * each plan made from it shows they are made of (the parts of composite
 * glyphs), until a plan retains no glyph the copy lacks: then it is the
 * plan of the font itself, made without mapping the font's outlines. */
static hb_subset_plan_t *compact_plan(Font *f, hb_set_t *keep,
                                      const uint32_t *cps, size_t n,
                                      hb_face_t **source)
{
	hb_subset_plan_t *plan = NULL;
	for (int round = 0; plan == NULL && round < COMPACT_ROUNDS; round++) {
		if (!copy_with(f, keep))
			break;
		plan = subset_plan(f->copy, cps, n);
		if (plan != NULL && !plan_within(plan, f->copied, keep)) {
			hb_subset_plan_destroy(plan);
			plan = NULL;
		}
	}
	*source = plan ? hb_face_reference(f->copy) : NULL;
	if (!f->keep_copy) {        /* the plan's reference is the last */
		hb_face_destroy(f->copy);
		hb_set_destroy(f->copied);
		f->copy = NULL;
		f->copied = NULL;
	}
	return plan;
}

FontPlan *fonts_plan(FontSet *fs, size_t font, const uint32_t *cps, size_t n,
                     FontSubset *out, Diag *d)
{
	Font *f = &fs->fonts[font];
	*out = (FontSubset){0};
	hb_set_t *keep = code_point_glyphs(f, cps, n);
	/* Layout is done with the mapped font, and the copy is read by pread:
	 * its pages are not needed beside the copy. */
	release_pages(f);
	hb_face_t *source = NULL;
	hb_subset_plan_t *plan = compact_plan(f, keep, cps, n, &source);
	hb_set_destroy(keep);
	if (plan == NULL) {
		source = hb_face_reference(f->face);
		plan = subset_plan(source, cps, n);
	}
	if (plan == NULL) {
		hb_face_destroy(source);
		diag_system(d, _("cannot subset font '%s' ('%s'); the file may be "
		            "damaged: reinstall its package"), f->family, f->path);
		return NULL;
	}
	FontPlan *p = xmalloc(sizeof *p);
	*p = (FontPlan){f, plan, source};
	ps_name(f, out->ps_name, sizeof out->ps_name);
	/* The font's own, which hb_subset 6.0 copies into the subset's head
	 * and hhea unchanged: known before the subset is made. */
	font_metrics(f->face, hb_face_get_upem(f->face), out);
	subset_glyphs(source, plan, cps, n, out);
	return p;
}

int fonts_plan_execute(FontPlan *p, FontSubset *out)
{
	Font *f = p->font;
	bool read_font = p->source == f->face;   /* not a compact copy */
	hb_face_t *sub = hb_subset_plan_execute_or_fail(p->plan);
	/* The plan and the font it read go before the program is put
	 * together (0.9 MB of the book's IPAexMincho copy, font_compact.h). */
	fonts_plan_free(p);
	if (sub == NULL)
		return -1;
	/* hb_subset hands back a builder face: its serialised form is the
	 * font program, kept in HarfBuzz's blob rather than copied. */
	out->program = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	unsigned len;
	out->data = hb_blob_get_data(out->program, &len);
	out->len = len;
	if (read_font)
		release_pages(f);
	return 0;
}

void fonts_plan_free(FontPlan *p)
{
	if (p == NULL)
		return;
	hb_subset_plan_destroy(p->plan);
	hb_face_destroy(p->source);
	free(p);
}

void fonts_program_free(FontSubset *s)
{
	hb_blob_destroy(s->program);
	s->program = NULL;
	s->data = NULL;
	s->len = 0;
}

void fonts_subset_free(FontSubset *s)
{
	fonts_program_free(s);
	free(s->gid);
	free(s->width);
	*s = (FontSubset){0};
}
