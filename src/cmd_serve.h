/* cmd_serve.h: `goalsheet serve [DIR] [--port N] [--bind ADDR] [options]`.
 *
 * Owns: the local web server (GNU libmicrohttpd, driven from one
 * single-threaded poll loop together with the file watch and the
 * signals), its routes (webpath.h), HTTP headers (Content-Security-
 * Policy, no caching of what changes), the PDF rendered on request into
 * a private folder outside DIR, and the server-sent events that tell
 * every open page to reload its live part after a save.  What the pages
 * show is serve_html.h's.  It never writes into DIR.  SIGINT and SIGTERM
 * end it (exit 0).
 */
#ifndef GOALSHEET_CMD_SERVE_H
#define GOALSHEET_CMD_SERVE_H

#include "cli.h"

/* dir: the folder to serve.  Returns the exit status. */
int cmd_serve(Session *s, const char *dir);

#endif
