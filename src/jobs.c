/* jobs.c: see jobs.h. */
#include "jobs.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* A worker: reads task numbers (4 bytes each, which a pipe hands over
 * whole) until the queue is empty. */
static int work(int queue, JobTask task, int (*status)(void *), void *ctx)
{
	uint32_t i;
	for (;;) {
		ssize_t got = read(queue, &i, sizeof i);
		if (got < 0 && errno == EINTR)
			continue;
		if (got != (ssize_t)sizeof i)
			break;
		task(ctx, i);
	}
	close(queue);
	return status(ctx);
}

static int write_number(int fd, uint32_t i)
{
	for (;;) {
		ssize_t put = write(fd, &i, sizeof i);
		if (put == (ssize_t)sizeof i)
			return 0;
		if (put < 0 && errno == EINTR)
			continue;
		return -1;
	}
}

/* The largest exit status of the started workers; -1 for one killed. */
static int wait_all(int started, int rc)
{
	for (int k = 0; k < started; k++) {
		int st;
		while (wait(&st) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st))
			rc = -1;
		else if (rc >= 0 && WEXITSTATUS(st) > rc)
			rc = WEXITSTATUS(st);
	}
	return rc;
}

int jobs_run(size_t n, int workers, JobTask task, int (*status)(void *ctx),
             void *ctx, bool *worker)
{
	*worker = false;
	int queue[2];
	if (pipe(queue) != 0)
		return -1;
	fflush(NULL);     /* else the workers would print the parent's buffers */
	int started = 0, rc = 0;
	for (; started < workers; started++) {
		pid_t pid = fork();
		if (pid == 0) {
			*worker = true;
			close(queue[1]);
			return work(queue[0], task, status, ctx);
		}
		if (pid < 0) {
			rc = -1;
			break;
		}
	}
	close(queue[0]);
	for (size_t i = 0; i < n && started > 0; i++)
		if (write_number(queue[1], (uint32_t)i) != 0) {
			rc = -1;
			break;
		}
	close(queue[1]);
	return wait_all(started, rc);
}
