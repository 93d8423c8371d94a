# relais — build, run, test.  `make run` and `make test` are each one command
# on a fresh Debian 12: they install what is missing first.

CC      ?= cc
# LAZY_PKGS are compiled against but not linked: relais opens them on first
# use (support/lazylib.h), so a process on SQLite that draws no PDF, writes
# no XLSX, signs nobody in through OpenID Connect, serves no HTTP and reads
# or writes no ZIP or OpenDocument file never loads them (with their
# dependencies, some seventy shared objects: most of the start-up's time).
LAZY_PKGS := pangocairo cairo-pdf xlsxwriter libiddawc librhonabwy libpq libmicrohttpd \
	     libzip libxml-2.0
PKGS    := jansson sqlite3 libsodium liboath libqrencode $(LAZY_PKGS) zlib
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Werror
CFLAGS_COMMON = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	-Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    = $(shell pkg-config --libs $(filter-out $(LAZY_PKGS),$(PKGS)) 2>/dev/null) -lcsv -llpsolve55 -lcolamd -ldl -lm -lpthread

# Hardening of the product build (checked on the binary by
# tests/cli/test_hardening.sh): bounds-checked libc calls where the size is
# known (_FORTIFY_SOURCE, which needs -O), stack canaries, stack clash
# probes, control-flow protection on x86-64, a position-independent
# executable, the relocations made read-only after loading (full RELRO,
# -z now) and a stack that is not executable.  Not in the sanitizer build,
# where FORTIFY's checks conflict with ASan's interceptors.
HARDEN_CFLAGS := -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2 -fstack-protector-strong \
	-fstack-clash-protection -fPIE
ifneq ($(filter x86_64-%,$(shell $(CC) -dumpmachine 2>/dev/null)),)
HARDEN_CFLAGS += -fcf-protection
endif
HARDEN_LDFLAGS := -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack

ifeq ($(SANITIZE),1)
BUILD   := build/asan
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDOPT   := -fsanitize=address,undefined
else
BUILD   := build
OPT     := -O2 -g $(HARDEN_CFLAGS)
LDOPT   := $(HARDEN_LDFLAGS)
endif

CFLAGS  += $(CFLAGS_COMMON) $(OPT)
LDFLAGS += $(LDOPT)

# The flags in use, rewritten only when they change: objects and the
# binary depend on it, so changing a flag rebuilds what it applies to.
FLAGS_STAMP := $(BUILD)/flags
FLAGS_NOW   := $(CC) $(CFLAGS) | $(LDFLAGS)
ifneq ($(FLAGS_NOW),$(shell cat $(FLAGS_STAMP) 2>/dev/null))
$(shell mkdir -p $(BUILD) && printf '%s\n' '$(FLAGS_NOW)' > $(FLAGS_STAMP))
endif

# support/dlopen_wrap.c goes into the program only, linked with
# --wrap=dlopen (see its header): not into the library the tests link.
DLOPEN_WRAP := src/support/dlopen_wrap.c
LIB_SRC := $(filter-out $(DLOPEN_WRAP),$(sort $(wildcard src/*/*.c)))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/assets.o \
	   $(BUILD)/obj/gen/letter_templates.o
BIN     := $(BUILD)/relais

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
STORE_BIN := $(BUILD)/tests/test_store
HTTP_SRC  := $(sort $(wildcard tests/http/test_*.c))
HTTP_BIN  := $(patsubst tests/http/test_%.c,$(BUILD)/tests/http_%,$(HTTP_SRC))
ADV_BIN   := $(BUILD)/tests/adversary
TESTVFS   := $(BUILD)/tests/testvfs.so
FAULT_BIN := $(BUILD)/tests/faults
CRASH_BIN := $(BUILD)/tests/crash
OOM_BIN   := $(BUILD)/tests/relais-oom
TEST_BINS := $(UNIT_BIN) $(STORE_BIN) $(HTTP_BIN) $(ADV_BIN) $(TESTVFS) $(FAULT_BIN) $(CRASH_BIN) \
	$(OOM_BIN)

# Front-end libraries come from npm (exact versions in package-lock.json) and
# are embedded into the binary; our own assets live in src/web/assets.
NPM_STAMP := node_modules/.package-lock.json
ASSETS    := node_modules/@picocss/pico/css/pico.min.css \
	     node_modules/htmx.org/dist/htmx.min.js \
	     $(sort $(wildcard src/web/assets/*))

.PHONY: all deps deps-test run test test-only bench clean tests po install security-scan fuzz \
	fuzz-build faults crash test-browser-full screenshots
all: $(BIN)

# The run list (building and running), and with it the test list: every
# package the tests, benchmarks, fuzzers and security scan call by name.
deps:
	@bash scripts/install-deps.sh

deps-test:
	@bash scripts/install-deps.sh --test

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The libraries' files come out of npm ci: under make -j they are not
# looked for before it has run.
$(filter node_modules/%,$(ASSETS)): | $(NPM_STAMP) ;

# The embedding tool compresses each text asset with brotli and gzip at
# build time (libbrotlienc and zlib, linked into the tool; relais links zlib
# alone, for the gzip of its pages).
build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O2 $(shell pkg-config --cflags libbrotlienc zlib) \
		-o $@ $< $(shell pkg-config --libs libbrotlienc zlib)

# The sonames of the libraries opened on first use, as this machine has them.
build/gen/lazy/sonames.h: tools/sonames.sh Makefile
	@mkdir -p $(dir $@)
	CC="$(CC)" sh tools/sonames.sh PANGOCAIRO:libpangocairo-1.0 PANGO:libpango-1.0 CAIRO:libcairo \
		GOBJECT:libgobject-2.0 GLIB:libglib-2.0 XLSXWRITER:libxlsxwriter IDDAWC:libiddawc \
		RHONABWY:librhonabwy PQ:libpq MHD:libmicrohttpd \
		ZIP:libzip XML:libxml2 > $@.tmp && mv $@.tmp $@

build/gen/assets.c: build/tools/embed $(NPM_STAMP) $(ASSETS)
	@mkdir -p $(dir $@)
	build/tools/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/assets.o: build/gen/assets.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# The shipped letter templates (issue 16): committed as flat ODT
# (data/templates/*.fodt), zipped into .odt by tools/fodt2odt.c (with
# domain/odt.c's odt_from_flat) and built into the binary; `relais init`
# installs them (service/letters.h).
LETTER_FODT := $(sort $(wildcard data/templates/*.fodt))
FODT2ODT_SRC := tools/fodt2odt.c src/domain/odt.c src/support/alloc.c src/support/buf.c src/support/log.c \
	src/support/zipbuf.c src/support/lazylib.c src/support/ziplib.c src/support/xmllib.c
build/tools/fodt2odt: $(FODT2ODT_SRC) src/domain/odt.h src/support/zipbuf.h build/gen/lazy/sonames.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -O2 -Isrc -Ibuild/gen \
		$(shell pkg-config --cflags libzip libxml-2.0) -o $@ $(FODT2ODT_SRC) -ldl -lpthread

build/gen/letter_templates.c: build/tools/fodt2odt $(LETTER_FODT)
	@mkdir -p $(dir $@)
	build/tools/fodt2odt $(LETTER_FODT) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/letter_templates.o: build/gen/letter_templates.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c $(FLAGS_STAMP) | build/gen/lazy/sonames.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/librelais.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(BUILD)/obj/support/dlopen_wrap.o $(BUILD)/librelais.a $(FLAGS_STAMP)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -Wl,--wrap=dlopen -o $@ $(filter-out $(FLAGS_STAMP),$^) $(LIBS)

$(BUILD)/obj/main.o: src/main.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# Tests: one program per unit file, the store suite (run against each
# database), the HTTP suite (drives the real binary on loopback).
$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/librelais.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< $(BUILD)/librelais.a $(LIBS) -lcmocka

# The OIDC test signs its own tokens with rhonabwy, the store test reads
# PostgreSQL's own bytes with libpq, the letters' and the archive's tests
# read the ZIP files back with libzip: linked into them alone.
$(BUILD)/tests/test_oidc: LIBS += $(shell pkg-config --libs librhonabwy)
$(BUILD)/tests/http_letters $(BUILD)/tests/test_zipbuf: LIBS += $(shell pkg-config --libs libzip)
$(STORE_BIN): LIBS += $(shell pkg-config --libs libpq)
# The revocation test holds PostgreSQL transactions of its own with libpq.
$(BUILD)/tests/http_revocation_hold: LIBS += $(shell pkg-config --libs libpq)

$(STORE_BIN): tests/store/test_store.c $(BUILD)/librelais.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< $(BUILD)/librelais.a $(LIBS) -lcmocka

$(BUILD)/tests/http_%: tests/http/test_%.c tests/http/harness.c tests/http/harness.h $(BUILD)/librelais.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< tests/http/harness.c $(BUILD)/librelais.a $(LIBS) -lcmocka

# The calendar test checks the feed with libical: linked into this test
# only, never into relais.
$(BUILD)/tests/http_calendar: tests/http/test_calendar.c tests/http/harness.c tests/http/harness.h $(BUILD)/librelais.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(shell pkg-config --cflags libical) $(LDFLAGS) -Itests -o $@ $< tests/http/harness.c $(BUILD)/librelais.a $(LIBS) $(shell pkg-config --libs libical) -lcmocka

# The compression test decompresses what the server sends with libbrotlidec
# and zlib: libbrotlidec is linked into this test only.
$(BUILD)/tests/http_compression: tests/http/test_compression.c tests/http/harness.c tests/http/harness.h $(BUILD)/librelais.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(shell pkg-config --cflags libbrotlidec) $(LDFLAGS) -Itests -o $@ $< tests/http/harness.c $(BUILD)/librelais.a $(LIBS) $(shell pkg-config --libs libbrotlidec) -lcmocka

# The adversary of issue 11: an employer with its own solver (lp_solve,
# not domain/sdc.c) against the real server.
$(ADV_BIN): tests/adversary/test_adversary.c tests/adversary/solver.c tests/adversary/solver.h \
	    tests/http/harness.c tests/http/harness.h $(BUILD)/librelais.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< tests/adversary/solver.c tests/http/harness.c \
		$(BUILD)/librelais.a $(LIBS) -lcmocka

# Crash safety and fault injection (issue 12): a SQLite VFS preloaded into
# the real programs (tests/faults/testvfs.c: fails the Nth write or sync,
# or holds writes until their sync so a SIGKILL loses what was not synced),
# the fault sweep (tests/faults) and the crash trials (tests/crash).
# The product with the allocators' test hook (tests/oom/hook.c), for
# tests/http/test_oom.c.
$(OOM_BIN): tests/oom/hook.c $(BUILD)/obj/main.o $(BUILD)/librelais.a $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/oom/hook.c $(BUILD)/obj/main.o $(BUILD)/librelais.a \
		$(LIBS)

$(TESTVFS): tests/faults/testvfs.c
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -fPIC -shared -o $@ $< $(shell pkg-config --libs sqlite3) -lpthread

$(FAULT_BIN): tests/faults/test_faults.c tests/http/harness.c tests/http/harness.h $(BUILD)/librelais.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< tests/http/harness.c $(BUILD)/librelais.a $(LIBS) -lcmocka

$(CRASH_BIN): tests/crash/test_crash.c tests/http/harness.c tests/http/harness.h $(BUILD)/librelais.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< tests/http/harness.c $(BUILD)/librelais.a $(LIBS) -lcmocka

# The long passes, called by `make fuzz` (the test suite runs a bounded
# sweep and 5 trials per database): the fault sweep over every N, and
# CRASH_TRIALS crash trials per database and way of crashing.
CRASH_TRIALS ?= 20
# The full sweep runs the normal build; a bounded sweep then runs the ASan
# build (the VFS preloaded before the ASan runtime: verify_asan_link_order=0),
# where a sanitizer report fails the run.
faults: all $(TESTVFS) $(FAULT_BIN) $(STORE_BIN)
	@$(MAKE) --no-print-directory SANITIZE=1 build/asan/relais build/asan/tests/test_store
	@TZ=$${TZ:-Europe/Paris} FAULTS=full RELAIS_BIN=$(BIN) $(FAULT_BIN) 2>/dev/null
	@TZ=$${TZ:-Europe/Paris} RELAIS_BIN=build/asan/relais STORE_BIN=build/asan/tests/test_store \
		ASAN_OPTIONS=verify_asan_link_order=0:abort_on_error=1:detect_leaks=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(FAULT_BIN) 2>/dev/null

crash: all $(TESTVFS) $(CRASH_BIN)
	@TZ=$${TZ:-Europe/Paris} RELAIS_BIN=$(BIN) bash tests/crash/run.sh $(CRASH_TRIALS) all 2>/dev/null

# Fuzzing (tests/fuzz): libFuzzer drivers, one per parser of outside bytes,
# linked against the library built again with clang, coverage and
# ASan+UBSan in its own directory (build/fuzz), apart from the normal and
# ASan builds.  `make fuzz` runs each driver FUZZ_SECONDS (or FUZZ_RUNS
# executions when set, whichever comes first) on a copy of its committed
# corpus (build/fuzz/corpus), merges what adds coverage back into
# tests/fuzz/corpus (to commit) and prints executions, exec/s, edges,
# corpus size and crashes per driver; FUZZ_DRIVERS=fuzz_route… runs some
# only.  The test suite replays each committed corpus and crash reproducer
# (tests/fuzz/crashes) and fuzzes each driver briefly.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?=
FUZZ_DRIVERS ?=
FUZZ_DIR     := build/fuzz
FUZZ_CFLAGS  = $(CFLAGS_COMMON) -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/%,$(FUZZ_SRC))
FUZZ_OBJ     := $(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(LIB_SRC)) $(FUZZ_DIR)/obj/gen/assets.o \
		$(FUZZ_DIR)/obj/gen/letter_templates.o

$(FUZZ_DIR)/obj/%.o: src/%.c | build/gen/lazy/sonames.h
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

# The embedded assets are data only (the route table serves them): no
# instrumentation.
$(FUZZ_DIR)/obj/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(CFLAGS_COMMON) -c -o $@ $<

$(FUZZ_DIR)/obj/gen/letter_templates.o: build/gen/letter_templates.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(CFLAGS_COMMON) -c -o $@ $<

$(FUZZ_DIR)/librelais.a: $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/fuzz/fuzz_http.h $(FUZZ_DIR)/librelais.a
	@echo "  LD      $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/librelais.a $(LIBS) \
		$(shell pkg-config --libs libmicrohttpd)

# The ICS driver reads the writer's output back with libical (as the
# calendar test does), linked into that driver only.
$(FUZZ_DIR)/fuzz_ical: tests/fuzz/fuzz_ical.c tests/fuzz/fuzz.h $(FUZZ_DIR)/librelais.a
	@echo "  LD      $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(shell pkg-config --cflags libical) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_DIR)/librelais.a $(LIBS) $(shell pkg-config --libs libical)

fuzz-build: $(FUZZ_BIN)

fuzz: deps-test
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_RUNS=$(FUZZ_RUNS) bash scripts/fuzz.sh long $(FUZZ_SECONDS) \
		$(if $(FUZZ_DRIVERS),$(addprefix $(FUZZ_DIR)/,$(FUZZ_DRIVERS)),$(FUZZ_BIN))
	@$(MAKE) --no-print-directory faults crash

tests: $(BIN) $(TEST_BINS)

run: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/run.sh

test: deps-test
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory SANITIZE=1 tests
	@$(MAKE) --no-print-directory fuzz-build
	@bash scripts/run-tests.sh

# Runs the suites without installing or rebuilding (for quick iterations).
test-only:
	@bash scripts/run-tests.sh

# Every page of every role in Chromium (tests/browser/pages.test.mjs) with
# axe-core at all three widths (1366, 1920, 390 px); make test runs it at
# 1366 px only.
test-browser-full: $(BIN) | $(NPM_STAMP)
	RELAIS_BIN=$(BIN) RELAIS_BROWSER_FULL=1 node --test tests/browser/pages.test.mjs

# The README's screenshots (docs/*.png) from the living demo, in Chromium
# (tools/screenshots.mjs).
screenshots: deps-test $(BIN) | $(NPM_STAMP)
	RELAIS_BIN=$(BIN) node tools/screenshots.mjs

# The adversary's full sweep: 500 random services, and every format of
# every bilan (PDF through pdftotext, XLSX through unzip) checked number by
# number against the JSON.  Then the SQL injection sweep: sqlmap at level 3
# (SQLMAP_LEVEL) on every route that takes a parameter, as each role that
# may call it (tests/sqlmap; make test runs level 1 on a few).
security-scan: deps-test
	@$(MAKE) --no-print-directory all $(ADV_BIN)
	TZ=$${TZ:-Europe/Paris} CMOCKA_MESSAGE_OUTPUT=TAP ADVERSARY_SERVICES=$${ADVERSARY_SERVICES:-500} \
		ADVERSARY_FORMATS=all RELAIS_BIN=$(BIN) $(ADV_BIN)
	TZ=$${TZ:-Europe/Paris} SQLMAP_LEVEL=$${SQLMAP_LEVEL:-3} RELAIS_BIN=$(BIN) bash tests/sqlmap/scan.sh

bench: deps-test
	@$(MAKE) --no-print-directory all
	@bash bench/run.sh
	@RELAIS_BIN=$(BIN) bash bench/slowloris.sh
	@RELAIS_BIN=$(BIN) bash bench/signin.sh
	@RELAIS_BIN=$(BIN) bash bench/twoapp.sh
	@RELAIS_BIN=$(BIN) bash bench/pages.sh
	@RELAIS_BIN=$(BIN) bash bench/attachments.sh

# The program and its manual page, under $(DESTDIR)$(PREFIX) (staged
# installs and packages set DESTDIR).
PREFIX ?= /usr/local
install: $(BIN)
	install -D -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/relais
	install -D -m 644 docs/relais.1 $(DESTDIR)$(PREFIX)/share/man/man1/relais.1

# The translation template, extracted from the sources.
po:
	xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o po/relais.pot $(LIB_SRC) src/main.c

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
