/* thread_job.c: see thread_job.h. */
#include "thread_job.h"

#include <assert.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

typedef enum JobState { JOB_QUEUED, JOB_TAKEN, JOB_DONE } JobState;

struct ThreadJob {
	Helpers *h;          /* NULL: it ran in the caller */
	void (*work)(void *arg);
	void *arg;
	JobState state;      /* under h->lock */
	ThreadJob *next;     /* in the queue */
};

struct Helpers {
	pthread_mutex_t lock;
	pthread_cond_t queued;   /* a job came, or the helpers are to end */
	pthread_cond_t done;     /* a job was done */
	ThreadJob *head, *tail;  /* the jobs no helper has taken, oldest first */
	bool ending;
	bool asked;              /* the threads were made (or tried) */
	int count, started;
	pthread_t *threads;
};

int helpers_for_this_machine(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	long n = cores - 1;
	return n < 1 ? 1 : n > HELPERS_MAX ? HELPERS_MAX : (int)n;
}

Helpers *helpers_new(int count)
{
	Helpers *h = xcalloc(1, sizeof *h);
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->queued, NULL);
	pthread_cond_init(&h->done, NULL);
	h->count = count;
	h->threads = xcalloc((size_t)count + 1, sizeof *h->threads);
	return h;
}

/* Takes the oldest job off the queue; h->lock held, the queue not empty. */
static ThreadJob *take(Helpers *h)
{
	ThreadJob *job = h->head;
	h->head = job->next;
	if (h->head == NULL)
		h->tail = NULL;
	job->state = JOB_TAKEN;
	return job;
}

static void *helper(void *arg)
{
	Helpers *h = arg;
	pthread_mutex_lock(&h->lock);
	for (;;) {
		while (h->head == NULL && !h->ending)
			pthread_cond_wait(&h->queued, &h->lock);
		if (h->head == NULL)
			break;
		ThreadJob *job = take(h);
		pthread_mutex_unlock(&h->lock);
		job->work(job->arg);
		pthread_mutex_lock(&h->lock);
		job->state = JOB_DONE;   /* the waiter frees it from here on */
		pthread_cond_broadcast(&h->done);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* The threads, made for the first job; h->lock held.  They block every
 * signal: a signal for the process goes to a thread that does not block
 * it, and the caller's blocking of SIGINT while it replaces a file
 * (outfile.h) must hold for the whole process. */
static void start_threads(Helpers *h)
{
	h->asked = true;
	sigset_t all, before;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &before);
	for (int i = 0; i < h->count; i++)
		if (pthread_create(&h->threads[h->started], NULL, helper, h) == 0)
			h->started++;
	pthread_sigmask(SIG_SETMASK, &before, NULL);
}

void helpers_free(Helpers *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&h->lock);
	assert(h->head == NULL);
	h->ending = true;
	pthread_cond_broadcast(&h->queued);
	pthread_mutex_unlock(&h->lock);
	for (int i = 0; i < h->started; i++)
		pthread_join(h->threads[i], NULL);
	pthread_cond_destroy(&h->done);
	pthread_cond_destroy(&h->queued);
	pthread_mutex_destroy(&h->lock);
	free(h->threads);
	free(h);
}

static ThreadJob *run_at_once(ThreadJob *job)
{
	job->h = NULL;
	job->work(job->arg);
	return job;
}

ThreadJob *thread_job_start(Helpers *h, void (*work)(void *arg), void *arg)
{
	ThreadJob *job = xcalloc(1, sizeof *job);
	*job = (ThreadJob){.h = h, .work = work, .arg = arg};
	if (h == NULL)
		return run_at_once(job);
	pthread_mutex_lock(&h->lock);
	if (!h->asked)
		start_threads(h);
	if (h->started == 0) {
		pthread_mutex_unlock(&h->lock);
		return run_at_once(job);
	}
	if (h->tail != NULL)
		h->tail->next = job;
	else
		h->head = job;
	h->tail = job;
	pthread_cond_signal(&h->queued);
	pthread_mutex_unlock(&h->lock);
	return job;
}

/* Takes job, still queued, out of the queue; h->lock held. */
static void unqueue(Helpers *h, ThreadJob *job)
{
	ThreadJob *before = NULL;
	for (ThreadJob *j = h->head; j != job; j = j->next)
		before = j;
	if (before != NULL)
		before->next = job->next;
	else
		h->head = job->next;
	if (h->tail == job)
		h->tail = before;
}

bool thread_job_run_here(ThreadJob *job)
{
	Helpers *h = job->h;
	if (h == NULL)
		return false;        /* it ran when it was started */
	pthread_mutex_lock(&h->lock);
	bool mine = job->state == JOB_QUEUED;
	if (mine)
		unqueue(h, job);
	pthread_mutex_unlock(&h->lock);
	if (mine)
		run_at_once(job);     /* done: no helper will touch it */
	return mine;
}

bool thread_job_done(ThreadJob *job)
{
	Helpers *h = job->h;
	if (h == NULL)
		return true;
	pthread_mutex_lock(&h->lock);
	bool done = job->state == JOB_DONE;
	pthread_mutex_unlock(&h->lock);
	return done;
}

void thread_job_finish(ThreadJob *job)
{
	if (job == NULL)
		return;
	Helpers *h = job->h;
	if (h != NULL && !thread_job_run_here(job)) {
		pthread_mutex_lock(&h->lock);
		while (job->state != JOB_DONE)
			pthread_cond_wait(&h->done, &h->lock);
		pthread_mutex_unlock(&h->lock);
	}
	free(job);
}

void thread_jobs_finish(ThreadJob **jobs, size_t n)
{
	for (size_t i = n; i > 0 && thread_job_run_here(jobs[i - 1]); i--)
		continue;
	for (size_t i = 0; i < n; i++)
		thread_job_finish(jobs[i]);
}
