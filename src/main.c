/* main.c: `goalsheet` commands and options (see goalsheet --help).
 *
 * Owns: argument parsing and the choice of output paths; the work is
 * cli.h's.  Exit status: 0 success, 1 problems in the input documents,
 * 2 usage or system errors.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_extract.h"
#include "cmd_new.h"
#include "cmd_serve.h"
#include "cmd_watch.h"
#include "cmd_wrap.h"
#include "i18n.h"
#include "jobs.h"
#include "nextyear.h"
#include "status.h"
#include "util.h"

/* One synopsis line per command, each its own message, so that a branch
 * adding a command adds an entry to po/ja.po instead of changing one
 * large entry that every branch touches. */
static const char *const usage_lines[] = {
	N_("goalsheet render FILE.xml... [-o OUT.pdf | -o DIR/] [options]"),
	N_("goalsheet book BOOK.xml -o OUT.pdf [options]"),
	N_("goalsheet check FILE.xml... [options]"),
	N_("goalsheet wrap --em N [--mode strict|normal] [--label L] [--font ID]"),
	N_("goalsheet layout FILE.xml [options]"),
	N_("goalsheet watch FILE.xml -o OUT.pdf [options]"),
	N_("goalsheet serve [DIR] [--port N] [--bind ADDRESS] [options]"),
	N_("goalsheet new --priority N --fiscal-year Y [--unit NAME]... [-t NAME] [-o FILE]"),
	N_("goalsheet templates"),
	N_("goalsheet status BOOK.xml|FILE.xml... [--stage STAGE] [--format text|csv|json]"),
	N_("goalsheet extract FILE.pdf [-o DIR] [--force]"),
	N_("goalsheet next-year BOOK.xml|FILE.xml... -o DIR [--stage interim|final] [--keep targets]"),
	N_("goalsheet --help | --version"),
};

/* Short: the manual, goalsheet(1), has the rest.  One message a line
 * (blank lines are ""), for the same reason as usage_lines. */
static const char *const help_lines[] = {
	N_("Turns XML priority goal management sheets into PDF, laid out by a template."),
	"",
	N_("commands:"),
	N_("  render    render sheets (or a book), each next to its source by default"),
	N_("  book      render a <book>: a cover, then every sheet, in one PDF"),
	N_("  check     validate documents; prints nothing and exits 0 when all is well"),
	N_("  wrap      break stdin's text into lines as a cell N em wide would"),
	N_("  layout    print the positioned text, rules and fills (for tests)"),
	N_("  watch     render again whenever the file, its sheets or the template change"),
	N_("  serve     preview DIR's sheets in a web browser, updated on every save"),
	N_("            or write one in a form laid out like the sheet (Edit)"),
	N_("  new       write a skeleton sheet to fill in (-o FILE: a new file)"),
	N_("  templates list the templates -t can name, with their titles"),
	N_("  status    what each sheet has filled and what its stage still needs"),
	N_("  extract   write back the XML a goalsheet PDF carries (-o DIR, --force)"),
	N_("  next-year copy sheets (or a book) into DIR for the next fiscal year, or stage"),
	"",
	N_("options:"),
	N_("  -o PATH              output file, or folder (ending in /) for several inputs"),
	N_("  -t, --template NAME  template NAME.xml in ~/.local/share/goalsheet/templates"),
	N_("                       or the installed ones, or a path (default: the"),
	N_("                       document's template attribute, else ueda-a4)"),
	N_("      --draft          draft: 案 watermark; missing fields are warnings"),
	N_("      --stage STAGE    plan, interim or final, overriding the documents'"),
	N_("      --fit N          at most N pages a sheet: its table set tighter if need be"),
	N_("  -q, --quiet          no notes"),
	N_("  -j, --jobs N         render: N sheets at a time, in N processes"),
	N_("      --port N         serve: the port (default 8480; 0: any free one)"),
	N_("      --bind ADDRESS   serve: the address (default 127.0.0.1; no login!)"),
	N_("      --keep targets   next-year: keep the periods and targets"),
	N_("      --format FORMAT  status: text (default), csv or json"),
	N_("  -h, --help           this help"),
	N_("  -V, --version        the version"),
	"",
	N_("Exit status: 0 done, 1 errors in the input, 2 usage or system errors."),
	N_("SOURCE_DATE_EPOCH sets the PDF's date. See goalsheet(1) for more."),
};

static void print_usage(FILE *f)
{
	const char *prefix = _("usage: ");
	int indent = (int)utf8_columns(prefix);
	for (size_t i = 0; i < sizeof usage_lines / sizeof *usage_lines; i++)
		fprintf(f, "%*s%s\n", i ? indent : 0, i ? "" : prefix, _(usage_lines[i]));
}

static void print_help(FILE *f)
{
	for (size_t i = 0; i < sizeof help_lines / sizeof *help_lines; i++)
		fprintf(f, "%s\n", help_lines[i][0] ? _(help_lines[i]) : "");
}

static int usage_error(const char *fmt, const char *arg)
{
	Diag d;
	diag_init(&d, stderr);
	diag_system(&d, fmt, arg);
	print_usage(stderr);
	return 2;
}

static int parse_stage(const char *s)
{
	if (strcmp(s, "plan") == 0)
		return STAGE_PLAN;
	if (strcmp(s, "interim") == 0)
		return STAGE_INTERIM;
	if (strcmp(s, "final") == 0)
		return STAGE_FINAL;
	return -2;
}

static int parse_port(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return s[0] >= '0' && s[0] <= '9' && *end == '\0' && v <= 65535 ? (int)v : -1;
}

static int parse_pages(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return s[0] >= '1' && s[0] <= '9' && *end == '\0' && v <= 99 ? (int)v : 0;
}

/* Parses options after the command; leaves optind at the first file. */
static int parse_options(int argc, char **argv, RunOptions *opt)
{
	enum { OPT_DRAFT = 256, OPT_STAGE, OPT_PORT, OPT_BIND, OPT_KEEP, OPT_FORMAT,
	       OPT_FIT };
	static const struct option longs[] = {
		{"output", required_argument, NULL, 'o'},
		{"template", required_argument, NULL, 't'},
		{"draft", no_argument, NULL, OPT_DRAFT},
		{"stage", required_argument, NULL, OPT_STAGE},
		{"fit", required_argument, NULL, OPT_FIT},
		{"quiet", no_argument, NULL, 'q'},
		{"port", required_argument, NULL, OPT_PORT},
		{"bind", required_argument, NULL, OPT_BIND},
		{"keep", required_argument, NULL, OPT_KEEP},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}};
	opt->stage = -1;
	opt->port = -1;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":o:t:qj:", longs, NULL)) != -1) {
		switch (c) {
		case 'o':
			opt->output = optarg;
			break;
		case 't':
			opt->template_name = optarg;
			break;
		case 'q':
			opt->quiet = true;
			break;
		case 'j':
			opt->jobs = parse_pages(optarg);
			if (opt->jobs <= 0 || opt->jobs > 64)
				return usage_error(_("-j %s: give a number of processes from 1 "
				                   "to 64"), optarg);
			break;
		case OPT_DRAFT:
			opt->draft = true;
			break;
		case OPT_STAGE:
			opt->stage = parse_stage(optarg);
			if (opt->stage < -1)
				return usage_error(_("--stage %s: use plan, interim or final"),
				                   optarg);
			break;
		case OPT_FIT:
			opt->fit = parse_pages(optarg);
			if (opt->fit <= 0)
				return usage_error(_("--fit %s: give a number of pages from 1 to 99"),
				                   optarg);
			break;
		case OPT_PORT:
			opt->port = parse_port(optarg);
			if (opt->port < 0)
				return usage_error(_("--port %s: give a number from 0 to 65535"),
				                   optarg);
			break;
		case OPT_BIND:
			opt->bind = optarg;
			break;
		case OPT_KEEP:
			if (strcmp(optarg, "targets") != 0)
				return usage_error(_("--keep %s: the one thing to keep is "
				                   "targets"), optarg);
			opt->keep_targets = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "csv") != 0 &&
			    strcmp(optarg, "json") != 0)
				return usage_error(_("--format %s: use text, csv or json"),
				                   optarg);
			opt->format = optarg;
			break;
		case ':':
			return usage_error(_("option %s needs a value"), argv[optind - 1]);
		default:
			return usage_error(_("unknown option %s"), argv[optind - 1]);
		}
	}
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* x/y/name.xml → OUTDIR/name.pdf, or x/y/name.pdf when outdir is NULL. */
static char *output_for(const char *input, const char *outdir)
{
	const char *base = path_base(input);
	size_t n = strlen(input), stem = strlen(base);
	if (stem > 4 && strcmp(input + n - 4, ".xml") == 0)
		stem -= 4;
	if (outdir) {
		size_t dl = strlen(outdir);
		const char *sep = dl > 0 && outdir[dl - 1] == '/' ? "" : "/";
		return xasprintf("%s%s%.*s.pdf", outdir, sep, (int)stem, base);
	}
	return xasprintf("%.*s%.*s.pdf", (int)(base - input), input, (int)stem, base);
}

/* The same file name in the same folder (compared by device and inode,
 * so "out/s.pdf" and "out//s.pdf" are one). */
static bool same_output(const char *a, const char *b)
{
	if (strcmp(path_base(a), path_base(b)) != 0)
		return false;
	char *da = path_dir(a), *db = path_dir(b);
	struct stat sa, sb;
	bool same = strcmp(da, db) == 0 ||
	            (stat(da, &sa) == 0 && stat(db, &sb) == 0 &&
	             sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
	free(da);
	free(db);
	return same;
}

/* Before anything is written: no two inputs into one output, and no
 * output that is one of the inputs. */
static bool outputs_clash(Session *s, int nfiles, char **files, char **outs)
{
	/* Each file is stat'ed once: comparing every output with every input
	 * by path made 9,800 of the 10,986 system calls of 70 sheets (strace
	 * -c), 80 ms before the first sheet, whatever -j. */
	struct stat *in = xcalloc((size_t)nfiles, sizeof *in);
	bool *have = xcalloc((size_t)nfiles, sizeof *have);
	for (int j = 0; j < nfiles; j++)
		have[j] = stat(files[j], &in[j]) == 0;
	bool clash = false;
	for (int i = 0; i < nfiles && !clash; i++) {
		struct stat out;
		bool exists = stat(outs[i], &out) == 0;
		for (int j = 0; j < nfiles && !clash; j++)
			if (exists && have[j] && out.st_dev == in[j].st_dev &&
			    out.st_ino == in[j].st_ino) {
				report_output_is_input(&s->diag, outs[i]);
				clash = true;
			}
		for (int j = i + 1; j < nfiles && !clash; j++)
			if (same_output(outs[i], outs[j])) {
				diag_system(&s->diag, _("'%s' and '%s' would both be written to "
				            "'%s'; render them into different folders"),
				            files[i], files[j], outs[i]);
				clash = true;
			}
	}
	free(in);
	free(have);
	return clash;
}

/* What each render of cmd_render needs, as a JobTask's context. */
typedef struct RenderJobs {
	Session *s;
	char **files, **outs;
	bool book;
} RenderJobs;

static void render_one(void *ctx, size_t i)
{
	RenderJobs *rj = ctx;
	session_render(rj->s, rj->files[i], rj->outs[i], rj->book, NULL);
}

static int render_status(void *ctx)
{
	return diag_exit_status(&((RenderJobs *)ctx)->s->diag);
}

/* -j N: the schema, the default template and its fonts are loaded once,
 * here, and shared by the N workers (jobs.h).  A worker's status comes
 * back as this process's; a worker itself exits through main with it. */
static int render_in_workers(RenderJobs *rj, size_t n)
{
	if (!session_ready(rj->s))
		return diag_exit_status(&rj->s->diag);
	int workers = rj->s->opt.jobs < (int)n ? rj->s->opt.jobs : (int)n;
	bool worker;
	int rc = jobs_run(n, workers, render_one, render_status, rj, &worker);
	if (rc < 0) {
		diag_system(&rj->s->diag, _("cannot start the %d worker processes "
		            "of -j, or one of them crashed"), workers);
		rc = 2;
	}
	return rc;
}

/* -j N asks for N cores: they go to N workers (as many as there are
 * files, if fewer), and what is left to each document's helper threads
 * (thread_job.h): with -j 1, or as many files as N, a document has one
 * thread.  Without -j, documents go one after another, with helpers. */
static bool helpers_wanted(int jobs, int nfiles)
{
	int workers = jobs < nfiles ? jobs : nfiles;
	return jobs == 0 || jobs > workers;
}

static int cmd_render(Session *s, int nfiles, char **files, bool book)
{
	const char *out = s->opt.output;
	bool out_is_dir = out && (out[strlen(out) - 1] == '/' || is_dir(out));
	if (nfiles > 1 && out && !out_is_dir)
		return usage_error(_("-o %s names one file for several inputs; give a "
		                   "folder ending in /"), out);
	if (book && out == NULL)
		return usage_error("%s", _("book needs -o OUT.pdf"));
	if (out_is_dir && !is_dir(out)) {
		diag_system(&s->diag, _("the output folder '%s' does not exist; create it "
		            "first"), out);
		return 2;
	}
	char **outs = xcalloc((size_t)nfiles, sizeof *outs);
	for (int i = 0; i < nfiles; i++)
		outs[i] = out && !out_is_dir ? xstrdup(out)
		                             : output_for(files[i], out_is_dir ? out : NULL);
	int rc = 0;
	if (!helpers_wanted(s->opt.jobs, nfiles)) {
		helpers_free(s->helpers);
		s->helpers = NULL;
	}
	if (!outputs_clash(s, nfiles, files, outs)) {
		RenderJobs rj = {s, files, outs, book};
		if (s->opt.jobs > 1 && nfiles > 1)
			rc = render_in_workers(&rj, (size_t)nfiles);
		else
			for (int i = 0; i < nfiles; i++)
				render_one(&rj, (size_t)i);
	}
	for (int i = 0; i < nfiles; i++)
		free(outs[i]);
	free(outs);
	int status = diag_exit_status(&s->diag);
	return rc > status ? rc : status;
}

/* `goalsheet layout FILE`: the display list as text (page.h). */
static int cmd_layout(Session *s, int nfiles, char **files)
{
	if (!session_ready(s))
		return diag_exit_status(&s->diag);
	for (int i = 0; i < nfiles; i++) {
		Document d;
		Doc doc = {0};
		if (session_process(s, files[i], &d, &doc) == 0)
			doc_dump(&doc, stdout);
		doc_free(&doc);
		document_free(&d);
	}
	return diag_exit_status(&s->diag);
}

static int cmd_check(Session *s, int nfiles, char **files)
{
	if (!session_ready(s))
		return diag_exit_status(&s->diag);
	for (int i = 0; i < nfiles; i++) {
		Document d;
		session_process(s, files[i], &d, NULL);
		document_free(&d);
	}
	return diag_exit_status(&s->diag);
}

/* `goalsheet next-year FILE... -o DIR`: nextyear.h's copy of each.
 * --stage names the stage to advance to, so it is taken from the options
 * before the documents are loaded (where it would override theirs). */
static int cmd_next_year(Session *s, int nfiles, char **files)
{
	NextOptions no = {.stage = s->opt.stage, .keep_targets = s->opt.keep_targets};
	s->opt.stage = -1;
	if (no.stage == STAGE_PLAN)
		return usage_error("%s", _("next-year --stage plan: a copy is made for "
		                   "a later stage, interim or final (without --stage: "
		                   "the next fiscal year)"));
	if (no.stage >= 0 && no.keep_targets)
		return usage_error("%s", _("--keep targets is for the next fiscal year; "
		                   "a later stage keeps everything"));
	if (s->opt.output == NULL)
		return usage_error("%s", _("next-year needs -o DIR"));
	if (!session_ready(s))
		return diag_exit_status(&s->diag);
	for (int i = 0; i < nfiles; i++) {
		Document d;
		if (session_load(s, files[i], &d) == 0)
			next_copy(&d, &no, s->opt.output, NULL, &s->diag);
		document_free(&d);
	}
	return diag_exit_status(&s->diag);
}

/* `goalsheet status FILE...`: status.h's table of each; exit 1 when a
 * stage's required cell is empty anywhere. */
static int cmd_status(Session *s, int nfiles, char **files)
{
	if (!session_ready(s))
		return diag_exit_status(&s->diag);
	const char *no_color = getenv("NO_COLOR");
	StatusOptions so = {.format = (StatusFormat)status_format(s->opt.format),
	                    .colour = isatty(STDOUT_FILENO) &&
	                              (no_color == NULL || no_color[0] == '\0'),
	                    .csv_header = true};
	long missing = 0;
	for (int i = 0; i < nfiles; i++) {
		Document d;
		if (session_load(s, files[i], &d) == 0 || d.checkable) {
			CheckOptions co = {.printed = s->tmpl->printed,
			                   .template_name = s->tmpl->name};
			so.check = &co;
			missing += status_write(stdout, &d, &so);
			so.csv_header = false;
		}
		document_free(&d);
	}
	int rc = diag_exit_status(&s->diag);
	return rc ? rc : missing > 0;
}

typedef struct WrapFonts {
	Session s;
	FontMeasure fm;
} WrapFonts;

/* --font ID of `wrap`: the default template's font of that id. */
static bool wrap_font(void *arg, const char *id, TextMeasure *m, void **ctx)
{
	WrapFonts *wf = arg;
	if (session_open(&wf->s, "goalsheet") != 0 || !session_ready(&wf->s))
		return false;
	const Template *t = wf->s.tmpl;
	for (size_t i = 0; i < t->nfonts; i++)
		if (strcmp(t->font_ids[i], id) == 0) {
			wf->fm = (FontMeasure){wf->s.fonts, i};
			*m = fonts_measure;
			*ctx = &wf->fm;
			return true;
		}
	diag_system(&wf->s.diag, _("wrap: --font %s: the template has no font of "
	            "that id (%s)"), id, t->file);
	return false;
}

/* The guide for sheet writers: man/ja/ in the source tree, the
 * documentation folder beside the data when installed. */
static char *guide_path(const char *argv0)
{
	char *datadir = find_datadir_quietly(argv0);
	if (datadir == NULL)
		return xstrdup("goalsheet-guide.md");
	char *path = xasprintf("%s/man/ja/goalsheet-guide.md", datadir);
	struct stat st;
	if (stat(path, &st) != 0) {
		free(path);
		path = xasprintf("%s/../doc/goalsheet/goalsheet-guide.md", datadir);
	}
	free(datadir);
	char *real = realpath(path, NULL);
	if (real != NULL) {
		free(path);
		path = real;
	}
	return path;
}

/* `goalsheet templates`: NAME, title and file of each template -t can
 * name; a user's template hides an installed one of the same name. */
static int cmd_templates(int argc, const char *argv0)
{
	if (argc > 1)
		return usage_error("%s", _("templates takes no arguments"));
	Diag d;
	diag_init(&d, stderr);
	char *datadir = find_datadir(argv0, &d);
	if (datadir == NULL)
		return 2;
	char *dirs[2] = {user_template_dir(), xasprintf("%s/templates", datadir)};
	TemplateList list = {0};
	for (int i = 0; i < 2; i++)
		if (dirs[i])
			template_list_dir(&list, dirs[i]);
	for (size_t i = 0; i < list.n; i++)
		printf("%-16s %s\n%-16s (%s)\n", list.v[i].name, list.v[i].title, "",
		       list.v[i].path);
	if (list.n == 0)
		fprintf(stderr, _("goalsheet: no templates in %s or %s\n"),
		        dirs[0] ? dirs[0] : "~/.local/share/goalsheet/templates", dirs[1]);
	template_list_free(&list);
	free(dirs[0]);
	free(dirs[1]);
	free(datadir);
	return 0;
}

static int run_wrap(int argc, char **argv)
{
	WrapFonts wf = {0};
	wf.s.opt.stage = -1;
	int rc = cmd_wrap(argc - 1, argv + 1, wrap_font, &wf);
	session_close(&wf.s);
	return rc;
}

int main(int argc, char **argv)
{
	/* Messages first: even "cannot find the data files" is translated
	 * when the catalog is where the data would be. */
	char *datadir = find_datadir_quietly(argv[0]);
	i18n_init(datadir);
	free(datadir);
	if (argc < 2)
		return usage_error("%s", _("no command given"));
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		print_usage(stdout);
		fputs("\n", stdout);
		print_help(stdout);
		char *guide = guide_path(argv[0]);
		printf(_("Guide for writing sheets (in Japanese): %s\n"), guide);
		free(guide);
		return 0;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("goalsheet %s\n", GOALSHEET_VERSION);
		return 0;
	}
	if (strcmp(cmd, "wrap") == 0)
		return run_wrap(argc, argv);
	if (strcmp(cmd, "new") == 0)
		return cmd_new(argc - 1, argv + 1, argv[0]);
	if (strcmp(cmd, "templates") == 0)
		return cmd_templates(argc - 1, argv[0]);
	if (strcmp(cmd, "extract") == 0)
		return cmd_extract(argc - 1, argv + 1);
	bool render = strcmp(cmd, "render") == 0, book = strcmp(cmd, "book") == 0,
	     check = strcmp(cmd, "check") == 0, layout = strcmp(cmd, "layout") == 0,
	     watch = strcmp(cmd, "watch") == 0, serve = strcmp(cmd, "serve") == 0,
	     next = strcmp(cmd, "next-year") == 0, status = strcmp(cmd, "status") == 0;
	if (!render && !book && !check && !layout && !watch && !serve && !next &&
	    !status)
		return usage_error(_("unknown command '%s'"), cmd);
	Session s = {0};
	int rc = parse_options(argc - 1, argv + 1, &s.opt);
	if (rc != 0)
		return rc;
	int nfiles = argc - 1 - optind;
	char **files = argv + 1 + optind;
	if (serve && nfiles > 1)
		return usage_error(_("%s takes one folder"), cmd);
	if (nfiles == 0 && !serve)
		return usage_error(_("%s needs at least one XML file"), cmd);
	if ((book || watch) && nfiles > 1)
		return usage_error(_("%s takes one XML file"), cmd);
	if (watch && s.opt.output == NULL)
		return usage_error("%s", _("watch needs -o OUT.pdf"));
	s.many_documents = serve || watch || nfiles > 1;
	if (session_open(&s, argv[0]) == 0)
		rc = serve    ? cmd_serve(&s, nfiles ? files[0] : ".")
		     : check  ? cmd_check(&s, nfiles, files)
		     : layout ? cmd_layout(&s, nfiles, files)
		     : next   ? cmd_next_year(&s, nfiles, files)
		     : status ? cmd_status(&s, nfiles, files)
		     : watch  ? cmd_watch(&s, files[0], s.opt.output)
		              : cmd_render(&s, nfiles, files, book);
	else
		rc = 2;
	rc = rc > diag_exit_status(&s.diag) ? rc : diag_exit_status(&s.diag);
	session_close(&s);
	return rc;
}
