/* font_programs.c: see font_programs.h. */
#include "font_programs.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include <zlib.h>

#include "thread_job.h"
#include "zpieces.h"

/* Font programs are outlines, which repeat little: zlib's run-length
 * strategy deflates them twice as fast as its fastest level (the book's
 * two, 323 KB: 2.7 instead of 5.4 ms) for 16 % more bytes (282 instead
 * of 243 KB); the book took 1.6 ms less, a sheet 1.1 of its 14
 * (paired runs). */
#define PROGRAM_STRATEGY Z_RLE

typedef struct Program {
	FontPlan *plan;             /* until made */
	size_t codes;
	FontSubset sub;             /* data, len: the made subset */
	Buf *pieces;                /* its deflated pieces */
	size_t npieces;             /* known once made */
	Buf packed;                 /* the pieces joined */
	size_t raw_len;             /* the subset's length */
	/* under the lock: */
	bool claimed, made, failed;
	size_t next_piece;
} Program;

struct FontPrograms {
	Program *p;
	size_t n, capacity;         /* n under the lock */
	size_t *order;              /* of the work: most code points first */
	int level;
	Helpers *helpers;
	pthread_mutex_t lock;
	pthread_cond_t changed;     /* a program added, a subset made */
	bool closed;                /* no more programs come */
	bool stopped;
	ThreadJob *job;
};

/* A piece of work: make program's subset (piece < 0), or deflate its
 * piece. */
typedef struct Work {
	Program *pr;
	long piece;
} Work;

/* Under the lock: the next work there is, or none (pr NULL); *more when
 * a program to come or a subset being made may bring more. */
static Work next_work(FontPrograms *fp, bool *more)
{
	*more = !fp->closed && !fp->stopped;
	for (size_t i = 0; i < fp->n && !fp->stopped; i++) {
		Program *pr = &fp->p[fp->order[i]];
		if (!pr->claimed) {
			pr->claimed = true;
			return (Work){pr, -1};
		}
		if (!pr->made)
			*more = true;
		else if (!pr->failed && pr->next_piece < pr->npieces)
			return (Work){pr, (long)pr->next_piece++};
	}
	return (Work){NULL, 0};
}

/* The made program's pieces, to deflate. */
static void cut_pieces(Program *pr)
{
	pr->raw_len = pr->sub.len;
	pr->pieces = xcalloc(zpieces_count(pr->sub.len), sizeof *pr->pieces);
	pr->npieces = zpieces_count(pr->sub.len);
}

/* Outside the lock: does w; false when it failed. */
static bool do_work(FontPrograms *fp, Work w)
{
	Program *pr = w.pr;
	if (w.piece >= 0)
		return zpieces_deflate(pr->sub.data, pr->sub.len, (size_t)w.piece,
		                       fp->level, PROGRAM_STRATEGY,
		                       &pr->pieces[w.piece]);
	bool ok = fonts_plan_execute(pr->plan, &pr->sub) == 0;
	pr->plan = NULL;             /* freed: its memory is out of the peak */
	if (ok)
		cut_pieces(pr);
	return ok;
}

/* Either thread's loop: work while there is any to take. */
static void work(FontPrograms *fp)
{
	pthread_mutex_lock(&fp->lock);
	for (;;) {
		bool more;
		Work w = next_work(fp, &more);
		if (w.pr == NULL) {
			if (!more)
				break;
			pthread_cond_wait(&fp->changed, &fp->lock);
			continue;
		}
		pthread_mutex_unlock(&fp->lock);
		bool ok = do_work(fp, w);
		pthread_mutex_lock(&fp->lock);
		w.pr->failed = w.pr->failed || !ok;
		if (w.piece < 0) {
			w.pr->made = true;
			pthread_cond_broadcast(&fp->changed);
		}
	}
	pthread_mutex_unlock(&fp->lock);
}

static void work_job(void *arg)
{
	work(arg);
}

FontPrograms *font_programs_new(size_t capacity, int level, Helpers *helpers)
{
	FontPrograms *fp = xcalloc(1, sizeof *fp);
	fp->helpers = helpers;
	fp->p = xcalloc(capacity + 1, sizeof *fp->p);
	fp->order = xcalloc(capacity + 1, sizeof *fp->order);
	fp->capacity = capacity;
	fp->level = level;
	pthread_mutex_init(&fp->lock, NULL);
	pthread_cond_init(&fp->changed, NULL);
	return fp;
}

/* The job starts with the first program and waits for the others until
 * font_programs_finish, rather than after the last font is planned. */
static void add(FontPrograms *fp, Program program)
{
	pthread_mutex_lock(&fp->lock);
	assert(fp->n < fp->capacity && !fp->closed);
	size_t i = fp->n, j = i;
	size_t codes = program.codes;
	fp->p[i] = program;
	/* The order by insertion: a handful of fonts. */
	for (; j > 0 && fp->p[fp->order[j - 1]].codes < codes; j--)
		fp->order[j] = fp->order[j - 1];
	fp->order[j] = i;
	fp->n++;
	pthread_cond_broadcast(&fp->changed);
	pthread_mutex_unlock(&fp->lock);
	if (fp->job == NULL && fp->helpers != NULL)
		fp->job = thread_job_start(fp->helpers, work_job, fp);
}

void font_programs_add(FontPrograms *fp, FontPlan *plan, size_t codes)
{
	add(fp, (Program){.plan = plan, .codes = codes});
}

void font_programs_add_made(FontPrograms *fp, FontSubset *made, size_t codes)
{
	Program pr = {.codes = codes, .claimed = true, .made = true,
	              .failed = made->program == NULL, .sub = *made};
	*made = (FontSubset){0};
	if (!pr.failed)
		cut_pieces(&pr);
	add(fp, pr);
}

void font_programs_finish(FontPrograms *fp)
{
	pthread_mutex_lock(&fp->lock);
	fp->closed = true;
	pthread_cond_broadcast(&fp->changed);
	pthread_mutex_unlock(&fp->lock);
	work(fp);
	thread_job_finish(fp->job);
	fp->job = NULL;
	for (size_t i = 0; i < fp->n; i++) {
		Program *pr = &fp->p[i];
		if (!pr->failed)
			zpieces_join(pr->sub.data, pr->sub.len, fp->level, pr->pieces,
			             pr->npieces, &pr->packed);
		fonts_program_free(&pr->sub);  /* the packed stream is kept */
	}
}

const Buf *font_programs_packed(const FontPrograms *fp, size_t i,
                                size_t *raw_len)
{
	const Program *pr = &fp->p[i];
	*raw_len = pr->raw_len;
	return pr->failed ? NULL : &pr->packed;
}

void font_programs_free(FontPrograms *fp)
{
	if (fp == NULL)
		return;
	pthread_mutex_lock(&fp->lock);
	fp->stopped = true;          /* nothing more begins */
	pthread_cond_broadcast(&fp->changed);
	pthread_mutex_unlock(&fp->lock);
	thread_job_finish(fp->job);
	for (size_t i = 0; i < fp->n; i++) {
		Program *pr = &fp->p[i];
		fonts_plan_free(pr->plan);
		for (size_t k = 0; pr->pieces && k < pr->npieces; k++)
			buf_free(&pr->pieces[k]);
		free(pr->pieces);
		buf_free(&pr->packed);
		fonts_subset_free(&pr->sub);
	}
	pthread_cond_destroy(&fp->changed);
	pthread_mutex_destroy(&fp->lock);
	free(fp->order);
	free(fp->p);
	free(fp);
}
