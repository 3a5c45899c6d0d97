/* jobs.h: one task per input, in N worker processes (render -j N).
 *
 * Owns: fork, the queue of task numbers (a pipe) and waiting for the
 * workers.  The workers are forked after the caller has loaded what
 * every task shares (schema, template, fonts): they share it read-only,
 * copy-on-write, and whatever a task changes (a font's advance cache)
 * stays in its process.  No global state.
 */
#ifndef GOALSHEET_JOBS_H
#define GOALSHEET_JOBS_H

#include <stdbool.h>
#include <stddef.h>

typedef void (*JobTask)(void *ctx, size_t index);

/* Runs task(ctx, i) for each i in [0, n), each once, in `workers`
 * processes that take the next number as they finish one.  In the
 * parent: returns the largest exit status the workers reported through
 * status(ctx), or -1 if one could not be started or died by a signal;
 * *worker false.
 * In a worker: returns status(ctx) after its tasks with *worker true, so
 * that the caller frees what it holds and exits with it. */
int jobs_run(size_t n, int workers, JobTask task, int (*status)(void *ctx),
             void *ctx, bool *worker);

#endif
