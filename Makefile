# djasync: plain Makefile. Everything built goes under build/; nothing fetched is committed.
#
#   make run     set up, build, scan the example project in corpus/projects/
#   make test    set up, build, run every test (unit, corpus, CLI golden)
#   make install PREFIX=/usr/local DESTDIR=
#   make asan    the test suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   make clean

CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build

override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Iinclude -I$(BUILD)/gen -MMD -MP
LDLIBS  += -lgit2 -llz4 -lpthread -lm

# --- pinned third-party sources (npm registry), verified against these integrity hashes ---
TS_RT_VERSION := 0.25.1
TS_RT_SHA512  := mrcEdkYtHfrK1A6fs3O6FxkBo0Qig5XUXqHhxUOQu0bmPo00QF4XaSx4edpazdHwxnSCjlGKGgIqWdaN4dvTLA==
TS_PY_VERSION := 0.25.0
TS_PY_SHA512  := eCmJx6zQa35GxaCtQD+wXHOhYqBxEL+bp71W/s3fcDMu06MrtzkVXR437dRrCrbrDbyLuUDJpAgycs7ncngLXw==
TS_TOML_VERSION := 0.7.0
TS_TOML_SHA512  := 873Kl518Qm5ghbWadISY41rwFjee0v+2bU4twwvAw2VAJcWwj2vBo3F3hOCXfbqHaFiqc4qh6eLhkMl2YZJS0g==
DEPS      := build/deps
TS_RT_DIR := $(DEPS)/tree-sitter-$(TS_RT_VERSION)
TS_PY_DIR := $(DEPS)/tree-sitter-python-$(TS_PY_VERSION)
TS_TOML_DIR := $(DEPS)/tree-sitter-toml-$(TS_TOML_VERSION)

# Debian packages the build needs (installed by `make setup` when run as root).
APT_PACKAGES := build-essential pkg-config libcjson-dev libcmocka-dev liblz4-dev libgit2-dev npm

# A system tree-sitter runtime is used when pkg-config finds one >= 0.25.
SYSTEM_TS := $(shell pkg-config --atleast-version=0.25 tree-sitter 2>/dev/null && echo yes)
ifeq ($(SYSTEM_TS),yes)
TS_CFLAGS := $(shell pkg-config --cflags tree-sitter)
TS_LIBS   := $(shell pkg-config --libs tree-sitter)
TS_RT_OBJ :=
else
TS_CFLAGS := -I$(TS_RT_DIR)/vendor/tree-sitter/lib/include
TS_LIBS   :=
TS_RT_OBJ := $(BUILD)/obj/ts_runtime.o
endif
TS_PY_OBJ := $(BUILD)/obj/ts_python_parser.o $(BUILD)/obj/ts_python_scanner.o \
	     $(BUILD)/obj/ts_toml_parser.o $(BUILD)/obj/ts_toml_scanner.o

# Read when a recipe runs, not when the Makefile is parsed: on a fresh machine `setup` installs
# libcjson-dev / libcmocka-dev first (recursive `=` variables, expanded at recipe time), and
# the fallbacks are Debian's paths in case pkg-config still does not know them.
CJSON_CFLAGS = $(or $(shell pkg-config --cflags libcjson 2>/dev/null),-I/usr/include/cjson)
CJSON_LIBS   = $(or $(shell pkg-config --libs libcjson 2>/dev/null),-lcjson)
CMOCKA_LIBS  = $(or $(shell pkg-config --libs cmocka 2>/dev/null),-lcmocka)

LIB_SRC  := $(filter-out analyzer/main.c,$(wildcard analyzer/*.c)) $(wildcard analyzer/rules/*.c)
LIB_OBJ  := $(patsubst analyzer/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen_queries.o
QUERIES  := $(sort $(wildcard queries/*/*.scm))
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))
SETUP_OK := build/.setup-ok

.PHONY: mutate all run test install uninstall clean asan setup deps bench fuzz deb

all: $(BUILD)/djasync

# --- setup: system packages, then pinned sources -------------------------------------------
# $(call apt_install,what for,packages): installs them as root, else says what to run.
define apt_install
	if [ -n "$(2)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "setup: installing Debian packages for $(1):$(2)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(2) || exit 1; \
	  else \
	    echo "setup: missing packages for $(1):$(2)" >&2; \
	    echo "setup: run: sudo apt-get install -y$(2)" >&2; exit 1; \
	  fi; \
	fi
endef

# Checked again whenever this Makefile changes, so a package added here reaches machines set
# up before.
setup: $(SETUP_OK)
$(SETUP_OK): Makefile
	@missing=""; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing build-essential"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	pkg-config --exists libcjson 2>/dev/null || [ -f /usr/include/cjson/cJSON.h ] || missing="$$missing libcjson-dev"; \
	pkg-config --exists cmocka 2>/dev/null || [ -f /usr/include/cmocka.h ] || missing="$$missing libcmocka-dev"; \
	[ -f /usr/include/lz4.h ] || missing="$$missing liblz4-dev"; \
	[ -f /usr/include/git2.h ] || missing="$$missing libgit2-dev"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	$(call apt_install,the build,$$missing)
	@mkdir -p $(@D) && touch $@

# npm pack fetches the exact version; the tarball is checked against the pinned sha512.
# $(call fetch_npm,package,version,sha512,destdir,tarball name)
define fetch_npm
	@mkdir -p $(DEPS)
	@echo "deps: fetching $(1)@$(2) from the npm registry"
	@cd $(DEPS) && npm pack --silent $(1)@$(2) >/dev/null 2>npm-$(5).log || { cat npm-$(5).log >&2; \
	  echo "deps: 'npm pack $(1)@$(2)' failed; is the npm registry reachable?" >&2; exit 1; }
	@got=$$(openssl dgst -sha512 -binary $(DEPS)/$(5) 2>/dev/null | base64 -w0 2>/dev/null); \
	[ -n "$$got" ] || got=$$(sha512sum $(DEPS)/$(5) | cut -d' ' -f1 | xxd -r -p | base64 -w0); \
	if [ "$$got" != "$(3)" ]; then echo "deps: integrity mismatch for $(1)@$(2): got sha512-$$got" >&2; \
	  rm -f $(DEPS)/$(5); exit 1; fi
	@rm -rf $(4).tmp && mkdir -p $(4).tmp && tar xzf $(DEPS)/$(5) -C $(4).tmp && \
	  rm -rf $(4) && mv $(4).tmp/package $(4) && rm -rf $(4).tmp
endef

$(TS_RT_DIR)/.ok: | $(SETUP_OK)
	$(call fetch_npm,tree-sitter,$(TS_RT_VERSION),$(TS_RT_SHA512),$(TS_RT_DIR),tree-sitter-$(TS_RT_VERSION).tgz)
	@touch $@
$(TS_PY_DIR)/.ok: | $(SETUP_OK)
	$(call fetch_npm,tree-sitter-python,$(TS_PY_VERSION),$(TS_PY_SHA512),$(TS_PY_DIR),tree-sitter-python-$(TS_PY_VERSION).tgz)
	@touch $@
$(TS_TOML_DIR)/.ok: | $(SETUP_OK)
	$(call fetch_npm,@tree-sitter-grammars/tree-sitter-toml,$(TS_TOML_VERSION),$(TS_TOML_SHA512),$(TS_TOML_DIR),tree-sitter-grammars-tree-sitter-toml-$(TS_TOML_VERSION).tgz)
	@touch $@

deps: $(SETUP_OK) $(TS_PY_DIR)/.ok $(TS_TOML_DIR)/.ok $(if $(TS_RT_OBJ),$(TS_RT_DIR)/.ok)

# Test-only tools: Neovim, the real LSP client of tests/lsp; git, for --diff tests; pre-commit,
# the real client of the hook (tests/precommit); zsh, groff, man and col, the clients of the
# completions and the man page (tests/install.sh); Django 3.2
# (python3-django), the runtime oracle of tests/oracle: Django's own guard says which lines block;
# real library source in /usr/lib/python3/dist-packages for the --python-env tests (tests/env).
# Checked again whenever this Makefile changes, so a new package reaches machines set up before.
TEST_LIBS := python3-feedparser python3-httplib2 python3-jwt python3-markdown python3-pyotp \
	python3-sqlparse python3-yaml python3-pygments python3-redis
SETUP_TEST_OK := build/.setup-test-ok
$(SETUP_TEST_OK): Makefile | $(SETUP_OK)
	@missing=""; \
	command -v nvim >/dev/null 2>&1 || missing="$$missing neovim"; \
	command -v git >/dev/null 2>&1 || missing="$$missing git"; \
	command -v pre-commit >/dev/null 2>&1 || missing="$$missing pre-commit"; \
	command -v zsh >/dev/null 2>&1 || missing="$$missing zsh"; \
	command -v groff >/dev/null 2>&1 || missing="$$missing groff-base"; \
	command -v man >/dev/null 2>&1 || missing="$$missing man-db"; \
	command -v col >/dev/null 2>&1 || missing="$$missing bsdextrautils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v patch >/dev/null 2>&1 || missing="$$missing patch"; \
	/usr/bin/python3 -c 'import django' >/dev/null 2>&1 || missing="$$missing python3-django"; \
	for p in $(TEST_LIBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	$(call apt_install,the tests,$$missing)
	@touch $@

# --- third-party objects (their own flags: not our warnings) --------------------------------
TP_CFLAGS := -O2 -g -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -w
$(BUILD)/obj/ts_runtime.o: $(TS_RT_DIR)/.ok
	@mkdir -p $(@D)
	$(CC) $(TP_CFLAGS) $(TP_EXTRA) -I$(TS_RT_DIR)/vendor/tree-sitter/lib/include \
	  -I$(TS_RT_DIR)/vendor/tree-sitter/lib/src -c $(TS_RT_DIR)/vendor/tree-sitter/lib/src/lib.c -o $@
$(BUILD)/obj/ts_python_parser.o: $(TS_PY_DIR)/.ok
	@mkdir -p $(@D)
	$(CC) $(TP_CFLAGS) $(TP_EXTRA) -I$(TS_PY_DIR)/src -c $(TS_PY_DIR)/src/parser.c -o $@
$(BUILD)/obj/ts_python_scanner.o: $(TS_PY_DIR)/.ok
	@mkdir -p $(@D)
	$(CC) $(TP_CFLAGS) $(TP_EXTRA) -I$(TS_PY_DIR)/src -c $(TS_PY_DIR)/src/scanner.c -o $@
$(BUILD)/obj/ts_toml_parser.o: $(TS_TOML_DIR)/.ok
	@mkdir -p $(@D)
	$(CC) $(TP_CFLAGS) $(TP_EXTRA) -I$(TS_TOML_DIR)/src -c $(TS_TOML_DIR)/src/parser.c -o $@
$(BUILD)/obj/ts_toml_scanner.o: $(TS_TOML_DIR)/.ok
	@mkdir -p $(@D)
	$(CC) $(TP_CFLAGS) $(TP_EXTRA) -I$(TS_TOML_DIR)/src -c $(TS_TOML_DIR)/src/scanner.c -o $@

# --- queries embedded as data ---------------------------------------------------------------
$(BUILD)/gen/gen_queries.c: $(QUERIES) Makefile
	@mkdir -p $(@D)
	@{ echo '/* generated from queries/ by the Makefile: do not edit */'; \
	   echo '#include "query.h"'; \
	   i=0; for f in $(QUERIES); do \
	     echo "static const char q$$i[] = {"; \
	     od -An -v -tx1 "$$f" | sed -e 's/  */ /g' -e 's/^ //' -e 's/ /,0x/g' -e 's/^/0x/' -e 's/$$/,/'; \
	     echo "0};"; i=$$((i+1)); done; \
	   echo 'const struct embedded_query query_embedded[] = {'; \
	   i=0; for f in $(QUERIES); do echo "  {\"$${f#queries/}\", q$$i, sizeof q$$i - 1},"; i=$$((i+1)); done; \
	   echo '  {0, 0, 0}'; echo '};'; } > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/gen_queries.o: $(BUILD)/gen/gen_queries.c | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TS_CFLAGS) -c $< -o $@

# The cache key includes a fingerprint of the code that makes summaries, so a rebuilt djasync
# never reads summaries an older phase 1 wrote.
$(BUILD)/gen/facts_id.h: analyzer/facts.c include/facts.h analyzer/cache.c analyzer/source.c
	@mkdir -p $(@D)
	@echo "#define DJASYNC_FACTS_ID \"$$(cat $^ | cksum | cut -d' ' -f1)\"" > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/cache.o: $(BUILD)/gen/facts_id.h
# ... and the replay record of phase 2 a fingerprint of all the code, so a rebuilt engine never
# replays an older engine's findings.
$(BUILD)/gen/phase2_id.h: $(filter-out analyzer/main.c,$(wildcard analyzer/*.c analyzer/rules/*.c)) $(wildcard include/*.h)
	@mkdir -p $(@D)
	@echo "#define DJASYNC_PHASE2_ID \"$$(cat $^ | cksum | cut -d' ' -f1)\"" > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/scan.o: $(BUILD)/gen/phase2_id.h

# --- our code -------------------------------------------------------------------------------
$(BUILD)/obj/%.o: analyzer/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TS_CFLAGS) $(CJSON_CFLAGS) -c $< -o $@

$(BUILD)/libdjasync.a: $(LIB_OBJ) $(TS_RT_OBJ) $(TS_PY_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/djasync: $(BUILD)/obj/main.o $(BUILD)/libdjasync.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TS_LIBS) $(CJSON_LIBS) $(LDLIBS)

# A fault-injection build for tests/hostile.sh: scan.c compiled with DJASYNC_FAULTS (a file is
# rewritten between phase 1 and its on-demand full summary), linked ahead of the library's scan.o.
$(BUILD)/obj/scan-faults.o: analyzer/scan.c $(BUILD)/gen/phase2_id.h | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TS_CFLAGS) $(CJSON_CFLAGS) -DDJASYNC_FAULTS -c $< -o $@
$(BUILD)/djasync-faults: $(BUILD)/obj/main.o $(BUILD)/obj/scan-faults.o $(BUILD)/libdjasync.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TS_LIBS) $(CJSON_LIBS) $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libdjasync.a | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TS_CFLAGS) $(CJSON_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libdjasync.a \
	  $(TS_LIBS) $(CJSON_LIBS) $(CMOCKA_LIBS) $(LDLIBS)

# --- what people run ------------------------------------------------------------------------
EXAMPLE := corpus/projects/bookshop
run: $(BUILD)/djasync
	@./$(BUILD)/djasync check $(EXAMPLE); rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@echo
	@./$(BUILD)/djasync effort $(EXAMPLE)

# make test [FAIL_FAST=1]: every suite (FAIL_FAST stops at the first that fails: make mutate)
suite = echo "== $(1)"; $(1) || { fail=1; [ -z "$(FAIL_FAST)" ] || exit 1; };
test: $(BUILD)/djasync $(BUILD)/djasync-faults $(TESTS) | $(SETUP_TEST_OK)
	@fail=0; for t in $(TESTS); do $(call suite,$$t) done; \
	$(call suite,sh tests/cli/run.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/robust.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/ci.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/hostile.sh ./$(BUILD)/djasync ./$(BUILD)/djasync-faults) \
	$(call suite,sh tests/lsp/run.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/oracle/run.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/html/run.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/compare.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/fix/run.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/precommit/run.sh ./$(BUILD)/djasync) \
	$(call suite,sh tests/install.sh ./$(BUILD)/djasync) \
	if [ $$fail = 0 ]; then echo "make test: all suites passed"; else echo "make test: FAILED" >&2; exit 1; fi

# make mutate: applies each mutation of tests/mutate/mutations to a copy of the tree, rebuilds,
# runs make test FAIL_FAST=1 and prints the mutations no suite caught (exit 1 if any survived).
mutate:
	@sh tests/mutate/run.sh

asan:
	$(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  TP_EXTRA="-fsanitize=address,undefined" LDFLAGS="-fsanitize=address,undefined" test

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, djasync(1) (made from the --help
# texts) and the bash and zsh completions (made from the option table).
MANDIR  = $(PREFIX)/share/man/man1
BASHDIR = $(PREFIX)/share/bash-completion/completions
ZSHDIR  = $(PREFIX)/share/zsh/vendor-completions
install: $(BUILD)/djasync
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR)
	install -m 755 $(BUILD)/djasync $(DESTDIR)$(PREFIX)/bin/djasync
	$(BUILD)/djasync generate-man | gzip -9n >$(DESTDIR)$(MANDIR)/djasync.1.gz
	$(BUILD)/djasync generate-shell-completion bash >$(DESTDIR)$(BASHDIR)/djasync
	$(BUILD)/djasync generate-shell-completion zsh >$(DESTDIR)$(ZSHDIR)/_djasync
	chmod 644 $(DESTDIR)$(MANDIR)/djasync.1.gz $(DESTDIR)$(BASHDIR)/djasync $(DESTDIR)$(ZSHDIR)/_djasync
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/djasync $(DESTDIR)$(MANDIR)/djasync.1.gz $(DESTDIR)$(BASHDIR)/djasync \
	  $(DESTDIR)$(ZSHDIR)/_djasync

# make deb: build/djasync_<version>_<arch>.deb with dpkg-deb; its Depends are what
# dpkg-shlibdeps finds the binary linked against (libc6, libcjson1, liblz4-1, libgit2-1.5).
DEB_VERSION = $(shell sed -n 's/^\#define DJASYNC_VERSION "\(.*\)"/\1/p' include/output.h)
DEB_ARCH    = $(shell dpkg --print-architecture)
DEB_ROOT    = $(BUILD)/deb/root
DEB_FILE    = $(BUILD)/djasync_$(DEB_VERSION)_$(DEB_ARCH).deb
deb: $(BUILD)/djasync
	@rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/debian $(DEB_ROOT)/DEBIAN
	@$(MAKE) -s install DESTDIR=$(DEB_ROOT) PREFIX=/usr
	@strip --strip-unneeded $(DEB_ROOT)/usr/bin/djasync
	@install -d $(DEB_ROOT)/usr/share/doc/djasync && install -m 644 LICENSE $(DEB_ROOT)/usr/share/doc/djasync/copyright
	@printf 'Source: djasync\n\nPackage: djasync\nArchitecture: any\n' >$(BUILD)/deb/debian/control
	@deps=$$(cd $(BUILD)/deb && dpkg-shlibdeps -O -e root/usr/bin/djasync 2>/dev/null | sed -n 's/^shlibs:Depends=//p'); \
	[ -n "$$deps" ] || { echo "deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }; \
	size=$$(du -sk $(DEB_ROOT)/usr | cut -f1); \
	printf 'Package: djasync\nVersion: %s\nArchitecture: %s\nMaintainer: djasync developers <djasync@localhost>\nInstalled-Size: %s\nDepends: %s\nSection: devel\nPriority: optional\nDescription: find blocking synchronous code in async Django code\n A static analyzer for Django projects: blocking ORM, cache, auth, HTTP and\n file calls in async views, consumers and helpers, with the async fix.\n' \
	  "$(DEB_VERSION)" "$(DEB_ARCH)" "$$size" "$$deps" >$(DEB_ROOT)/DEBIAN/control
	@dpkg-deb --build --root-owner-group $(DEB_ROOT) $(DEB_FILE) >/dev/null
	@echo "deb: $(DEB_FILE)"; dpkg-deb -f $(DEB_FILE) Depends

clean:
	rm -rf $(BUILD)

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/rules/*.d $(BUILD)/tests/*.d)

# --- benchmark ------------------------------------------------------------------------------
$(BUILD)/rawparse: tests/bench/rawparse.c $(BUILD)/libdjasync.a
	$(CC) $(CFLAGS) $(TS_CFLAGS) -o $@ $< $(BUILD)/libdjasync.a $(TS_LIBS) $(CJSON_LIBS) $(LDLIBS)

# make bench            generated corpus (the example projects multiplied to 2,000+ files),
#                       then chains of N = 1,000 and 10,000 sync helpers (tests/bench/chain.sh)
# make bench DIR=path   any directory, e.g. Django's source tree
bench: $(BUILD)/djasync $(BUILD)/rawparse
	@sh tests/bench/bench.sh ./$(BUILD)/djasync ./$(BUILD)/rawparse "$(DIR)"
	@echo "bench: chains of sync helpers (cost must grow linearly with N)"
	@sh tests/bench/chain.sh ./$(BUILD)/djasync 1000 10000

# --- fuzzing (clang + libFuzzer) --------------------------------------------------------------
# make fuzz [FUZZ_SECONDS=600]: builds build/fuzz/fuzz_pipeline and runs it on a corpus seeded
# from corpus/; crash inputs land in tests/fuzz/regressions/ (kept as regression tests).
FUZZ_SECONDS ?= 600
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
fuzz:
	$(MAKE) CC=clang BUILD=build/fuzz CFLAGS="$(FUZZ_FLAGS)" TP_EXTRA="-fsanitize=fuzzer-no-link,address" build/fuzz/libdjasync.a
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer -std=c11 -Iinclude $(TS_CFLAGS) -o build/fuzz/fuzz_pipeline \
	  tests/fuzz/fuzz_pipeline.c build/fuzz/libdjasync.a $(TS_LIBS) $(CJSON_LIBS) $(LDLIBS)
	@mkdir -p build/fuzz/corpus && find corpus tests/fuzz/regressions -name '*.py' -exec cp {} build/fuzz/corpus/ \;
	cd build/fuzz && ./fuzz_pipeline -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	  -print_final_stats=1 -artifact_prefix=../../tests/fuzz/regressions/ corpus
