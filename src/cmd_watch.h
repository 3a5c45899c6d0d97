/* cmd_watch.h: `goalsheet watch FILE.xml -o OUT.pdf [--draft]`.
 *
 * Owns: watching the sources of a render (the file, a book's sheets, the
 * template) with inotify, debouncing bursts of saves, re-rendering, and
 * one status line per render.  A failed render keeps the last good PDF
 * (pdf.h replaces the file atomically, and only on success).  SIGINT and
 * SIGTERM end it cleanly (through a signalfd: no global flag).
 */
#ifndef GOALSHEET_CMD_WATCH_H
#define GOALSHEET_CMD_WATCH_H

#include "cli.h"

/* Returns the exit status when interrupted: 0 after a clean stop, 2 when
 * watching cannot start. */
int cmd_watch(Session *s, const char *input, const char *output);

#endif
