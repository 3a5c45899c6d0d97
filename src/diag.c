/* diag.c: see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include "util.h"

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

/* A terminal obeys control characters: ESC (U+001B) and CSI (U+009B)
 * start sequences that move the cursor, rewrite the screen or set the
 * window title, so a file name or a title holding them could forge or
 * hide messages.  They are shown as \u001B, \u009B (every C0 and C1
 * control and DEL); bytes that are not UTF-8 as \xNN (a terminal in a
 * single-byte encoding could take 0x9B for CSI). */
static void add_shown(Buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			buf_printf(out, "\\x%02X", (unsigned char)s[i++]);
		else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			buf_printf(out, "\\u%04X", (unsigned)cp);
		else
			buf_add(out, s + i, k);
		i += k;
	}
}

/* Formats into line, shows it with a newline in one write (stderr is
 * unbuffered: a write a character made 20,000 messages take seconds). */
static void put_line(FILE *out, Buf *line, const char *fmt, va_list ap)
{
	buf_vprintf(line, fmt, ap);
	Buf shown = {0};
	add_shown(&shown, line->data, line->len);
	buf_addc(&shown, '\n');
	fwrite(shown.data, 1, shown.len, out);
	buf_free(&shown);
	buf_free(line);
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
	Buf b = {0};
	if (line > 0)
		buf_printf(&b, "%s:%ld:%ld: ", file, line, col > 0 ? col : 1);
	else
		buf_printf(&b, "%s: ", file);
	buf_printf(&b, "%s: ", level_name(level));
	if (field != NULL && field[0] != '\0')
		buf_printf(&b, "%s: ", field);
	va_list ap;
	va_start(ap, fmt);
	put_line(d->out, &b, fmt, ap);
	va_end(ap);
}

void diag_system(Diag *d, const char *fmt, ...)
{
	d->system_error = true;
	if (d->out == NULL)
		return;
	Buf b = {0};
	buf_adds(&b, "goalsheet: error: ");
	va_list ap;
	va_start(ap, fmt);
	put_line(d->out, &b, fmt, ap);
	va_end(ap);
}

void diag_line(FILE *out, const char *fmt, ...)
{
	Buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	put_line(out, &b, fmt, ap);
	va_end(ap);
}

int diag_exit_status(const Diag *d)
{
	if (d->system_error)
		return 2;
	return d->errors > 0 ? 1 : 0;
}

void diag_hold(DiagHeld *h, const Diag *like)
{
	*h = (DiagHeld){0};
	FILE *mem = like->out ? open_memstream(&h->text, &h->len) : NULL;
	h->d = (Diag){.out = mem, .quiet = like->quiet};
}

void diag_release(DiagHeld *h, Diag *to)
{
	if (h->d.out != NULL)
		fclose(h->d.out);    /* sets text and len */
	if (h->text != NULL && to->out != NULL)
		fwrite(h->text, 1, h->len, to->out);
	to->errors += h->d.errors;
	to->warnings += h->d.warnings;
	to->system_error = to->system_error || h->d.system_error;
	free(h->text);
	*h = (DiagHeld){0};
}
