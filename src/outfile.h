/* outfile.h: replacing an output file so that nothing is lost.
 *
 * Owns: the temporary file beside the output (".NAME.PID.N.tmp", NAME
 * shortened so that the name fits NAME_MAX), its mode (the old file's,
 * else 0666 less the umask), the rename over the output, and the
 * clean-up: a temporary file is removed when writing fails and when
 * SIGINT, SIGTERM or SIGHUP arrive while it exists, and temporary files
 * of processes that no longer run (SIGKILL, a crash) are removed before
 * writing.  The output is either the old file or the complete new one.
 *
 * outfile_create makes a new file the same way, never over one.
 *
 * The signals are held (sigprocmask) from the temporary file's creation
 * to its rename; one that arrived meanwhile removes the file, and is
 * then let through to end the process as it would have (its default
 * action, so the conventional status 128+N).  No handler and no global
 * state: a held signal waits at most for one file's write and fsync.
 */
#ifndef GOALSHEET_OUTFILE_H
#define GOALSHEET_OUTFILE_H

#include <stdbool.h>

#include "diag.h"

/* Writes the whole content to fd (open for reading too, so that a
 * writer can read back what it wrote); 0, or -1 with errno set. */
typedef int (*OutfileWriter)(int fd, void *arg);

/* Replaces path (or what a symbolic link at path points to) with what
 * put writes into a new file.  Returns 0, or -1 after reporting a system
 * error through d. */
int outfile_replace(const char *path, OutfileWriter put, void *arg, Diag *d);

/* Creates path, a file that must not exist yet, the same way: written
 * under a temporary name, then linked to path, which fails when a file
 * of that name has appeared meanwhile (never written over).  Returns 0,
 * or -1 after reporting (an existing file as such). */
int outfile_create(const char *path, OutfileWriter put, void *arg, Diag *d);
/* Reports and returns true when path exists (as anything), for checking
 * every file of a set before the first is written. */
bool outfile_refuse_existing(const char *path, Diag *d);

#endif
