/* cmd_watch.h: `goalsheet watch FILE.xml -o OUT.pdf [--draft]`.
 *
 * Owns: what watch renders and says: a render at start and one per
 * burst of saves of what the last render read or tried to read (a book's
 * includes even when they failed to load) and the template, one status
 * line per render, a line for a watched file that is gone or can no
 * longer be watched.  The watching itself is watcher.h's.  A failed
 * render keeps the last good PDF (pdf.h replaces the file atomically,
 * and only on success).  SIGINT and SIGTERM end it cleanly.
 */
#ifndef GOALSHEET_CMD_WATCH_H
#define GOALSHEET_CMD_WATCH_H

#include "cli.h"

/* Returns the exit status when interrupted: 0 after a clean stop, 2 when
 * watching cannot start. */
int cmd_watch(Session *s, const char *input, const char *output);

#endif
