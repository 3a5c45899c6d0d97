/* diag.c: see diag.h. */
#include "diag.h"

#include <stdarg.h>

static const char *level_name(DiagLevel level)
{
	switch (level) {
	case DIAG_NOTE:
		return "note";
	case DIAG_WARNING:
		return "warning";
	case DIAG_ERROR:
		return "error";
	}
	return "error";
}

void diag_init(Diag *d, FILE *out)
{
	*d = (Diag){.out = out};
}

void diag_at(Diag *d, DiagLevel level, const char *file, long line, long col,
             const char *field, const char *fmt, ...)
{
	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
	else if (d->quiet)
		return;
	if (d->out == NULL)
		return;
	if (line > 0)
		fprintf(d->out, "%s:%ld:%ld: ", file, line, col > 0 ? col : 1);
	else
		fprintf(d->out, "%s: ", file);
	fprintf(d->out, "%s: ", level_name(level));
	if (field != NULL && field[0] != '\0')
		fprintf(d->out, "%s: ", field);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

void diag_system(Diag *d, const char *fmt, ...)
{
	d->system_error = true;
	fputs("goalsheet: error: ", d->out);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

int diag_exit_status(const Diag *d)
{
	if (d->system_error)
		return 2;
	return d->errors > 0 ? 1 : 0;
}
