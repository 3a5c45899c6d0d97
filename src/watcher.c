/* watcher.c: see watcher.h. */
#include "watcher.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* Saves come in bursts (write, rename, chmod): call back once the files
 * have been quiet this long. */
#define DEBOUNCE_MS 40

/* What happens in a watched folder, and to the folder itself. */
#define FOLDER_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | \
                     IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF |   \
                     IN_ONLYDIR)

typedef struct Folder {
	char *path;
	int wd;           /* -1 while it cannot be watched */
	bool lost;        /* it was removed or moved away since last watched */
} Folder;

typedef struct Entry {
	char *shown;      /* the path as given: what callbacks name */
	char *name;       /* the name in its folder */
	size_t folder;
	char *id;         /* real folder + name, to compare with outputs */
	bool dirty;       /* an event named it since the last call back */
	bool gone;        /* reported as vanished */
	char *stop_reason;/* set when it cannot be watched */
	bool stop_told;
} Entry;

typedef struct Names {
	char **v;
	size_t n, cap;
} Names;

static void names_add(Names *l, const char *s)
{
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

static bool names_have(const Names *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

static void names_free(Names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

struct Watcher {
	int inotify;
	int signals;
	Folder *folders;
	size_t nfolders, cap_folders;
	Entry *files;
	size_t nfiles, cap_files;
	int *parents;     /* watches above folders that do not exist (yet) */
	size_t nparents;
	Names ignored;    /* ids of our own outputs */
	bool pending;     /* something to call back once quiet */
	double last_event;
	bool rearm;       /* a folder was lost or one above it changed */
};

/* The real folder and the name: the same file however it is spelt. */
static char *file_id(const char *path)
{
	char *dir = path_dir(path);
	char real[PATH_MAX];
	char *id = realpath(dir, real) ? xasprintf("%s/%s", real, path_base(path))
	                              : xstrdup(path);
	free(dir);
	return id;
}

static void mark(Watcher *w, Entry *e)
{
	e->dirty = true;
	w->pending = true;
	w->last_event = monotonic_ms();
}

static void mark_folder(Watcher *w, size_t folder)
{
	for (size_t i = 0; i < w->nfiles; i++)
		if (w->files[i].folder == folder)
			mark(w, &w->files[i]);
}

static void stop_folder(Watcher *w, size_t folder, const char *reason)
{
	for (size_t i = 0; i < w->nfiles; i++) {
		Entry *e = &w->files[i];
		if (e->folder != folder || e->stop_reason != NULL)
			continue;
		e->stop_reason = xstrdup(reason);
		mark(w, e);
	}
}

static void resume_folder(Watcher *w, size_t folder)
{
	for (size_t i = 0; i < w->nfiles; i++) {
		Entry *e = &w->files[i];
		if (e->folder == folder) {
			free(e->stop_reason);
			e->stop_reason = NULL;
			e->stop_told = false;
		}
	}
}

static bool folder_uses(const Watcher *w, int wd)
{
	for (size_t i = 0; i < w->nfolders; i++)
		if (w->folders[i].wd == wd)
			return true;
	return false;
}

/* Watches the nearest folder above path that exists, to see the missing
 * one made again.  Returns false with errno set when none can be. */
static bool watch_parent(Watcher *w, size_t *cap, const char *path)
{
	char *dir = path_dir(path);
	for (;;) {
		int wd = inotify_add_watch(w->inotify, dir, FOLDER_MASK);
		if (wd >= 0) {
			xgrow((void **)&w->parents, cap, w->nparents + 1, sizeof *w->parents);
			w->parents[w->nparents++] = wd;
			free(dir);
			return true;
		}
		int why = errno;
		char *up = path_dir(dir);
		bool top = strcmp(up, dir) == 0;
		free(dir);
		dir = up;
		if (top || (why != ENOENT && why != ENOTDIR)) {
			free(dir);
			errno = why;
			return false;
		}
	}
}

/* Watches every folder not watched yet; a folder that does not exist is
 * waited for from above.  A folder found again after it was lost may
 * have had its files made meanwhile: they count as changed. */
static void arm(Watcher *w)
{
	int *old = w->parents;
	size_t nold = w->nparents;
	w->parents = NULL;
	w->nparents = 0;
	size_t cap = 0;
	for (size_t i = 0; i < w->nfolders; i++) {
		Folder *f = &w->folders[i];
		if (f->wd >= 0)
			continue;
		f->wd = inotify_add_watch(w->inotify, f->path, FOLDER_MASK);
		if (f->wd >= 0) {
			resume_folder(w, i);
			if (f->lost)
				mark_folder(w, i);
			f->lost = false;
		} else if ((errno != ENOENT && errno != ENOTDIR) ||
		           !watch_parent(w, &cap, f->path)) {
			stop_folder(w, i, strerror(errno));
		}
	}
	for (size_t i = 0; i < nold; i++) {
		bool kept = folder_uses(w, old[i]);
		for (size_t j = 0; j < w->nparents; j++)
			kept = kept || w->parents[j] == old[i];
		if (!kept)
			inotify_rm_watch(w->inotify, old[i]);
	}
	free(old);
}

static size_t folder_of(Watcher *w, const char *path)
{
	char *dir = path_dir(path);
	for (size_t i = 0; i < w->nfolders; i++)
		if (strcmp(w->folders[i].path, dir) == 0) {
			free(dir);
			return i;
		}
	xgrow((void **)&w->folders, &w->cap_folders, w->nfolders + 1,
	      sizeof *w->folders);
	w->folders[w->nfolders] = (Folder){.path = dir, .wd = -1};
	return w->nfolders++;
}

static void add_entry(Watcher *w, const char *shown, const char *path)
{
	size_t folder = folder_of(w, path);
	for (size_t i = 0; i < w->nfiles; i++)
		if (w->files[i].folder == folder &&
		    strcmp(w->files[i].name, path_base(path)) == 0)
			return;
	xgrow((void **)&w->files, &w->cap_files, w->nfiles + 1, sizeof *w->files);
	w->files[w->nfiles++] = (Entry){.shown = xstrdup(shown),
	                               .name = xstrdup(path_base(path)),
	                               .folder = folder, .id = file_id(path)};
}

static void free_entries(Entry *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].shown);
		free(files[i].name);
		free(files[i].id);
		free(files[i].stop_reason);
	}
}

static bool is_ignored(const Watcher *w, const Entry *e)
{
	return names_have(&w->ignored, e->id);
}

void watcher_set(Watcher *w, const char *const *paths, size_t n)
{
	Folder *old = w->folders;
	size_t nold = w->nfolders;
	free_entries(w->files, w->nfiles);
	w->nfiles = 0;
	w->folders = NULL;
	w->nfolders = w->cap_folders = 0;
	for (size_t i = 0; i < n; i++) {
		add_entry(w, paths[i], paths[i]);
		/* An edit of a symlink's target happens in the target's folder. */
		char real[PATH_MAX];
		struct stat st;
		if (lstat(paths[i], &st) == 0 && S_ISLNK(st.st_mode) &&
		    realpath(paths[i], real) != NULL)
			add_entry(w, paths[i], real);
	}
	/* Keep the watches of folders still wanted: a save in between is
	 * not missed. */
	for (size_t i = 0; i < w->nfolders; i++)
		for (size_t j = 0; j < nold; j++)
			if (strcmp(w->folders[i].path, old[j].path) == 0) {
				w->folders[i].wd = old[j].wd;
				w->folders[i].lost = old[j].lost;
			}
	arm(w);
	for (size_t j = 0; j < nold; j++) {
		if (old[j].wd >= 0 && !folder_uses(w, old[j].wd))
			inotify_rm_watch(w->inotify, old[j].wd);
		free(old[j].path);
	}
	free(old);
}

void watcher_ignore(Watcher *w, const char *path)
{
	char *id = file_id(path);
	names_add(&w->ignored, id);
	free(id);
}

static bool any_folder_missing(const Watcher *w)
{
	for (size_t i = 0; i < w->nfolders; i++)
		if (w->folders[i].wd < 0)
			return true;
	return false;
}

static void folder_event(Watcher *w, size_t i, const struct inotify_event *ev)
{
	Folder *f = &w->folders[i];
	if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
		/* A folder moved away keeps its watch under its new name: not
		 * the folder we were asked for any more. */
		if (ev->mask & IN_MOVE_SELF)
			inotify_rm_watch(w->inotify, f->wd);
		f->wd = -1;
		f->lost = true;
		mark_folder(w, i);
		w->rearm = true;
		return;
	}
	for (size_t k = 0; ev->len > 0 && k < w->nfiles; k++)
		if (w->files[k].folder == i && strcmp(w->files[k].name, ev->name) == 0)
			mark(w, &w->files[k]);
}

static void handle_event(Watcher *w, const struct inotify_event *ev)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		for (size_t k = 0; k < w->nfiles; k++)
			mark(w, &w->files[k]);
		w->rearm = true;
		return;
	}
	for (size_t i = 0; i < w->nfolders; i++)
		if (w->folders[i].wd == ev->wd)
			folder_event(w, i, ev);
	for (size_t i = 0; i < w->nparents; i++)
		if (w->parents[i] == ev->wd && (ev->mask & (IN_IGNORED | IN_DELETE_SELF |
		                                            IN_MOVE_SELF)))
			w->rearm = true;
	if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) &&
	    any_folder_missing(w))
		w->rearm = true;
}

static void read_events(Watcher *w)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	while ((n = read(w->inotify, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			handle_event(w, ev);
			p += sizeof *ev + ev->len;
		}
	}
}

/* What one burst comes to, copied: a callback may call watcher_set. */
typedef struct Calls {
	Names changed, gone, stopped, reasons;
} Calls;

/* A file an event named, told apart by whether it is there now (a save
 * by renaming away and back is a change, not a loss). */
static void sort_entry(Watcher *w, Entry *e, Calls *c)
{
	struct stat st;
	if (e->stop_reason != NULL) {
		if (!e->stop_told) {
			e->stop_told = true;
			names_add(&c->stopped, e->shown);
			names_add(&c->reasons, e->stop_reason);
		}
	} else if (is_ignored(w, e)) {
		return;
	} else if (stat(e->shown, &st) == 0) {
		e->gone = false;
		if (!names_have(&c->changed, e->shown))
			names_add(&c->changed, e->shown);
	} else if (!e->gone) {
		e->gone = true;
		if (!names_have(&c->gone, e->shown))
			names_add(&c->gone, e->shown);
	}
}

static void dispatch(Watcher *w, const WatchCallbacks *cb)
{
	Calls c = {0};
	w->pending = false;
	for (size_t i = 0; i < w->nfiles; i++) {
		if (w->files[i].dirty)
			sort_entry(w, &w->files[i], &c);
		w->files[i].dirty = false;
	}
	for (size_t i = 0; i < c.stopped.n; i++)
		cb->stopped(cb->arg, c.stopped.v[i], c.reasons.v[i]);
	for (size_t i = 0; i < c.gone.n; i++)
		cb->vanished(cb->arg, c.gone.v[i]);
	if (c.changed.n > 0)
		cb->changed(cb->arg, (const char *const *)c.changed.v, c.changed.n);
	names_free(&c.changed);
	names_free(&c.gone);
	names_free(&c.stopped);
	names_free(&c.reasons);
}

Watcher *watcher_open(Diag *d)
{
	Watcher *w = xcalloc(1, sizeof *w);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	w->signals = -1;
	w->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->inotify < 0 || sigprocmask(SIG_BLOCK, &mask, NULL) != 0 ||
	    (w->signals = signalfd(-1, &mask, SFD_CLOEXEC)) < 0) {
		diag_system(d, _("cannot watch files: %s"), strerror(errno));
		if (w->inotify >= 0)
			close(w->inotify);
		free(w);
		return NULL;
	}
	return w;
}

void watcher_close(Watcher *w)
{
	if (w == NULL)
		return;
	close(w->inotify);
	close(w->signals);
	free_entries(w->files, w->nfiles);
	free(w->files);
	for (size_t i = 0; i < w->nfolders; i++)
		free(w->folders[i].path);
	free(w->folders);
	free(w->parents);
	names_free(&w->ignored);
	free(w);
}

int watcher_run(Watcher *w, const WatchCallbacks *cb, Diag *d)
{
	for (;;) {
		if (w->rearm) {
			w->rearm = false;
			arm(w);
		}
		int timeout = -1;
		if (w->pending) {
			double left = w->last_event + DEBOUNCE_MS - monotonic_ms();
			timeout = left > 0 ? (int)left + 1 : 0;
		}
		struct pollfd fds[3] = {{w->inotify, POLLIN, 0}, {w->signals, POLLIN, 0},
		                        {cb->extra_fd, POLLIN, 0}};
		int r = poll(fds, cb->extra_fd >= 0 ? 3 : 2, timeout);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_system(d, _("cannot watch files: %s"), strerror(errno));
			return -1;
		}
		if (fds[1].revents & POLLIN) {
			struct signalfd_siginfo info;
			ssize_t got = read(w->signals, &info, sizeof info);
			(void)got;   /* stopping either way */
			return 0;
		}
		if (fds[0].revents & POLLIN)
			read_events(w);
		if (cb->extra_fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR)))
			cb->extra_ready(cb->arg);
		if (w->pending && !w->rearm && monotonic_ms() >= w->last_event + DEBOUNCE_MS)
			dispatch(w, cb);
	}
}
