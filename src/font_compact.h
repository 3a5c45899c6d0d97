/* font_compact.h: a copy of a TrueType font that holds only the glyphs
 * a subset needs, for hb_subset to read instead of the mapped file.
 *
 * Owns: that copy, one OpenType file in memory: the font's tables but
 * glyf and loca as they are, a glyf of only the kept glyphs, read from
 * the file with pread, and a loca that gives every other glyph no
 * outline.  Why: hb_subset reading the book's glyphs from the
 * mapped file faulted in one page for nearly every glyph, 2.9 and 2.1
 * MB of IPAexMincho and IPAexGothic, counted in the process's peak RSS;
 * the copy is the glyphs' own bytes.  Which glyphs are kept is
 * fonts.c's business (it checks the plan made from the copy).
 */
#ifndef GOALSHEET_FONT_COMPACT_H
#define GOALSHEET_FONT_COMPACT_H

#include <hb.h>

/* A face like face (a font of the file open as fd, whose whole data is
 * file) whose glyph outlines are those of keep only, the other glyphs
 * empty, and without the tables in drop (tags); every other table, the
 * metrics and the glyph ids are face's.  NULL when the font has no glyf
 * and loca to copy so, or reading fails: then the caller uses face. */
hb_face_t *font_compact_face(hb_face_t *face, hb_blob_t *file, int fd,
                             const hb_set_t *keep, const hb_set_t *drop);

#endif
