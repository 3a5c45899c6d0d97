/* cmd_serve.c: see cmd_serve.h.
 *
 * One thread: the file watch's loop (watcher.h, shared with `watch`)
 * also polls libmicrohttpd's epoll descriptor, so the Session (which is
 * not thread-safe) is only ever used here and an idle server sleeps.  An
 * /events connection is suspended while it has nothing to send and
 * resumed when a save is broadcast.
 *
 * Writing (the edit view's saves and new sheets, serve_form.h) is what a
 * web page of another origin must never do: a POST needs the server's
 * secret token (in the edit page, sent back in a header, which no
 * cross-site form can set and no cross-site script may without a CORS
 * preflight this server never answers), an Origin, when sent, of this
 * server, a Host of this server (DNS rebinding), a form body of at most
 * SERVE_FORM_MAX bytes, and a loopback address to listen on.
 */
#include "cmd_serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"
#include "i18n.h"
#include "serve_form.h"
#include "serve_html.h"
#include "util.h"
#include "watcher.h"
#include "webpath.h"

#define DEFAULT_PORT 8480

static const char *const CSP =
	"default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
	"img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
	"form-action 'none'; frame-ancestors 'none'";

typedef struct Server Server;

/* One open /events connection. */
typedef struct Client {
	Server *sv;
	struct MHD_Connection *conn;
	Buf out;             /* events not yet sent */
	size_t sent;
	bool suspended, closing;
} Client;

struct Server {
	Session *s;
	char *root;          /* real path of DIR */
	char *webdir;        /* the front end's files */
	char *tmpdir;        /* private, outside DIR: PDFs on their way out */
	bool loopback;
	unsigned long gen;
	GoodPages good;
	Client **clients;
	size_t nclients, cap;
	Watcher *watcher;
	Httpd http;          /* libmicrohttpd, opened by cmd_serve */
	struct MHD_Daemon *mhd;
	int loop;            /* epoll: libmicrohttpd's descriptor and the timer */
	int timer;           /* timerfd: when libmicrohttpd wants to run again */
	char token[33];      /* the secret a POST must carry (hex) */
};

/* A request's body as it arrives (POST only). */
typedef struct Upload {
	Buf body;
	bool too_big;
} Upload;

#define TOKEN_HEADER "X-Goalsheet-Token"

/* ---- responses ----------------------------------------------------------- */

/* Changing content (documents, their pages, the index) is never stored;
 * the front end's files and fonts are revalidated. */
static enum MHD_Result queue(const Httpd *h, struct MHD_Connection *c, unsigned status,
                             struct MHD_Response *r, const char *type,
                             bool changing)
{
	if (r == NULL)
		return MHD_NO;
	h->add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	h->add_response_header(r, "Content-Security-Policy", CSP);
	h->add_response_header(r, "X-Content-Type-Options", "nosniff");
	h->add_response_header(r, "Referrer-Policy", "no-referrer");
	h->add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        changing ? "no-store" : "no-cache");
	enum MHD_Result ok = h->queue_response(c, status, r);
	h->destroy_response(r);
	return ok;
}

static enum MHD_Result send_owned(const Httpd *h, struct MHD_Connection *c, unsigned status,
                                  char *body, const char *type)
{
	struct MHD_Response *r = h->create_response_from_buffer(
		strlen(body), body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		free(body);
	return queue(h, c, status, r, type, true);
}

static enum MHD_Result send_text(const Httpd *h, struct MHD_Connection *c, unsigned status,
                                 const char *text)
{
	return send_owned(h, c, status, xasprintf("%s\n", text),
	                  "text/plain; charset=utf-8");
}

static const char *mime_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"}, {".ttf", "font/ttf"}, {".otf", "font/otf"},
		{".woff2", "font/woff2"}};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcasecmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* A file the server may hand out (a font, a front-end file), with an
 * ETag from its size and time so that the browser keeps its copy. */
static enum MHD_Result send_file(const Httpd *h, struct MHD_Connection *c, const char *path)
{
	const char *type = mime_type(path);
	int fd = type ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return send_text(h, c, MHD_HTTP_NOT_FOUND, "not found");
	}
	char etag[64];
	snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size,
	         (unsigned long long)st.st_mtime);
	const char *match = h->lookup_connection_value(c, MHD_HEADER_KIND,
	                                                MHD_HTTP_HEADER_IF_NONE_MATCH);
	struct MHD_Response *r;
	unsigned status = MHD_HTTP_OK;
	if (match != NULL && strcmp(match, etag) == 0) {
		close(fd);
		r = h->create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		r = h->create_response_from_fd((uint64_t)st.st_size, fd);
		if (r == NULL)
			close(fd);
	}
	if (r != NULL)
		h->add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	return queue(h, c, status, r, type, false);
}

/* ---- server-sent events -------------------------------------------------- */

static ssize_t events_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	Client *cl = cls;
	if (cl->sent < cl->out.len) {
		size_t n = cl->out.len - cl->sent < max ? cl->out.len - cl->sent : max;
		memcpy(buf, cl->out.data + cl->sent, n);
		cl->sent += n;
		if (cl->sent == cl->out.len)
			cl->sent = cl->out.len = 0;
		return (ssize_t)n;
	}
	if (cl->closing)
		return MHD_CONTENT_READER_END_OF_STREAM;
	/* Nothing to say until the next save: out of the loop till then. */
	cl->suspended = true;
	cl->sv->http.suspend_connection(cl->conn);
	return 0;
}

static void events_free(void *cls)
{
	Client *cl = cls;
	Server *sv = cl->sv;
	for (size_t i = 0; i < sv->nclients; i++)
		if (sv->clients[i] == cl) {
			sv->clients[i] = sv->clients[--sv->nclients];
			break;
		}
	buf_free(&cl->out);
	free(cl);
}

static void client_wake(Client *cl)
{
	if (cl->suspended) {
		cl->suspended = false;
		cl->sv->http.resume_connection(cl->conn);
	}
}

static enum MHD_Result send_events(Server *sv, struct MHD_Connection *c)
{
	Client *cl = xcalloc(1, sizeof *cl);
	*cl = (Client){.sv = sv, .conn = c};
	/* The generation first: a page that missed a save while it was
	 * reconnecting sees it at once. */
	buf_printf(&cl->out, "retry: 500\nevent: change\ndata: %lu\n\n", sv->gen);
	struct MHD_Response *r = sv->http.create_response_from_callback(
		MHD_SIZE_UNKNOWN, 4096, events_read, cl, events_free);
	if (r == NULL) {
		buf_free(&cl->out);
		free(cl);
		return MHD_NO;
	}
	xgrow((void **)&sv->clients, &sv->cap, sv->nclients + 1, sizeof *sv->clients);
	sv->clients[sv->nclients++] = cl;
	return queue(&sv->http, c, MHD_HTTP_OK, r, "text/event-stream", true);
}

static void broadcast(Server *sv)
{
	for (size_t i = 0; i < sv->nclients; i++) {
		buf_printf(&sv->clients[i]->out, "event: change\ndata: %lu\n\n", sv->gen);
		client_wake(sv->clients[i]);
	}
}

/* ---- routes -------------------------------------------------------------- */

static enum MHD_Result send_pdf(Server *sv, ServeView *v, struct MHD_Connection *c,
                                const char *rel)
{
	char *out = xasprintf("%s/document.pdf", sv->tmpdir);
	char *messages;
	int rc = serve_render_pdf(v, rel, out, &messages);
	size_t len = 0;
	char *pdf = rc == 0 ? read_file(out, &len) : NULL;
	unlink(out);
	free(out);
	if (pdf == NULL) {
		/* TRANSLATORS: the body of the answer to a PDF download when
		 * the document has errors; the diagnostics follow. */
		char *body = xasprintf("%s\n\n%s", _("The PDF was not made:"),
		                       messages ? messages : "");
		free(messages);
		return send_owned(&sv->http, c, MHD_HTTP_UNPROCESSABLE_CONTENT, body,
		                  "text/plain; charset=utf-8");
	}
	free(messages);
	struct MHD_Response *r = sv->http.create_response_from_buffer(
		len, pdf, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(pdf);
		return MHD_NO;
	}
	/* sheet-1.xml → sheet-1.pdf, as render names it. */
	const char *base = path_base(rel);
	Buf cd = {0};
	buf_adds(&cd, "attachment; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)base; p[4]; p++)
		buf_printf(&cd, strchr("-._~", *p) || (*p >= '0' && *p <= '9') ||
		           ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ? "%c" : "%%%02X", *p);
	buf_adds(&cd, ".pdf");
	sv->http.add_response_header(r, "Content-Disposition", cd.data);
	buf_free(&cd);
	return queue(&sv->http, c, MHD_HTTP_OK, r, "application/pdf", true);
}

static enum MHD_Result send_font(Server *sv, struct MHD_Connection *c, size_t font,
                                 bool css)
{
	/* The template may have changed since the last page was drawn;
	 * what is wrong with it is said in the terminal. */
	bool ready = session_ready(sv->s);
	if (!ready)
		return send_text(&sv->http, c, MHD_HTTP_SERVICE_UNAVAILABLE, "the template or its "
		                 "fonts cannot be read (see the terminal)");
	if (css)
		return send_owned(&sv->http, c, MHD_HTTP_OK, serve_fonts_css(sv->s->fonts),
		                  "text/css; charset=utf-8");
	if (font >= fonts_count(sv->s->fonts))
		return send_text(&sv->http, c, MHD_HTTP_NOT_FOUND, "no such font");
	return send_file(&sv->http, c, fonts_path(sv->s->fonts, font));
}

static enum MHD_Result send_answer(const Httpd *h, struct MHD_Connection *c, ServeAnswer a)
{
	struct MHD_Response *r = h->create_response_from_buffer(
		strlen(a.body), a.body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		free(a.body);
	if (r != NULL && a.location != NULL)
		h->add_response_header(r, MHD_HTTP_HEADER_LOCATION, a.location);
	free(a.location);
	return queue(h, c, a.status, r, a.type, true);
}

/* The index, and the form for a new sheet where saving is allowed. */
static enum MHD_Result send_index(Server *sv, ServeView *v, struct MHD_Connection *c)
{
	char *form = sv->loopback ? serve_new_form(v, sv->token) : NULL;
	char *page = serve_index_html(v, form);
	free(form);
	return send_owned(&sv->http, c, MHD_HTTP_OK, page, "text/html; charset=utf-8");
}

/* The routes that read or write a document name one that exists. */
static bool names_document(WebKind k)
{
	return k == WEB_DOC || k == WEB_VIEW || k == WEB_PDF || k == WEB_EDIT ||
	       k == WEB_PREVIEW || k == WEB_SAVE || k == WEB_NEXT;
}

static enum MHD_Result route(Server *sv, struct MHD_Connection *c, const char *url,
                             const Upload *up)
{
	WebRoute r = webpath_parse(url);
	const char *accept = sv->http.lookup_connection_value(c, MHD_HEADER_KIND,
	                                                 "Accept-Language");
	const char *lang = serve_messages_locale(accept);
	/* The edit view speaks to the city's staff, as its labels do:
	 * its messages are Japanese whatever the browser's language. */
	if (r.kind == WEB_EDIT || webpath_posts(r.kind))
		lang = "ja_JP.UTF-8";
	ServeView v = {.s = sv->s, .root = sv->root, .gen = sv->gen,
	               .good = &sv->good, .lang = lang, .writable = sv->loopback};
	if (names_document(r.kind)) {
		char *path = serve_resolve(sv->root, r.arg);
		bool found = path != NULL;
		free(path);
		if (!found)
			return send_text(&sv->http, c, MHD_HTTP_NOT_FOUND, "no such document");
	}
	const char *body = up ? up->body.data : "";
	size_t len = up ? up->body.len : 0;
	switch (r.kind) {
	case WEB_INDEX:
		return send_index(sv, &v, c);
	case WEB_DOC:
		return send_owned(&sv->http, c, MHD_HTTP_OK, serve_doc_html(&v, r.arg),
		                  "text/html; charset=utf-8");
	case WEB_VIEW:
		return send_owned(&sv->http, c, MHD_HTTP_OK, serve_view_html(&v, r.arg),
		                  "text/html; charset=utf-8");
	case WEB_EDIT:
		return send_owned(&sv->http, c, MHD_HTTP_OK, serve_edit_html(&v, r.arg, sv->token),
		                  "text/html; charset=utf-8");
	case WEB_PREVIEW:
	case WEB_SAVE:
		return send_answer(&sv->http, c, serve_edit_post(&v, r.arg, body ? body : "", len,
		                                      r.kind == WEB_SAVE));
	case WEB_NEW:
		return send_answer(&sv->http, c, serve_new_sheet(&v, body ? body : "", len));
	case WEB_NEXT:
		return send_answer(&sv->http, c, serve_next_copy(&v, r.arg, body ? body : "", len));
	case WEB_PDF:
		return send_pdf(sv, &v, c, r.arg);
	case WEB_EVENTS:
		return send_events(sv, c);
	case WEB_FONTS_CSS:
	case WEB_FONT:
		return send_font(sv, c, r.font, r.kind == WEB_FONTS_CSS);
	case WEB_STATIC: {
		char *path = xasprintf("%s/%s", sv->webdir, r.arg);
		enum MHD_Result ok = send_file(&sv->http, c, path);
		free(path);
		return ok;
	}
	case WEB_BAD:
		return send_text(&sv->http, c, MHD_HTTP_BAD_REQUEST, "bad request");
	case WEB_NOT_FOUND:
		break;
	}
	return send_text(&sv->http, c, MHD_HTTP_NOT_FOUND, "not found");
}

/* On a loopback address, only requests for a loopback name: a web page
 * elsewhere cannot rebind its own name to this server (DNS rebinding). */
static bool host_ok(const Server *sv, const char *host)
{
	if (!sv->loopback)
		return true;
	if (host == NULL)
		return false;
	static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i]);
		if (strncasecmp(host, names[i], n) == 0 &&
		    (host[n] == '\0' || host[n] == ':'))
			return true;
	}
	return false;
}

/* Equal strings, in a time that does not tell how much of them agreed. */
static bool same_secret(const char *a, const char *b)
{
	size_t n = strlen(b);
	unsigned char diff = a == NULL || strlen(a) != n;
	for (size_t i = 0; a != NULL && i < n && a[i]; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

/* Why a POST may not go ahead (see the top of this file): its status
 * and message, or 0. */
static unsigned refuse_post(const Server *sv, struct MHD_Connection *c,
                            const Upload *up, WebKind kind, const char **why)
{
	const char *host = sv->http.lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	const char *origin = sv->http.lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *site = sv->http.lookup_connection_value(c, MHD_HEADER_KIND,
	                                               "Sec-Fetch-Site");
	const char *type = sv->http.lookup_connection_value(c, MHD_HEADER_KIND,
	                                               MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *token = sv->http.lookup_connection_value(c, MHD_HEADER_KIND,
	                                                TOKEN_HEADER);
	char *self = host ? xasprintf("http://%s", host) : NULL;
	bool same_origin = origin == NULL || (self && strcmp(origin, self) == 0);
	free(self);
	*why = NULL;
	if (up->too_big) {
		*why = "the form is too big";
		return MHD_HTTP_CONTENT_TOO_LARGE;
	}
	if (!same_origin || (site && strcmp(site, "same-origin") != 0))
		*why = "a page of another site may not write here";
	else if (!same_secret(token, sv->token))
		*why = "no or a wrong " TOKEN_HEADER " (open the page again)";
	else if (!sv->loopback && kind != WEB_PREVIEW)
		*why = "saving is only for a server on a loopback address (--bind)";
	if (*why != NULL)
		return MHD_HTTP_FORBIDDEN;
	if (type == NULL || strncasecmp(type, "application/x-www-form-urlencoded",
	                                33) != 0) {
		*why = "the body must be application/x-www-form-urlencoded";
		return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
	}
	return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **state)
{
	(void)version;
	Server *sv = cls;
	bool post = strcmp(method, "POST") == 0;
	WebKind kind = webpath_parse(url).kind;
	if (*state == NULL && post && webpath_posts(kind)) {
		*state = xcalloc(1, sizeof(Upload));   /* the body comes next */
		return MHD_YES;
	}
	if (*state != NULL && *state != sv && *upload_size > 0) {
		Upload *up = *state;
		if (up->body.len + *upload_size > (size_t)SERVE_FORM_MAX)
			up->too_big = true;
		else
			buf_add(&up->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (*state == sv) {         /* a body nobody asked for: dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	Upload *up = *state;
	*state = up ? (void *)up : (void *)sv;
	if (!host_ok(sv, sv->http.lookup_connection_value(c, MHD_HEADER_KIND, "Host")))
		return send_text(&sv->http, c, MHD_HTTP_MISDIRECTED_REQUEST, "wrong Host");
	if (webpath_posts(kind) && !post)
		return send_text(&sv->http, c, MHD_HTTP_METHOD_NOT_ALLOWED, "only POST");
	if (!webpath_posts(kind) && strcmp(method, "GET") != 0 &&
	    strcmp(method, "HEAD") != 0)
		return send_text(&sv->http, c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD");
	const char *why;
	unsigned refused = up ? refuse_post(sv, c, up, kind, &why) : 0;
	if (refused != 0)
		return send_text(&sv->http, c, refused, why);
	return route(sv, c, url, up);
}

/* The end of a request: its body goes. */
static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode why)
{
	(void)c;
	(void)why;
	if (*state != NULL && *state != cls) {
		Upload *up = *state;
		buf_free(&up->body);
		free(up);
	}
	*state = NULL;
}

static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return webpath_unescape(s);
}

/* ---- the loop ------------------------------------------------------------ */

/* libmicrohttpd's share of the loop, which polls sv->loop: one round of
 * its work, then the timer set to when it wants the next (at once while
 * a large file is on its way, so that the watch gets its turns too). */
static void serve_ready(void *arg)
{
	Server *sv = arg;
	uint64_t expired;
	ssize_t got = read(sv->timer, &expired, sizeof expired);
	(void)got;           /* nothing to read when it had not expired */
	sv->http.run(sv->mhd);
	MHD_UNSIGNED_LONG_LONG ms;
	struct itimerspec next = {{0, 0}, {0, 0}};
	if (sv->http.get_timeout(sv->mhd, &ms) == MHD_YES) {
		next.it_value.tv_sec = (time_t)(ms / 1000);
		next.it_value.tv_nsec = (long)(ms % 1000) * 1000000L + 1;
	}
	timerfd_settime(sv->timer, 0, &next, NULL);
}

/* One descriptor for the watch to poll: libmicrohttpd's and the timer. */
static int open_loop(Server *sv)
{
	const union MHD_DaemonInfo *info =
		sv->http.get_daemon_info(sv->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	sv->loop = epoll_create1(EPOLL_CLOEXEC);
	sv->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	struct epoll_event http = {.events = EPOLLIN}, timer = {.events = EPOLLIN};
	if (info == NULL || sv->loop < 0 || sv->timer < 0 ||
	    epoll_ctl(sv->loop, EPOLL_CTL_ADD, info->epoll_fd, &http) != 0 ||
	    epoll_ctl(sv->loop, EPOLL_CTL_ADD, sv->timer, &timer) != 0) {
		diag_system(&sv->s->diag, _("cannot watch files: %s"), strerror(errno));
		return -1;
	}
	return 0;
}

/* Every document below the root, and the template. */
static void watch_documents(Server *sv)
{
	size_t n;
	char **docs = serve_find_documents(sv->root, &n);
	char **paths = xcalloc(n + 1, sizeof *paths);
	for (size_t i = 0; i < n; i++) {
		paths[i] = xasprintf("%s/%s", sv->root, docs[i]);
		free(docs[i]);
	}
	free(docs);
	paths[n] = session_template_path(sv->s);
	watcher_set(sv->watcher, (const char *const *)paths, n + 1);
	for (size_t i = 0; i <= n; i++)
		free(paths[i]);
	free(paths);
}

/* A save: every open page reloads what it shows. */
static void saved(Server *sv)
{
	sv->gen++;
	watch_documents(sv);
	broadcast(sv);
	serve_ready(sv);
}

static void on_changed(void *arg, const char *const *paths, size_t n)
{
	Server *sv = arg;
	char *template = session_template_path(sv->s);
	for (size_t i = 0; i < n; i++)
		if (strcmp(paths[i], template) == 0)
			session_forget_template(sv->s);
	free(template);
	saved(sv);
}

/* A document deleted or renamed away: the index and its page say so. */
static void on_vanished(void *arg, const char *path)
{
	(void)path;
	saved(arg);
}

static void on_stopped(void *arg, const char *path, const char *reason)
{
	(void)arg;
	fputs("goalsheet: warning: ", stderr);
	fprintf(stderr, _("stopped watching %s: %s"), path, reason);
	fputc('\n', stderr);
}

/* Ends every /events stream, lets them go, then stops (a suspended
 * connection must not outlive the daemon). */
static void stop(Server *sv)
{
	for (size_t i = 0; i < sv->nclients; i++) {
		sv->clients[i]->closing = true;
		client_wake(sv->clients[i]);
	}
	for (int round = 0; round < 50 && sv->nclients > 0; round++) {
		sv->http.run(sv->mhd);
		if (sv->nclients > 0)
			poll(NULL, 0, 10);
	}
	sv->http.stop_daemon(sv->mhd);
}

/* ---- starting ------------------------------------------------------------ */

/* A folder for PDFs on their way to the browser, never below the root. */
static char *private_folder(const char *root)
{
	const char *bases[] = {getenv("XDG_RUNTIME_DIR"), getenv("TMPDIR"), "/tmp",
	                       "/var/tmp"};
	size_t rn = strlen(root);
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		if (bases[i] == NULL || bases[i][0] != '/')
			continue;
		char *dir = xasprintf("%s/goalsheet-serve.XXXXXX", bases[i]);
		char *real = mkdtemp(dir) ? realpath(dir, NULL) : NULL;
		if (real != NULL && !(strncmp(real, root, rn) == 0 && real[rn] == '/')) {
			free(dir);
			return real;
		}
		if (real != NULL)
			rmdir(real);
		free(real);
		free(dir);
	}
	return NULL;
}

/* The address to listen on; *loopback tells whether only this machine
 * can reach it. */
static bool listen_address(const char *bind, struct sockaddr_storage *ss,
                           bool *loopback)
{
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	if (strcmp(bind, "localhost") == 0)
		bind = "127.0.0.1";
	if (inet_pton(AF_INET, bind, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		*loopback = (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
		return true;
	}
	if (inet_pton(AF_INET6, bind, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
		return true;
	}
	return false;
}

static int start(Server *sv, const char *bind, int port)
{
	struct sockaddr_storage ss;
	if (!listen_address(bind, &ss, &sv->loopback)) {
		diag_system(&sv->s->diag, _("--bind %s: give an IP address such as "
		            "127.0.0.1"), bind);
		return -1;
	}
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
	unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
	                 (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	errno = 0;
	sv->mhd = sv->http.start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, sv,
	                           MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	                           MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	                           MHD_OPTION_NOTIFY_COMPLETED, on_completed, sv,
	                           MHD_OPTION_CONNECTION_TIMEOUT, 60u,
	                           MHD_OPTION_CONNECTION_LIMIT, 200u, MHD_OPTION_END);
	if (sv->mhd == NULL) {
		diag_system(&sv->s->diag, _("cannot listen on %s port %d: %s; give "
		            "another with --port"), bind, port,
		            errno ? strerror(errno) : _("the address is in use or not "
		                                        "this machine's"));
		return -1;
	}
	return 0;
}

/* DATADIR/web when installed, src/web in the source tree. */
static char *front_end_folder(const char *datadir)
{
	char *dir = xasprintf("%s/web", datadir);
	struct stat st;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return dir;
	free(dir);
	return xasprintf("%s/src/web", datadir);
}

/* The secret a POST carries: 128 random bits, new for each server. */
static bool make_token(char out[33])
{
	unsigned char r[16];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return false;
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	return true;
}

static int setup(Server *sv, const char *dir)
{
	char why[512];
	if (httpd_open(&sv->http, why, sizeof why) != 0) {
		diag_system(&sv->s->diag, _("serve needs GNU libmicrohttpd (%s, "
		            "Debian's package libmicrohttpd12): %s"), HTTPD_LIBRARY, why);
		return -1;
	}
	if (!make_token(sv->token)) {
		diag_system(&sv->s->diag, _("cannot make a secret for the edit "
		            "view: %s"), strerror(errno));
		return -1;
	}
	struct stat st;
	sv->root = realpath(dir, NULL);
	if (sv->root == NULL || stat(sv->root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_system(&sv->s->diag, _("cannot serve '%s': %s"), dir,
		            sv->root ? strerror(ENOTDIR) : strerror(errno));
		return -1;
	}
	sv->webdir = front_end_folder(sv->s->datadir);
	sv->tmpdir = private_folder(sv->root);
	if (sv->tmpdir == NULL) {
		diag_system(&sv->s->diag, _("cannot make a private folder for PDFs "
		            "(tried $XDG_RUNTIME_DIR, $TMPDIR, /tmp, /var/tmp): %s"),
		            strerror(errno));
		return -1;
	}
	return 0;
}

static void teardown(Server *sv)
{
	if (sv->loop >= 0)
		close(sv->loop);
	if (sv->timer >= 0)
		close(sv->timer);
	if (sv->watcher != NULL)
		watcher_close(sv->watcher);
	if (sv->tmpdir != NULL)
		rmdir(sv->tmpdir);
	free(sv->clients);
	good_pages_free(&sv->good);
	free(sv->tmpdir);
	free(sv->webdir);
	free(sv->root);
	httpd_close(&sv->http);
}

/* The address to open, and the warning that goes with a public one. */
static void announce(Server *sv, const char *bind, int port)
{
	const union MHD_DaemonInfo *info =
		sv->http.get_daemon_info(sv->mhd, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? info->port : port;
	if (!sv->loopback) {
		fputs("goalsheet: warning: ", stderr);
		fprintf(stderr, _("serving on %s: anyone who can reach this "
		        "address can read the documents; there is no login"), bind);
		fputc('\n', stderr);
	}
	bool v6 = strchr(bind, ':') != NULL;
	printf(_("goalsheet: serving %s at http://%s%s%s:%d/ (Ctrl-C ends)"),
	       sv->root, v6 ? "[" : "", bind, v6 ? "]" : "", port);
	putchar('\n');
	fflush(stdout);
}

int cmd_serve(Session *s, const char *dir)
{
	Server sv = {.s = s, .loop = -1, .timer = -1};
	int port = s->opt.port < 0 ? DEFAULT_PORT : s->opt.port;
	const char *bind = s->opt.bind ? s->opt.bind : "127.0.0.1";
	/* No progress lines: nobody watches a server's terminal for them. */
	s->opt.quiet = true;
	/* A browser that goes away mid-font must not end the server. */
	signal(SIGPIPE, SIG_IGN);
	int rc = 2;
	if (setup(&sv, dir) == 0 && (sv.watcher = watcher_open(&s->diag)) != NULL &&
	    start(&sv, bind, port) == 0 && open_loop(&sv) == 0) {
		WatchCallbacks cb = {.changed = on_changed, .vanished = on_vanished,
		                     .stopped = on_stopped, .extra_fd = sv.loop,
		                     .extra_ready = serve_ready, .arg = &sv};
		watch_documents(&sv);
		announce(&sv, bind, port);
		rc = watcher_run(sv.watcher, &cb, &s->diag) == 0 ? 0 : 2;
	}
	if (sv.mhd != NULL)
		stop(&sv);
	teardown(&sv);
	if (rc == 0) {
		/* Errors of documents were shown in the browser; a server that
		 * was stopped on purpose ends well. */
		s->diag.errors = 0;
		s->diag.system_error = false;
	}
	return rc;
}
