/* watcher.h: the one inotify loop, shared by `watch` and `serve`.
 *
 * Owns: the set of watched files, each known by its folder and name (a
 * symlink also by its target's folder and name); the inotify watches on
 * those folders (editors save by renaming, so a watch on the file itself
 * would be lost after the first save); re-watching a folder that was
 * removed or moved away once it is made again; debouncing bursts of
 * events; ignoring events on our own outputs; SIGINT and SIGTERM
 * (through a signalfd: no global flag).
 *
 * Events become three kinds of calls, made once the files have been
 * quiet for a moment (a save is a burst: write, rename, chmod):
 *   changed   watched files were written, made or moved in: one call per
 *             burst, with all of them (render once);
 *   vanished  a watched file is gone (deleted or renamed away) and has not
 *             come back; it stays watched, and its return is a change;
 *   stopped   a watched file can no longer be watched (no folder of it can
 *             be watched), with the reason.
 * The callbacks may call watcher_set (a render learns what it read).
 */
#ifndef GOALSHEET_WATCHER_H
#define GOALSHEET_WATCHER_H

#include <stddef.h>

#include "diag.h"

typedef struct Watcher Watcher;

typedef struct WatchCallbacks {
	void (*changed)(void *arg, const char *const *paths, size_t n);
	void (*vanished)(void *arg, const char *path);
	void (*stopped)(void *arg, const char *path, const char *reason);
	/* Optional: another descriptor to poll in the same loop (a server's
	 * socket or epoll descriptor), and what to do when it is readable. */
	int extra_fd;                     /* -1 for none */
	void (*extra_ready)(void *arg);
	void *arg;
} WatchCallbacks;

/* Blocks SIGINT and SIGTERM and opens inotify.  The signals stay blocked
 * after watcher_close: a second one (a double Ctrl-C, or `timeout`, which
 * signals the child and then its group) must not kill a process that is
 * already ending cleanly.  Returns NULL after reporting a system error. */
Watcher *watcher_open(Diag *d);
void watcher_close(Watcher *w);

/* Watches exactly these files from now on (paths as given; they need not
 * exist).  Folders still watched keep their watches, so nothing in
 * between is missed. */
void watcher_set(Watcher *w, const char *const *paths, size_t n);

/* Events on this file never count: an output we write ourselves. */
void watcher_ignore(Watcher *w, const char *path);

/* Runs the loop until SIGINT or SIGTERM.  Returns 0 then, or -1 after
 * reporting a system error. */
int watcher_run(Watcher *w, const WatchCallbacks *cb, Diag *d);

#endif
