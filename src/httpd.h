/* httpd.h: GNU libmicrohttpd, opened when `serve` starts.
 *
 * Owns: loading the library with dlopen and the table of the functions
 * cmd_serve.c calls, each typed as microhttpd.h declares it.  Linked
 * into the program, the library made every command load it and the nine
 * it brings (gnutls, nettle, gmp, p11-kit …): 6.2 M instructions of
 * dynamic linking and about 5 ms of start-up (callgrind and paired runs
 * of an empty program linked with and without it), an eighth of
 * rendering one sheet, for a server that only `serve` starts.
 */
#ifndef GOALSHEET_HTTPD_H
#define GOALSHEET_HTTPD_H

#include <stddef.h>

#include <microhttpd.h>

/* The ABI the program was built against: Debian's libmicrohttpd12. */
#define HTTPD_LIBRARY "libmicrohttpd.so.12"

typedef struct Httpd {
	void *lib;
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_run) *run;
	__typeof__(MHD_get_timeout) *get_timeout;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
	__typeof__(MHD_suspend_connection) *suspend_connection;
	__typeof__(MHD_resume_connection) *resume_connection;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_create_response_from_callback) *create_response_from_callback;
	__typeof__(MHD_create_response_from_fd) *create_response_from_fd;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
} Httpd;

/* Opens the library and finds every function.  Returns 0, or -1 with
 * why[0..size) saying what was missing (dlerror's words). */
int httpd_open(Httpd *h, char *why, size_t size);
void httpd_close(Httpd *h);

#endif
