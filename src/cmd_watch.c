/* cmd_watch.c: see cmd_watch.h. */
#include "cmd_watch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* Saves come in bursts (write, rename, chmod): render once the files
 * have been quiet this long. */
#define DEBOUNCE_MS 40

typedef struct Watch {
	int inotify;
	int signals;
	char **files;          /* absolute or as given; compared by name in dir */
	size_t nfiles;
	int *wds;              /* one watch per folder */
	size_t nwds;
} Watch;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void unwatch_all(Watch *w)
{
	for (size_t i = 0; i < w->nwds; i++)
		inotify_rm_watch(w->inotify, w->wds[i]);
	free(w->wds);
	w->wds = NULL;
	w->nwds = 0;
	for (size_t i = 0; i < w->nfiles; i++)
		free(w->files[i]);
	free(w->files);
	w->files = NULL;
	w->nfiles = 0;
}

/* Watches the folders of files (editors replace files by renaming, so a
 * watch on the file itself would be lost after the first save). */
static void watch_files(Watch *w, char **files, size_t n)
{
	unwatch_all(w);
	w->files = files;
	w->nfiles = n;
	w->wds = xcalloc(n ? n : 1, sizeof *w->wds);
	for (size_t i = 0; i < n; i++) {
		char *dir = path_dir(files[i]);
		int wd = inotify_add_watch(w->inotify, dir,
		                           IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE |
		                           IN_DELETE | IN_ATTRIB);
		free(dir);
		if (wd >= 0)
			w->wds[w->nwds++] = wd;
	}
}

/* True if the inotify events read name one of the watched files; sets
 * *template when one names the template (the last of the files). */
static bool read_events(Watch *w, bool *template)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool relevant = false;
	ssize_t n;
	while ((n = read(w->inotify, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			for (size_t i = 0; ev->len > 0 && i < w->nfiles; i++) {
				if (strcmp(ev->name, path_base(w->files[i])) != 0)
					continue;
				relevant = true;
				*template = *template || i + 1 == w->nfiles;
			}
			p += sizeof *ev + ev->len;
		}
	}
	return relevant;
}

static void report(Session *s, const char *output, int rc, const RenderResult *res,
                   int warnings, double ms)
{
	time_t t = time(NULL);
	struct tm tm;
	char when[16] = "";
	if (localtime_r(&t, &tm))
		strftime(when, sizeof when, "%H:%M:%S", &tm);
	if (rc == 0) {
		char *pages = xasprintf(ngettext("%zu page", "%zu pages", res->pages),
		                        res->pages);
		char *warns = xasprintf(ngettext("%d warning", "%d warnings",
		                                 (unsigned long)warnings), warnings);
		/* TRANSLATORS: a watch status line: [time] output: pages,
		 * warnings, milliseconds the render took. */
		fprintf(stderr, _("[%s] %s: %s, %s, %.0f ms"), when, output, pages,
		        warns, ms);
		free(pages);
		free(warns);
	} else {
		fprintf(stderr, ngettext("[%s] %s not updated: %d error (the last "
		                         "good PDF stays)",
		                         "[%s] %s not updated: %d errors (the last "
		                         "good PDF stays)",
		                         (unsigned long)s->diag.errors),
		        when, output, s->diag.errors);
	}
	fputc('\n', stderr);
	fflush(stderr);
}

/* One render; then watch what it read, and the template. */
static void render_once(Session *s, Watch *w, const char *input,
                        const char *output)
{
	int warnings_before = s->diag.warnings;
	s->diag.errors = 0;
	s->diag.system_error = false;
	RenderResult res = {0};
	double start = now_ms();
	int rc = session_render(s, input, output, false, &res);
	report(s, output, rc, &res, s->diag.warnings - warnings_before,
	       now_ms() - start);
	char **files = res.files;
	size_t n = res.nfiles;
	res.files = NULL;
	res.nfiles = 0;
	render_result_free(&res);
	files = xrealloc(files, (n + 2) * sizeof *files);
	if (n == 0)
		files[n++] = xstrdup(input);
	files[n++] = session_template_path(s);
	watch_files(w, files, n);
}

static int open_watch(Watch *w, Diag *d)
{
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	w->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->inotify < 0 || sigprocmask(SIG_BLOCK, &mask, NULL) != 0 ||
	    (w->signals = signalfd(-1, &mask, SFD_CLOEXEC)) < 0) {
		diag_system(d, _("cannot watch files: %s"), strerror(errno));
		return -1;
	}
	return 0;
}

int cmd_watch(Session *s, const char *input, const char *output)
{
	Watch w = {.inotify = -1, .signals = -1};
	if (open_watch(&w, &s->diag) != 0)
		return 2;
	fprintf(stderr, _("goalsheet: watching %s (Ctrl-C ends)"), input);
	fputc('\n', stderr);
	render_once(s, &w, input, output);
	bool pending = false, template = false;
	for (;;) {
		struct pollfd fds[2] = {{w.inotify, POLLIN, 0}, {w.signals, POLLIN, 0}};
		int r = poll(fds, 2, pending ? DEBOUNCE_MS : -1);
		if (r < 0 && errno != EINTR)
			break;
		if (fds[1].revents & POLLIN)
			break;
		if (r > 0 && (fds[0].revents & POLLIN)) {
			pending = read_events(&w, &template) || pending;
			continue;
		}
		if (r == 0 && pending) {
			pending = false;
			if (template)
				session_forget_template(s);
			template = false;
			render_once(s, &w, input, output);
		}
	}
	unwatch_all(&w);
	close(w.inotify);
	close(w.signals);
	fprintf(stderr, "%s\n", _("goalsheet: stopped watching"));
	/* Errors of earlier saves were reported as they came; a watch that
	 * was stopped on purpose ends well. */
	s->diag.errors = 0;
	s->diag.system_error = false;
	return 0;
}
