/* tests/unit/thread_job.c: a job runs beside its caller, and its results
 * are the caller's once it is finished (thread_job.h). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "check.h"
#include "thread_job.h"

static int passed, failed;

/* The work waits (at most 2 s) for the caller to say go: it sees the
 * word only if it runs while the caller goes on. */
typedef struct Meeting {
	pthread_mutex_t lock;
	pthread_cond_t said;
	bool go;
	bool saw_go;
	long sum;
} Meeting;

static void meet(void *arg)
{
	Meeting *m = arg;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	pthread_mutex_lock(&m->lock);
	while (!m->go)
		if (pthread_cond_timedwait(&m->said, &m->lock, &until) != 0)
			break;
	m->saw_go = m->go;
	pthread_mutex_unlock(&m->lock);
	for (long i = 1; i <= 1000; i++)
		m->sum += i;
}

static void test_runs_beside_the_caller(void)
{
	Meeting m = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false,
	             false, 0};
	ThreadJob *job = thread_job_start(THREADS_HELPERS, meet, &m);
	pthread_mutex_lock(&m.lock);
	m.go = true;
	pthread_cond_signal(&m.said);
	pthread_mutex_unlock(&m.lock);
	thread_job_finish(job);
	CHECK(m.saw_go, "the work ran beside the caller");
	CHECK(m.sum == 500500, "the work's result is seen after finishing: %ld",
	      m.sum);
}

static void count(void *arg)
{
	++*(int *)arg;
}

static void test_each_job_runs_once(void)
{
	int n[3] = {0, 0, 0};
	ThreadJob *jobs[3];
	for (int i = 0; i < 3; i++)
		jobs[i] = thread_job_start(THREADS_HELPERS, count, &n[i]);
	for (int i = 0; i < 3; i++)
		thread_job_finish(jobs[i]);
	CHECK(n[0] == 1 && n[1] == 1 && n[2] == 1, "each job ran once: %d %d %d",
	      n[0], n[1], n[2]);
	thread_job_finish(NULL);   /* nothing to wait for */
}

int main(void)
{
	test_runs_beside_the_caller();
	test_each_job_runs_once();
	printf("thread_job: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
