/* cmd_watch.c: see cmd_watch.h. */
#include "cmd_watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "util.h"
#include "watcher.h"

typedef struct WatchRun {
	Session *s;
	Watcher *w;
	const char *input;
	const char *output;
	char *template;       /* the template file the session reads */
} WatchRun;

/* "HH:MM:SS" in local time: every status line starts with it. */
static void stamp(char when[16])
{
	time_t t = time(NULL);
	struct tm tm;
	when[0] = '\0';
	if (localtime_r(&t, &tm))
		strftime(when, 16, "%H:%M:%S", &tm);
}

static void status_end(void)
{
	fputc('\n', stderr);
	fflush(stderr);
}

static void report(Session *s, const char *output, int rc, const RenderResult *res,
                   int warnings, double ms)
{
	char when[16];
	stamp(when);
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
	} else if (s->diag.system_error) {
		/* The cause (a file that cannot be read or written) was printed
		 * just above; an error count of 0 would hide it. */
		fprintf(stderr, _("[%s] %s not updated: a system error, reported "
		                  "above (the last good PDF stays)"), when, output);
	} else {
		fprintf(stderr, ngettext("[%s] %s not updated: %d error (the last "
		                         "good PDF stays)",
		                         "[%s] %s not updated: %d errors (the last "
		                         "good PDF stays)",
		                         (unsigned long)s->diag.errors),
		        when, output, s->diag.errors);
	}
	status_end();
}

/* One render; then watch what it read or tried to read, and the
 * template. */
static void render_and_watch(WatchRun *r)
{
	Session *s = r->s;
	int warnings_before = s->diag.warnings;
	s->diag.errors = 0;
	s->diag.system_error = false;
	RenderResult res = {0};
	double start = monotonic_ms();
	int rc = session_render(s, r->input, r->output, false, &res);
	report(s, r->output, rc, &res, s->diag.warnings - warnings_before,
	       monotonic_ms() - start);
	char **files = xrealloc(res.files, (res.nfiles + 2) * sizeof *files);
	size_t n = res.nfiles;
	res.files = NULL;
	res.nfiles = 0;
	render_result_free(&res);
	if (n == 0)
		files[n++] = xstrdup(r->input);
	files[n++] = xstrdup(r->template);
	watcher_set(r->w, (const char *const *)files, n);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

static void on_changed(void *arg, const char *const *paths, size_t n)
{
	WatchRun *r = arg;
	for (size_t i = 0; i < n; i++)
		if (strcmp(paths[i], r->template) == 0)
			session_forget_template(r->s);
	render_and_watch(r);
}

static void on_vanished(void *arg, const char *path)
{
	(void)arg;
	char when[16];
	stamp(when);
	fprintf(stderr, _("[%s] %s is gone (deleted or renamed away); still "
	                  "watching for it to come back"), when, path);
	status_end();
}

static void on_stopped(void *arg, const char *path, const char *reason)
{
	(void)arg;
	char when[16];
	stamp(when);
	fprintf(stderr, _("[%s] stopped watching %s: %s"), when, path, reason);
	status_end();
}

int cmd_watch(Session *s, const char *input, const char *output)
{
	Watcher *w = watcher_open(&s->diag);
	if (w == NULL)
		return 2;
	/* The output is ours: writing it is never a change, even when it is
	 * named like a watched file. */
	watcher_ignore(w, output);
	WatchRun r = {.s = s, .w = w, .input = input, .output = output,
	              .template = session_template_path(s)};
	fprintf(stderr, _("goalsheet: watching %s (Ctrl-C ends)"), input);
	fputc('\n', stderr);
	render_and_watch(&r);
	WatchCallbacks cb = {.changed = on_changed, .vanished = on_vanished,
	                     .stopped = on_stopped, .extra_fd = -1, .arg = &r};
	int rc = watcher_run(w, &cb, &s->diag);
	watcher_close(w);
	free(r.template);
	fprintf(stderr, "%s\n", _("goalsheet: stopped watching"));
	if (rc != 0)
		return 2;
	/* Errors of earlier saves were reported as they came; a watch that
	 * was stopped on purpose ends well. */
	s->diag.errors = 0;
	s->diag.system_error = false;
	return 0;
}
