/* tests/rss_run.c: `rss_run OUT CMD ARGS...` runs CMD and writes to the
 * file OUT its wall time in nanoseconds and its peak RSS in KiB, from
 * fork to wait4; exits with CMD's status (or 127).
 *
 * Why not Python's own wait4: a child's ru_maxrss is never below the
 * RSS of the process it was forked from (Linux carries the old memory's
 * high-water mark across exec), so tests/bench measured every run at no
 * less than its own 15 MB.  This program is that parent, at 1 MB.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: rss_run OUT CMD [ARGS...]\n");
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	int status = 0;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
		return 127;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	FILE *out = fopen(argv[1], "w");
	if (out == NULL)
		return 127;
	fprintf(out, "%lld %ld\n", (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL +
	        (t1.tv_nsec - t0.tv_nsec), ru.ru_maxrss);
	fclose(out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 127;
}
