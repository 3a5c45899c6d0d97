# goalsheet: see README.md.  `make demo` renders the examples into out/,
# `make test` runs every test; both install missing Debian packages first.

VERSION   = 0.1.0
PKGS      = libxml-2.0 fontconfig harfbuzz harfbuzz-subset icu-uc
CC       ?= cc
WARN      = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lm
CPPFLAGS += -DGOALSHEET_VERSION='"$(VERSION)"'

OPT_CFLAGS  = -O2 -g
SAN_CFLAGS  = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
HEADERS  = $(wildcard src/*.h)
UNIT_SRC = $(wildcard tests/unit/*.c)

REL = build/rel
SAN = build/san

.PHONY: all deps demo test unit integration bench clean
all: deps goalsheet

deps:
	@./build-aux/install-deps

goalsheet: $(REL)/goalsheet
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

test: deps $(SAN)/goalsheet $(UNIT_SRC:tests/unit/%.c=$(SAN)/unit_%)
	@GOALSHEET=$(SAN)/goalsheet UNITS="$(UNIT_SRC:tests/unit/%.c=$(SAN)/unit_%)" \
		./tests/run

clean:
	rm -rf build goalsheet out

# Figures for the issue "Fast and small": prints, judges nothing.
bench: deps goalsheet
	@python3 tests/bench ./goalsheet
