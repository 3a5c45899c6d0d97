/* thread_job.h: one piece of work run beside the caller, in a POSIX
 * thread, and waited for.
 *
 * Owns: the thread.  What the work reads and writes is the caller's
 * business: the caller hands it data it does not touch until the job is
 * finished.  When no thread can be made, the work runs at once in the
 * caller (thread_job_start returns after it): slower, never different.
 */
#ifndef GOALSHEET_THREAD_JOB_H
#define GOALSHEET_THREAD_JOB_H

typedef struct ThreadJob ThreadJob;

/* Starts work(arg).  Never NULL. */
ThreadJob *thread_job_start(void (*work)(void *arg), void *arg);
/* Waits for the job (NULL: nothing) and frees it. */
void thread_job_finish(ThreadJob *job);

#endif
