/* outfile.c: see outfile.h. */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* "PID.N.tmp" at its longest: a long, a dot, an unsigned, ".tmp". */
#define TEMP_TAIL_MAX (20 + 1 + 10 + 4)
/* The bytes of NAME kept in ".NAME.PID.N.tmp" (two dots). */
#define TEMP_NAME_MAX (NAME_MAX - 2 - TEMP_TAIL_MAX)

/* The file to replace: path itself, or what a symlink at path points to.
 * NULL (after reporting) when path is not something to overwrite. */
static char *output_target(const char *path, Diag *d)
{
	struct stat st;
	if (path[0] == '\0') {
		diag_system(d, _("the output file name is empty; give one with -o"));
		return NULL;
	}
	if (path[strlen(path) - 1] == '/' ||
	    (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
		diag_system(d, _("cannot write '%s': it is a directory; give a file "
		            "name such as 'sheet.pdf' with -o"), path);
		return NULL;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_system(d, _("cannot write '%s': it is not a regular file; "
		            "choose another output path with -o"), path);
		return NULL;
	}
	struct stat lst;
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		char *real = realpath(path, NULL);
		if (real != NULL)
			return real;
	}
	return xstrdup(path);
}

/* "DIR/.NAME.": what every temporary name of target starts with.  NAME
 * is cut, at a character boundary, to TEMP_NAME_MAX bytes, the same
 * whatever the PID, so that stale files can be found again. */
static char *temp_prefix(const char *target)
{
	const char *base = path_base(target);
	size_t keep = strlen(base);
	if (keep > TEMP_NAME_MAX) {
		keep = TEMP_NAME_MAX;
		while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
			keep--;
	}
	return xasprintf("%.*s.%.*s.", (int)(base - target), target, (int)keep,
	                 base);
}

/* The PID of a name "PID.N.tmp" (what follows the prefix), or 0 (also
 * for one no pid_t can hold: kill() must not see 0 or -1). */
static long temp_pid(const char *tail)
{
	long pid;
	unsigned n;
	int end = 0;
	if (tail[0] < '0' || tail[0] > '9' ||
	    sscanf(tail, "%ld.%u.tmp%n", &pid, &n, &end) != 2 || end == 0 ||
	    tail[end] != '\0' || pid > INT_MAX)
		return 0;
	return pid;
}

/* Removes the temporary files of prefix whose process no longer runs
 * (one still running, or another one with its PID, keeps its file). */
static void sweep_stale(const char *prefix)
{
	char *dir = path_dir(prefix);
	const char *name = path_base(prefix);
	size_t n = strlen(name);
	DIR *dp = opendir(dir);
	free(dir);
	if (dp == NULL)
		return;    /* the write that follows reports the folder */
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		if (strncmp(e->d_name, name, n) != 0)
			continue;
		long pid = temp_pid(e->d_name + n);
		if (pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 &&
		    errno == ESRCH)
			unlinkat(dirfd(dp), e->d_name, 0);
	}
	closedir(dp);
}

/* Creates "PREFIX.PID.N.tmp" with the given mode (less the umask). */
static int open_temp(const char *prefix, mode_t mode, char **tmp)
{
	for (unsigned n = 0; n < 100; n++) {
		*tmp = xasprintf("%s%ld.%u.tmp", prefix, (long)getpid(), n);
		int fd = open(*tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		free(*tmp);
	}
	*tmp = NULL;
	errno = EEXIST;
	return -1;
}

static const int ending_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NENDING (sizeof ending_signals / sizeof ending_signals[0])

static void hold_ending_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < NENDING; i++)
		sigaddset(&set, ending_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* True when a held signal will end the process once let through: it is
 * pending, was not blocked before (`watch` takes its own from a
 * signalfd) and has its default action. */
static bool ending_signal_pending(const sigset_t *old)
{
	sigset_t pending;
	if (sigpending(&pending) != 0)
		return false;
	for (size_t i = 0; i < NENDING; i++) {
		int sig = ending_signals[i];
		struct sigaction sa;
		if (sigismember(&pending, sig) && !sigismember(old, sig) &&
		    sigaction(sig, NULL, &sa) == 0 && !(sa.sa_flags & SA_SIGINFO) &&
		    sa.sa_handler == SIG_DFL)
			return true;
	}
	return false;
}

/* Puts the finished temporary file in target's place: renamed over it,
 * or (!replace) linked as a new name, which fails with EEXIST when target
 * exists, so that no file appearing meanwhile is written over. */
static int install_temp(const char *tmp, const char *target, bool replace)
{
	if (replace)
		return rename(tmp, target);
	return link(tmp, target);
}

/* Writes the new file under a temporary name and puts it in target's
 * place (install_temp); 0, or -1 with errno set and no temporary file
 * left. */
static int write_and_install(const char *target, OutfileWriter put, void *arg,
                             bool replace)
{
	/* The old file's permissions stay (a private 0600 PDF stays private,
	 * from the first byte on); a new file gets 0666 less the umask. */
	struct stat old_st;
	bool replacing = stat(target, &old_st) == 0;
	mode_t mode = replacing ? old_st.st_mode & 0777 : 0666;
	char *prefix = temp_prefix(target);
	sweep_stale(prefix);
	sigset_t old_mask;
	hold_ending_signals(&old_mask);
	char *tmp = NULL;
	int fd = open_temp(prefix, mode, &tmp);
	free(prefix);
	int rc = fd < 0 ? -1 : put(fd, arg);
	if (rc == 0 && replacing)
		rc = fchmod(fd, mode);    /* the umask may have taken bits off */
	if (rc == 0)
		rc = fsync(fd);
	int err = errno;
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc == 0 && ending_signal_pending(&old_mask)) {
		rc = -1;
		err = EINTR;
	}
	if (rc == 0 && install_temp(tmp, target, replace) != 0) {
		rc = -1;
		err = errno;
	}
	if ((rc != 0 || !replace) && fd >= 0)
		unlink(tmp);
	free(tmp);
	/* A pending SIGINT, SIGTERM or SIGHUP ends the process here. */
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	errno = err;
	return rc;
}

int outfile_replace(const char *path, OutfileWriter put, void *arg, Diag *d)
{
	char *target = output_target(path, d);
	if (target == NULL)
		return -1;
	int rc = write_and_install(target, put, arg, true);
	if (rc != 0)
		diag_system(d, _("cannot write '%s': %s; choose another output "
		            "path with -o"), path, strerror(errno));
	free(target);
	return rc;
}

bool outfile_refuse_existing(const char *path, Diag *d)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return false;
	diag_system(d, _("'%s' exists already; goalsheet writes a new file here "
	            "and never over one: move it away or choose another folder"),
	            path);
	return true;
}

int outfile_create(const char *path, OutfileWriter put, void *arg, Diag *d)
{
	if (outfile_refuse_existing(path, d))
		return -1;
	int rc = write_and_install(path, put, arg, false);
	if (rc != 0 && errno == EEXIST)
		outfile_refuse_existing(path, d);
	else if (rc != 0)
		diag_system(d, _("cannot write '%s': %s"), path, strerror(errno));
	return rc;
}
