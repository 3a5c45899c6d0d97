/* httpd.c: see httpd.h. */
#include "httpd.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Each entry of Httpd by its symbol; ISO C has no conversion from
 * dlsym's void * to a function pointer, POSIX guarantees it works, and
 * memcpy says so without a cast the compiler would question. */
#define ENTRY(name) {"MHD_" #name, offsetof(Httpd, name)}

static const struct {
	const char *symbol;
	size_t offset;
} ENTRIES[] = {
	ENTRY(start_daemon), ENTRY(stop_daemon), ENTRY(run), ENTRY(get_timeout),
	ENTRY(get_daemon_info), ENTRY(lookup_connection_value),
	ENTRY(suspend_connection), ENTRY(resume_connection),
	ENTRY(create_response_from_buffer), ENTRY(create_response_from_callback),
	ENTRY(create_response_from_fd), ENTRY(add_response_header),
	ENTRY(queue_response), ENTRY(destroy_response),
};

/* dlerror's words, copied before the next dl call frees them. */
static int failed(Httpd *h, char *why, size_t size)
{
	const char *e = dlerror();
	snprintf(why, size, "%s", e ? e : "?");
	httpd_close(h);
	return -1;
}

int httpd_open(Httpd *h, char *why, size_t size)
{
	memset(h, 0, sizeof *h);
	h->lib = dlopen(HTTPD_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	if (h->lib == NULL)
		return failed(h, why, size);
	for (size_t i = 0; i < sizeof ENTRIES / sizeof ENTRIES[0]; i++) {
		void *f = dlsym(h->lib, ENTRIES[i].symbol);
		if (f == NULL)
			return failed(h, why, size);
		memcpy((char *)h + ENTRIES[i].offset, &f, sizeof f);
	}
	return 0;
}

void httpd_close(Httpd *h)
{
	if (h->lib != NULL)
		dlclose(h->lib);
	memset(h, 0, sizeof *h);
}
