/* cmd_extract.h: `goalsheet extract FILE.pdf [-o DIR] [--force]`.
 *
 * Owns: taking back the sources a goalsheet PDF carries (pdf_meta.h):
 * the sheet's XML, or a book's file and every sheet it includes, under
 * the relative names they were embedded with, into DIR (default: the
 * working folder).  Rendering them again under the same
 * SOURCE_DATE_EPOCH gives the same PDF, byte for byte.  Existing files
 * are not overwritten without --force (all are checked before the first
 * is written); names that would leave DIR are refused.  A PDF that
 * goalsheet did not write has no such sources: exit 1.
 */
#ifndef GOALSHEET_CMD_EXTRACT_H
#define GOALSHEET_CMD_EXTRACT_H

/* argv[0] is "extract".  Returns the exit status. */
int cmd_extract(int argc, char **argv);

#endif
