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

/* How a document's work may run: with helper threads beside the
 * caller's (the default, 0), or all in the caller's thread: render -j N
 * gives the N cores to N workers, one document each. */
typedef enum ThreadUse { THREADS_HELPERS, THREADS_ONE } ThreadUse;

/* Starts work(arg) in a thread, or with THREADS_ONE runs it at once in
 * the caller.  Never NULL. */
ThreadJob *thread_job_start(ThreadUse use, void (*work)(void *arg), void *arg);
/* Waits for the job (NULL: nothing) and frees it. */
void thread_job_finish(ThreadJob *job);

#endif
