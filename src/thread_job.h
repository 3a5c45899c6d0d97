/* thread_job.h: pieces of work run beside the caller by a session's
 * helper threads, and waited for.
 *
 * Owns: the helper threads and their queue of jobs.  What a job reads
 * and writes is the caller's business: the caller hands it data it does
 * not touch until the job is finished.
 *
 * The helpers are made once and take jobs in the order they come: a
 * thread made per job cost the book 0.2 ms (making and ending 13
 * threads; 151 paired runs) and let three threads run on two cores,
 * where the one waited for could wait behind the others.  A job no
 * helper has taken yet when it is waited for runs in the waiter, so
 * waiting never waits on the queue, and a waiter can take queued jobs
 * to share them (layout_book.c's searches, thread_jobs_finish).  When no
 * thread can be made, or there are no helpers (NULL), the work runs at
 * once in the caller: slower, never different.
 */
#ifndef GOALSHEET_THREAD_JOB_H
#define GOALSHEET_THREAD_JOB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct Helpers Helpers;
typedef struct ThreadJob ThreadJob;

/* How many helpers this machine's cores call for: one fewer than the
 * cores, at least one, at most HELPERS_MAX. */
#define HELPERS_MAX 4
int helpers_for_this_machine(void);

/* count helper threads, made when the first job comes (a process that
 * has given them no job may still fork).  Never NULL. */
Helpers *helpers_new(int count);
/* Ends the threads (every job must have been finished) and frees h;
 * NULL: nothing. */
void helpers_free(Helpers *h);

/* Queues work(arg) for h's threads; with h NULL, or when no thread can
 * be made, runs it at once in the caller.  Never NULL. */
ThreadJob *thread_job_start(Helpers *h, void (*work)(void *arg), void *arg);
/* Waits for the job (NULL: nothing) and frees it: if no helper has
 * taken it yet, it runs now, in the caller. */
void thread_job_finish(ThreadJob *job);

/* Finishes the n jobs: first runs here those no helper has taken yet,
 * from the last (the helpers take them from the first), so that the
 * caller shares them with the helpers instead of waiting. */
void thread_jobs_finish(ThreadJob **jobs, size_t n);

/* For a caller with other jobs to wait for: whether the job is done
 * (thread_job_finish would not wait), and running a job now, in the
 * caller, if no helper has taken it yet (returns whether it did; the
 * job is then done). */
bool thread_job_done(ThreadJob *job);
bool thread_job_run_here(ThreadJob *job);

#endif
