/* thread_job.c: see thread_job.h. */
#include "thread_job.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util.h"

struct ThreadJob {
	pthread_t thread;
	bool started;         /* false: the work ran in the caller */
	void (*work)(void *arg);
	void *arg;
};

static void *run(void *p)
{
	ThreadJob *job = p;
	job->work(job->arg);
	return NULL;
}

ThreadJob *thread_job_start(ThreadUse use, void (*work)(void *arg), void *arg)
{
	ThreadJob *job = xcalloc(1, sizeof *job);
	job->work = work;
	job->arg = arg;
	job->started = use == THREADS_HELPERS &&
	               pthread_create(&job->thread, NULL, run, job) == 0;
	if (!job->started)
		work(arg);
	return job;
}

void thread_job_finish(ThreadJob *job)
{
	if (job == NULL)
		return;
	if (job->started)
		pthread_join(job->thread, NULL);
	free(job);
}
