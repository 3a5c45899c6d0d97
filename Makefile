# goalsheet: see README.md.  `make demo` renders the examples into out/,
# `make test` runs every test; both install missing Debian packages first.

VERSION   = 0.1.0
PKGS      = libxml-2.0 fontconfig harfbuzz harfbuzz-subset icu-uc zlib libmicrohttpd
CC       ?= cc
WARN      = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libmicrohttpd is opened by `serve` alone (src/httpd.h): its headers
# are needed, its library is not linked.
PKG_LIBS   = $(shell pkg-config --libs $(filter-out libmicrohttpd,$(PKGS)) 2>/dev/null) -lhpdf -lm -pthread
CPPFLAGS += -DGOALSHEET_VERSION='"$(VERSION)"'

OPT_CFLAGS  = -O2 -g
SAN_CFLAGS  = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
HEADERS  = $(wildcard src/*.h)
UNIT_SRC = $(wildcard tests/unit/*.c)
# Message catalogs: po/LANG.po → build/locale/LANG/LC_MESSAGES/goalsheet.mo,
# which the program finds beside its data (src/i18n.c).
LINGUAS  = ja
MO       = $(LINGUAS:%=build/locale/%/LC_MESSAGES/goalsheet.mo)
XGETTEXT_FLAGS = --keyword=_ --keyword=N_ --keyword=P_:1c,2 --from-code=UTF-8 -c \
	--language=C --add-location=file --package-name=goalsheet \
	--package-version=$(VERSION) --msgid-bugs-address='the goalsheet issue tracker'

REL = build/rel
SAN = build/san

.PHONY: all deps demo test unit integration bench clean install uninstall xsd golden pot text-classes
all: deps goalsheet

deps:
	@./build-aux/install-deps

goalsheet: $(REL)/goalsheet $(MO)
	cp $< $@.tmp && mv -f $@.tmp $@

$(REL)/goalsheet: $(LIB_SRC:src/%.c=$(REL)/%.o) $(REL)/main.o
	$(CC) $(OPT_CFLAGS) -o $@ $^ $(PKG_LIBS)
$(SAN)/goalsheet: $(LIB_SRC:src/%.c=$(SAN)/%.o) $(SAN)/main.o
	$(CC) $(SAN_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(REL)/%.o: src/%.c $(HEADERS) | $(REL)
	$(CC) $(WARN) $(OPT_CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<
$(SAN)/%.o: src/%.c $(HEADERS) | $(SAN)
	$(CC) $(WARN) $(SAN_CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<
$(SAN)/unit_%: tests/unit/%.c $(LIB_SRC:src/%.c=$(SAN)/%.o) $(HEADERS) | $(SAN)
	$(CC) $(WARN) $(SAN_CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(LIB_SRC:src/%.c=$(SAN)/%.o) $(PKG_LIBS)

$(REL) $(SAN):
	mkdir -p $@

build/locale/%/LC_MESSAGES/goalsheet.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.tmp $< && mv -f $@.tmp $@

# po/goalsheet.pot: every translatable string of the sources in
# po/POTFILES.  After changing messages: make pot, then
# msgmerge -U po/ja.po po/goalsheet.pot and translate what is new or fuzzy.
# (tests/i18n-test makes one elsewhere with POT=, to compare.)
POT = po/goalsheet.pot
pot:
	xgettext $(XGETTEXT_FLAGS) -f po/POTFILES -o $(POT)

EXAMPLES = $(wildcard examples/*/sheet-*.xml)

demo: all
	@mkdir -p out
	@for f in $(EXAMPLES); do \
		d=out/$$(basename $$(dirname $$f)); mkdir -p $$d; \
		./goalsheet render "$$f" -o "$$d/$$(basename $$f .xml).pdf" || exit 1; \
	done
	@for b in $(wildcard examples/*/book.xml); do \
		./goalsheet book "$$b" -o out/$$(basename $$(dirname $$b)).pdf || exit 1; \
	done
	@echo "demo: rendered into out/"; ls out

test: deps $(SAN)/goalsheet $(MO) $(UNIT_SRC:tests/unit/%.c=$(SAN)/unit_%) fuzz-syntax
	@GOALSHEET=$(SAN)/goalsheet UNITS="$(UNIT_SRC:tests/unit/%.c=$(SAN)/unit_%)" \
		./tests/run

clean:
	rm -rf build goalsheet out

# Figures for the issues "Fast and small" and 21: each before (the program
# of BENCH_BASE, built from `git archive` into build/base with its own
# templates) and after, with their ratio; prints, judges nothing.
BENCH_BASE ?= 9379c38
bench: deps goalsheet build/base/goalsheet build/rss_run
	@python3 tests/bench ./goalsheet build/base/goalsheet
build/rss_run: tests/rss_run.c
	@mkdir -p build
	$(CC) $(WARN) -O2 -o $@ tests/rss_run.c
build/base/goalsheet:
	rm -rf build/base && mkdir -p build/base
	git archive $(BENCH_BASE) | tar -x -C build/base
	$(MAKE) -C build/base goalsheet

# `make install PREFIX=/usr DESTDIR=/tmp/stage`: the program finds its data
# in ../share/goalsheet beside its bin/ at run time, so a staged tree works
# where it is.  No owner is set, so DESTDIR installs need no root.
PREFIX  ?= /usr/local
INSTALL ?= install
INST_BIN   = $(DESTDIR)$(PREFIX)/bin
INST_DATA  = $(DESTDIR)$(PREFIX)/share/goalsheet
INST_MAN   = $(DESTDIR)$(PREFIX)/share/man
INST_LOCALE = $(DESTDIR)$(PREFIX)/share/locale
INST_DOC   = $(DESTDIR)$(PREFIX)/share/doc/goalsheet
INST_MAN_JA = $(INST_MAN)/ja
INST_TEMPLATES = $(wildcard templates/*.xml) $(wildcard templates/*.rng) $(wildcard templates/*.xsd)
MAN5 = goalsheet-xml.5 goalsheet-template.5
INST_FONTS     = fonts/fonts.conf fonts/packages
INST_WEB       = $(wildcard src/web/*)

install: goalsheet $(MO)
	$(INSTALL) -d -m 0755 $(INST_BIN) $(INST_DATA)/templates $(INST_DATA)/fonts \
		$(INST_DATA)/web \
		$(INST_MAN)/man1 $(INST_MAN)/man5
	$(INSTALL) -m 0755 goalsheet $(INST_BIN)/goalsheet
	$(INSTALL) -m 0644 $(INST_TEMPLATES) $(INST_DATA)/templates/
	$(INSTALL) -m 0644 $(INST_FONTS) $(INST_DATA)/fonts/
	$(INSTALL) -m 0644 $(INST_WEB) $(INST_DATA)/web/
	$(INSTALL) -m 0644 man/goalsheet.1 $(INST_MAN)/man1/goalsheet.1
	$(INSTALL) -m 0644 $(MAN5:%=man/%) $(INST_MAN)/man5/
	$(INSTALL) -d -m 0755 $(INST_MAN_JA)/man1 $(INST_MAN_JA)/man5 $(INST_DOC)
	$(INSTALL) -m 0644 man/ja/goalsheet.1 $(INST_MAN_JA)/man1/goalsheet.1
	$(INSTALL) -m 0644 man/ja/goalsheet-xml.5 $(INST_MAN_JA)/man5/goalsheet-xml.5
	$(INSTALL) -m 0644 man/ja/goalsheet-guide.md $(INST_DOC)/goalsheet-guide.md
	for l in $(LINGUAS); do \
		$(INSTALL) -d -m 0755 $(INST_LOCALE)/$$l/LC_MESSAGES && \
		$(INSTALL) -m 0644 build/locale/$$l/LC_MESSAGES/goalsheet.mo \
			$(INST_LOCALE)/$$l/LC_MESSAGES/goalsheet.mo || exit 1; \
	done

# Removes exactly what install put there, then goalsheet's own folders if
# they are empty.
uninstall:
	rm -f $(INST_BIN)/goalsheet \
		$(addprefix $(INST_DATA)/,$(INST_TEMPLATES) $(INST_FONTS)) \
		$(INST_WEB:src/web/%=$(INST_DATA)/web/%) \
		$(INST_MAN)/man1/goalsheet.1 $(MAN5:%=$(INST_MAN)/man5/%) \
		$(INST_MAN_JA)/man1/goalsheet.1 $(INST_MAN_JA)/man5/goalsheet-xml.5 \
		$(INST_DOC)/goalsheet-guide.md \
		$(LINGUAS:%=$(INST_LOCALE)/%/LC_MESSAGES/goalsheet.mo)
	rmdir $(INST_DATA)/templates $(INST_DATA)/fonts $(INST_DATA)/web $(INST_DATA) $(INST_DOC) 2>/dev/null || :
	for l in $(LINGUAS); do \
		rmdir $(INST_LOCALE)/$$l/LC_MESSAGES $(INST_LOCALE)/$$l 2>/dev/null; \
	done; rmdir $(INST_LOCALE) 2>/dev/null || :

# The XSD beside the RELAX NG schema, for editors that want XSD; needs
# trang (Debian package trang), so it is generated here and committed.
xsd: templates/goalsheet.rng
	trang -I rng -O xsd templates/goalsheet.rng build/goalsheet.xsd
	{ echo '<?xml version="1.0" encoding="UTF-8"?>'; \
	  echo '<!-- goalsheet.xsd: generated from goalsheet.rng by trang (make xsd); the RELAX NG'; \
	  echo '     schema is the source: edit that, then regenerate this file. -->'; \
	  tail -n +2 build/goalsheet.xsd | sed 's/schemaLocation="xinclude.xsd"/schemaLocation="goalsheet-xinclude.xsd"/'; \
	} >templates/goalsheet.xsd
	{ echo '<?xml version="1.0" encoding="UTF-8"?>'; \
	  echo '<!-- goalsheet-xinclude.xsd: generated with goalsheet.xsd by trang (make xsd). -->'; \
	  tail -n +2 build/xinclude.xsd; } >templates/goalsheet-xinclude.xsd

# The line breaker's class table, generated from the sets written as in
# typesetting.md §3.1 (committed; tests/suites/speed checks it is current).
text-classes:
	build-aux/text-classes >src/text_classes.h.tmp && mv -f src/text_classes.h.tmp src/text_classes.h

# Golden layouts: `goalsheet layout` of every example, compared by
# tests/run with diff -u; tests/golden/more/ (drafts, A3, books) are
# tests/suites/templates-engine's.  After a deliberate change of the layout, run
# this and review the diff of tests/golden/ before committing it.
golden: goalsheet
	@for f in $(EXAMPLES) tests/cases/full.xml; do \
		g=tests/golden/$$(basename $$(dirname $$f))__$$(basename $$f .xml).layout; \
		./goalsheet layout -q "$$f" >"$$g" || exit 1; echo "wrote $$g"; \
	done
	@GOLDEN_WRITE=1 GOALSHEET=./goalsheet tests/suites/templates-engine | grep '^wrote' 

# Fuzzing with libFuzzer (clang; not part of `make test`): builds
# build/fuzz/fuzz_load, fuzz_layout, fuzz_text, fuzz_webpath and fuzz_edit (tests/fuzz/) and runs
# each for FUZZ_SECONDS, from its seed corpus in tests/fuzz/corpus-*/,
# growing build/fuzz/corpus-*/.  Inputs grow up to FUZZ_MAX_LEN bytes
# (libFuzzer's own default is the largest seed, at least 4096, which
# never reaches a field over 8 kB); the loader's field limit is 64 kB.
# The layout harness starts at full length (-len_control=0) so that its
# 60 s reach long fields and books; the others grow lengths gradually.  A crash stops with the input saved as
# build/fuzz/crash-*.  `make fuzz FUZZ_SECONDS=600` for a longer run.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 65536
FUZZ = build/fuzz
FUZZ_CFLAGS  = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer
FUZZ_TARGETS = load layout text webpath edit
FUZZERS = $(FUZZ_TARGETS:%=$(FUZZ)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-deps fuzz-syntax
# The harnesses call the library's API: make test compiles them (syntax
# and types only, with the project's compiler) so that a changed function
# breaks the build here, not first in CI's clang run of make fuzz.
fuzz-syntax:
	@for f in tests/fuzz/fuzz_*.c; do \
		$(CC) $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc -DFUZZ_DATADIR='"."' \
			-fsyntax-only $$f || exit 1; \
	done
fuzz-build: $(FUZZERS)
# clang's libFuzzer runtime is only recommended by clang-14: say so.
fuzz-deps:
	@echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return !d && n; }' | \
		$(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null || \
		{ echo "make fuzz needs clang and its libFuzzer runtime; as root, run:" >&2; \
		  echo "  apt-get install clang libclang-rt-14-dev" >&2; exit 1; }
fuzz: $(FUZZERS)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ)/corpus-$$t; \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s (log: $(FUZZ)/fuzz_$$t.log)"; \
		len=; [ $$t = layout ] && len=-len_control=0; \
		( cd $(FUZZ) && ./fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) $$len \
			-print_final_stats=1 corpus-$$t $(CURDIR)/tests/fuzz/corpus-$$t \
			>fuzz_$$t.log 2>&1 ) || { tail -60 $(FUZZ)/fuzz_$$t.log; exit 1; }; \
		grep -E '^#[0-9]+.*DONE|^stat::(number_of_executed_units|peak_rss_mb)' \
			$(FUZZ)/fuzz_$$t.log; \
	done

$(FUZZ): | fuzz-deps
	mkdir -p $@
.PRECIOUS: $(FUZZ)/%.o
$(FUZZ)/%.o: src/%.c $(HEADERS) | $(FUZZ)
	$(FUZZ_CC) $(WARN) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		$(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<
$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h \
		$(LIB_SRC:src/%.c=$(FUZZ)/%.o) $(HEADERS) | $(FUZZ)
	$(FUZZ_CC) $(WARN) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(CPPFLAGS) $(PKG_CFLAGS) \
		-Isrc -DFUZZ_DATADIR='"$(CURDIR)"' -o $@ $< tests/fuzz/fuzz_common.c \
		$(LIB_SRC:src/%.c=$(FUZZ)/%.o) $(PKG_LIBS)
