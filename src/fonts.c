/* fonts.c: see fonts.h.
 *
 * Owns: the private FcConfig (alive only inside fonts_open), the HarfBuzz
 * blob/face/font of every resolved family, the per-font advance cache for
 * the BMP, and the memfds (or unlinked temp files) holding subsets.
 * No global state: everything hangs off a FontSet.
 */
#define _GNU_SOURCE     /* memfd_create */
#include "fonts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>

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
	hb_face_t *face;
	hb_font_t *font;
	double upem;
	float *advance[ADVANCE_BLOCKS]; /* BMP advances in em, < 0 = not read yet */
} Font;

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

static int font_load(Font *f, int index, Diag *d)
{
	f->blob = hb_blob_create_from_file_or_fail(f->path);
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
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
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
	            .blob = blob, .face = face, .upem = hb_face_get_upem(face),
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
		hb_face_destroy(f->face);
		hb_blob_destroy(f->blob);
		for (size_t b = 0; b < ADVANCE_BLOCKS; b++)
			free(f->advance[b]);
		free(f->family);
		free(f->path);
	}
	free(fs->fonts);
	free(fs);
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

bool fonts_has_glyph(FontSet *fs, size_t font, uint32_t cp)
{
	hb_codepoint_t gid;
	return hb_font_get_nominal_glyph(fs->fonts[font].font, cp, &gid) != 0;
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
	float **block = &f->advance[cp / ADVANCE_BLOCK];
	if (*block == NULL) {
		*block = xmalloc(ADVANCE_BLOCK * sizeof **block);
		for (size_t i = 0; i < ADVANCE_BLOCK; i++)
			(*block)[i] = -1.0f;
	}
	float *a = &(*block)[cp % ADVANCE_BLOCK];
	if (*a < 0)
		*a = (float)read_advance(f, cp);
	return *a;
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

/* Tables a PDF TrueType font program does not need (libharu keeps only
 * OS/2 cmap cvt fpgm glyf head hhea hmtx loca maxp name post prep). */
static const char *const DROP_TABLES[] = {
	"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "vhea",
	"vmtx", "VORG", "DSIG", "gasp", "hdmx", "LTSH", "VDMX", "PCLT",
	"morx", "mort", "feat", "meta", "STAT",
};

static hb_face_t *with_compact_cmap(hb_face_t *sub);

static hb_face_t *subset_face(hb_face_t *face, const uint32_t *cps, size_t n)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (in == NULL)
		return NULL;
	hb_set_t *u = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(u, cps[i]);
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof DROP_TABLES / sizeof *DROP_TABLES; i++)
		hb_set_add(drop, hb_tag_from_string(DROP_TABLES[i], 4));
	/* No hinting: PDF renderers do not use it; glyph names are dropped
	 * by default (post format 3). */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	hb_face_t *sub = hb_subset_or_fail(face, in);
	hb_subset_input_destroy(in);
	if (sub == NULL)
		return NULL;
	hb_face_t *compact = with_compact_cmap(sub);
	hb_face_destroy(sub);
	return compact;
}

/* ---- a cmap libharu reads quickly ---------------------------------------
 *
 * libharu builds its 65,536-entry CID-to-glyph map with a linear search of
 * the cmap's segments for every code point: 65,536 × segments steps.
 * hb_subset writes a segment per run of consecutive code points, hundreds
 * for Japanese text; this cmap (format 4, Windows Unicode BMP) merges runs
 * closer than a gap into one segment whose glyphIdArray maps the holes to
 * glyph 0, so a sheet's subset has a handful of segments. */

static void free_blob_data(void *data)
{
	free(data);
}

typedef struct CmapEntry {
	uint16_t cp, gid;
} CmapEntry;

static void put16(Buf *b, unsigned v)
{
	buf_addc(b, (char)((v >> 8) & 0xFF));
	buf_addc(b, (char)(v & 0xFF));
}

/* Segments of entries[0..n) (sorted) merged across gaps below gap; the
 * last segment is the required 0xFFFF one.  Returns the segment count and
 * fills starts/ends (of size n + 1). */
static size_t cmap_segments(const CmapEntry *e, size_t n, unsigned gap,
                            uint16_t *starts, uint16_t *ends, size_t *array_len)
{
	size_t seg = 0;
	*array_len = 0;
	for (size_t i = 0; i < n; i++) {
		if (seg > 0 && (unsigned)e[i].cp - ends[seg - 1] < gap) {
			ends[seg - 1] = e[i].cp;
			continue;
		}
		starts[seg] = ends[seg] = e[i].cp;
		seg++;
	}
	for (size_t s = 0; s < seg; s++)
		*array_len += (size_t)ends[s] - starts[s] + 1;
	starts[seg] = ends[seg] = 0xFFFF;
	return seg + 1;
}

static void cmap_format4(Buf *b, const CmapEntry *e, size_t n,
                         const uint16_t *starts, const uint16_t *ends,
                         size_t segs, size_t array_len)
{
	unsigned search = 1, selector = 0;
	while (search * 2 <= segs) {
		search *= 2;
		selector++;
	}
	put16(b, 0);                /* cmap version */
	put16(b, 1);                /* one encoding record */
	put16(b, 3);                /* Windows */
	put16(b, 1);                /* Unicode BMP */
	put16(b, 0);
	put16(b, 12);               /* the subtable follows the header */
	put16(b, 4);
	put16(b, (unsigned)(16 + 8 * segs + 2 * array_len));
	put16(b, 0);                /* language */
	put16(b, (unsigned)(2 * segs));
	put16(b, 2 * search);
	put16(b, selector);
	put16(b, (unsigned)(2 * segs - 2 * search));
	for (size_t s = 0; s < segs; s++)
		put16(b, ends[s]);
	put16(b, 0);                /* reservedPad */
	for (size_t s = 0; s < segs; s++)
		put16(b, starts[s]);
	for (size_t s = 0; s < segs; s++)
		put16(b, s + 1 == segs ? 1 : 0);          /* idDelta */
	size_t at = 0;              /* glyphIdArray index of segment s */
	for (size_t s = 0; s < segs; s++) {
		put16(b, s + 1 == segs ? 0 : (unsigned)(2 * (segs - s) + 2 * at));
		at += s + 1 == segs ? 0 : (size_t)ends[s] - starts[s] + 1;
	}
	size_t k = 0;
	for (size_t s = 0; s + 1 < segs; s++)
		for (unsigned cp = starts[s]; cp <= ends[s]; cp++) {
			while (k < n && e[k].cp < cp)
				k++;
			put16(b, k < n && e[k].cp == cp ? e[k].gid : 0);
		}
}

/* The BMP code points of the subset and their glyphs, sorted. */
static CmapEntry *cmap_entries(hb_face_t *sub, size_t *n)
{
	hb_set_t *set = hb_set_create();
	hb_face_collect_unicodes(sub, set);
	hb_font_t *font = hb_font_create(sub);
	CmapEntry *e = xcalloc(hb_set_get_population(set) + 1, sizeof *e);
	*n = 0;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(set, &cp) && cp < 0xFFFF) {
		hb_codepoint_t gid;
		if (hb_font_get_nominal_glyph(font, cp, &gid) && gid <= 0xFFFF)
			e[(*n)++] = (CmapEntry){(uint16_t)cp, (uint16_t)gid};
	}
	hb_font_destroy(font);
	hb_set_destroy(set);
	return e;
}

static hb_blob_t *compact_cmap(hb_face_t *sub)
{
	size_t n;
	CmapEntry *e = cmap_entries(sub, &n);
	uint16_t *starts = xcalloc(n + 1, sizeof *starts);
	uint16_t *ends = xcalloc(n + 1, sizeof *ends);
	size_t segs, array_len;
	/* The subtable's length is 16 bits: narrow the gap until it fits. */
	unsigned gap = 512;
	do {
		segs = cmap_segments(e, n, gap, starts, ends, &array_len);
		gap /= 2;
	} while (16 + 8 * segs + 2 * array_len > 0xFFFF && gap > 1);
	Buf b = {0};
	cmap_format4(&b, e, n, starts, ends, segs, array_len);
	free(starts);
	free(ends);
	free(e);
	size_t len = b.len;
	char *data = buf_take(&b);
	/* HarfBuzz hands the destroy callback its user data: the buffer. */
	return hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data,
	                      free_blob_data);
}

/* The subset with its cmap replaced by compact_cmap's. */
static hb_face_t *with_compact_cmap(hb_face_t *sub)
{
	/* hb_subset hands back a builder face, which cannot list its
	 * tables: read them from its serialised form. */
	hb_blob_t *blob = hb_face_reference_blob(sub);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	hb_face_t *builder = hb_face_builder_create();
	hb_tag_t tags[64];
	unsigned count = 64;
	hb_face_get_table_tags(face, 0, &count, tags);
	hb_tag_t cmap = HB_TAG('c', 'm', 'a', 'p');
	for (unsigned i = 0; i < count; i++) {
		if (tags[i] == cmap)
			continue;
		hb_blob_t *table = hb_face_reference_table(face, tags[i]);
		hb_face_builder_add_table(builder, tags[i], table);
		hb_blob_destroy(table);
	}
	hb_blob_t *table = compact_cmap(face);
	hb_face_builder_add_table(builder, cmap, table);
	hb_blob_destroy(table);
	/* libharu 2.3.0 writes the 13 tables it requires in order, 'prep'
	 * last, an absent one as empty; then it seeks to each one's offset,
	 * and seeking to the very end of its memory stream fails when that
	 * end falls on a 4096-byte boundary ("making the font program",
	 * error 0x1033), one font in a few thousand.  Without hinting there
	 * is no 'prep': give it a harmless one (PUSHB[0] 0, POP). */
	hb_blob_t *prep_table = hb_face_reference_table(face, HB_TAG('p', 'r', 'e', 'p'));
	if (hb_blob_get_length(prep_table) == 0) {
		static const char prep[] = {(char)0xB0, 0x00, 0x21};
		hb_blob_t *blob = hb_blob_create(prep, sizeof prep, HB_MEMORY_MODE_READONLY,
		                                 NULL, NULL);
		hb_face_builder_add_table(builder, HB_TAG('p', 'r', 'e', 'p'), blob);
		hb_blob_destroy(blob);
	}
	hb_blob_destroy(prep_table);
	hb_face_destroy(face);
	return builder;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* An anonymous file for the subset: a memfd, else an unlinked temp file.
 * Either way it is reached as /proc/self/fd/N and vanishes on close. */
static int anon_file(void)
{
	int fd = memfd_create("goalsheet-font", MFD_CLOEXEC);
	if (fd >= 0)
		return fd;
	const char *dir = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/goalsheet-font.XXXXXX",
	                       dir && dir[0] ? dir : "/tmp");
	fd = mkstemp(tmpl);
	if (fd >= 0)
		unlink(tmpl);
	free(tmpl);
	return fd;
}

char *fonts_subset_path(FontSet *fs, size_t font, const uint32_t *cps,
                        size_t n, int *fd_out, Diag *d)
{
	Font *f = &fs->fonts[font];
	hb_face_t *sub = subset_face(f->face, cps, n);
	if (sub == NULL) {
		diag_system(d, _("cannot subset font '%s' ('%s'); the file may be "
		            "damaged: reinstall its package"), f->family, f->path);
		return NULL;
	}
	hb_blob_t *blob = hb_face_reference_blob(sub);
	unsigned len;
	const char *data = hb_blob_get_data(blob, &len);
	int fd = anon_file();
	int rc = fd < 0 ? -1 : write_all(fd, data, len);
	int err = errno;
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	char *path = fd < 0 ? NULL : xasprintf("/proc/self/fd/%d", fd);
	if (rc == 0 && access(path, R_OK) != 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0) {
		diag_system(d, _("cannot store the subset of font '%s': %s; check "
		            "that /proc is mounted and TMPDIR is writable"),
		            f->family, strerror(err));
		if (fd >= 0)
			close(fd);
		free(path);
		return NULL;
	}
	*fd_out = fd;
	return path;
}
