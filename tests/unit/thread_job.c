/* tests/unit/thread_job.c: a job runs beside its caller, its results
 * are the caller's once it is finished, a job still queued when it is
 * waited for runs in the waiter, and helpers are threads only once a job
 * comes (thread_job.h). */
#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "check.h"
#include "thread_job.h"

static int passed, failed;

/* The work says it has begun, then waits (at most 2 s) for the caller
 * to say go: it sees the word only if it runs while the caller goes on. */
typedef struct Meeting {
	pthread_mutex_t lock;
	pthread_cond_t said;
	bool begun, go;
	bool saw_go;
	long sum;
	pthread_t ran_in;
} Meeting;

#define MEETING {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, \
                 false, false, 0, 0}

/* Waits at most 2 s for *flag under m's lock; returns it. */
static bool wait_for(Meeting *m, const bool *flag)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	while (!*flag)
		if (pthread_cond_timedwait(&m->said, &m->lock, &until) != 0)
			break;
	return *flag;
}

static void meet(void *arg)
{
	Meeting *m = arg;
	pthread_mutex_lock(&m->lock);
	m->begun = true;
	pthread_cond_broadcast(&m->said);
	m->saw_go = wait_for(m, &m->go);
	pthread_mutex_unlock(&m->lock);
	for (long i = 1; i <= 1000; i++)
		m->sum += i;
	m->ran_in = pthread_self();
}

/* Says go once the work has begun (or 2 s have passed). */
static void say_go(Meeting *m)
{
	pthread_mutex_lock(&m->lock);
	wait_for(m, &m->begun);
	m->go = true;
	pthread_cond_broadcast(&m->said);
	pthread_mutex_unlock(&m->lock);
}

/* Threads of this process, from /proc. */
static int thread_count(void)
{
	DIR *dir = opendir("/proc/self/task");
	int n = 0;
	for (struct dirent *e; dir && (e = readdir(dir)) != NULL;)
		n += e->d_name[0] != '.';
	if (dir)
		closedir(dir);
	return n;
}

static void test_runs_beside_the_caller(void)
{
	Helpers *h = helpers_new(1);
	Meeting m = MEETING;
	ThreadJob *job = thread_job_start(h, meet, &m);
	say_go(&m);
	thread_job_finish(job);
	CHECK(m.saw_go, "the work ran beside the caller");
	CHECK(m.sum == 500500, "the work's result is seen after finishing: %ld",
	      m.sum);
	CHECK(!pthread_equal(m.ran_in, pthread_self()), "a helper ran it");
	helpers_free(h);
}

static void count(void *arg)
{
	++*(int *)arg;
}

static void test_each_job_runs_once(void)
{
	Helpers *h = helpers_new(2);
	int n[3] = {0, 0, 0};
	ThreadJob *jobs[3];
	for (int i = 0; i < 3; i++)
		jobs[i] = thread_job_start(h, count, &n[i]);
	for (int i = 0; i < 3; i++)
		thread_job_finish(jobs[i]);
	CHECK(n[0] == 1 && n[1] == 1 && n[2] == 1, "each job ran once: %d %d %d",
	      n[0], n[1], n[2]);
	thread_job_finish(NULL);   /* nothing to wait for */
	helpers_free(h);
}

/* The one helper is held by a job that waits for the caller; a second
 * job, queued behind it, is waited for first: it runs in the caller, at
 * once, instead of waiting for the first (2 s, then saw_go false). */
static void test_waited_for_before_taken(void)
{
	Helpers *h = helpers_new(1);
	Meeting held = MEETING, queued = MEETING;
	queued.go = true;
	pthread_mutex_lock(&held.lock);
	ThreadJob *first = thread_job_start(h, meet, &held);
	ThreadJob *second = thread_job_start(h, meet, &queued);
	wait_for(&held, &held.begun);      /* the helper is held */
	pthread_mutex_unlock(&held.lock);
	thread_job_finish(second);
	CHECK(queued.sum == 500500 && pthread_equal(queued.ran_in, pthread_self()),
	      "the queued job ran in its waiter");
	say_go(&held);
	thread_job_finish(first);
	CHECK(held.saw_go, "the helper's job waited for the word, not in vain");
	helpers_free(h);
}

/* Jobs finished together while the one helper is held: all run, in
 * the caller, the last first. */
typedef struct Order {
	int ran[3], n;
	pthread_t in[3];
} Order;
typedef struct Mark {
	Order *o;
	int id;
} Mark;

static void mark(void *arg)
{
	Mark *m = arg;
	m->o->in[m->o->n] = pthread_self();
	m->o->ran[m->o->n++] = m->id;
}

static void test_finished_together(void)
{
	Helpers *h = helpers_new(1);
	Meeting held = MEETING;
	ThreadJob *holding = thread_job_start(h, meet, &held);
	pthread_mutex_lock(&held.lock);
	wait_for(&held, &held.begun);
	pthread_mutex_unlock(&held.lock);
	Order o = {{0}, 0, {0}};
	Mark marks[3] = {{&o, 0}, {&o, 1}, {&o, 2}};
	ThreadJob *jobs[3];
	for (int i = 0; i < 3; i++)
		jobs[i] = thread_job_start(h, mark, &marks[i]);
	thread_jobs_finish(jobs, 3);
	CHECK(o.n == 3 && o.ran[0] == 2 && o.ran[1] == 1 && o.ran[2] == 0,
	      "the three ran, the last first: %d of them, %d %d %d", o.n, o.ran[0],
	      o.ran[1], o.ran[2]);
	CHECK(pthread_equal(o.in[0], pthread_self()) &&
	      pthread_equal(o.in[2], pthread_self()), "in the caller");
	say_go(&held);
	thread_job_finish(holding);
	helpers_free(h);
}

/* No helpers: the work is done when thread_job_start returns. */
static void test_no_helpers(void)
{
	int n = 0;
	ThreadJob *job = thread_job_start(NULL, count, &n);
	CHECK(n == 1, "without helpers the job ran at once");
	thread_job_finish(job);
	CHECK(n == 1, "and only once");
}

/* Threads are made for the first job, not before (render -j forks its
 * workers after the session has its helpers), and end with them. */
static void test_threads_made_when_needed(void)
{
	int before = thread_count();
	Helpers *h = helpers_new(2);
	CHECK(thread_count() == before, "no thread before a job: %d, %d",
	      thread_count(), before);
	int n = 0;
	thread_job_finish(thread_job_start(h, count, &n));
	CHECK(thread_count() == before + 2, "two helpers for a job: %d, %d",
	      thread_count(), before);
	helpers_free(h);
	CHECK(thread_count() == before, "none after: %d, %d", thread_count(),
	      before);
	int machine = helpers_for_this_machine();
	CHECK(machine >= 1 && machine <= HELPERS_MAX, "helpers for this machine: %d",
	      machine);
}

int main(void)
{
	test_runs_beside_the_caller();
	test_each_job_runs_once();
	test_waited_for_before_taken();
	test_finished_together();
	test_no_helpers();
	test_threads_made_when_needed();
	printf("thread_job: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
