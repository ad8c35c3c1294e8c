# lake — the two commands a fresh machine needs are `make run` and `make test`.
# Both provision first (scripts/bootstrap; a no-op once done), then build.

SWIFT ?= swift
# As root, dependencies go to /usr/local (found with no flags). Otherwise into PREFIX, made visible here.
ifeq ($(shell id -u),0)
BOOTSTRAP_FLAGS :=
else
PREFIX ?= $(HOME)/.local
BOOTSTRAP_FLAGS := --prefix $(PREFIX)
export PKG_CONFIG_PATH := $(PREFIX)/lib/pkgconfig:$(PKG_CONFIG_PATH)
export LD_LIBRARY_PATH := $(PREFIX)/lib:$(LD_LIBRARY_PATH)
export PATH := $(PREFIX)/bin:$(PATH)
endif

LAKE := .build/debug/lake

.PHONY: bootstrap build run test clean

bootstrap:
	@scripts/bootstrap $(BOOTSTRAP_FLAGS)

build: bootstrap
	$(SWIFT) build

# The full refresh on the shipped sample: ingest data_raw/, build bronze, silver and gold, run the tests.
run: build
	$(LAKE) run
	$(LAKE) report

# The tests also render lake's pages in a real headless browser and run a team lake on a real PostgreSQL
# server, so both are part of the set-up.
# Warnings are errors here, as in CI: a warning once hid a bug (a naive datetime's tzinfo was missing, not None).
test:
	@scripts/bootstrap $(BOOTSTRAP_FLAGS) --with-browser --with-postgres
	$(SWIFT) test -Xswiftc -warnings-as-errors

clean:
	rm -rf .build target

# Benchmarks (release builds); each prints its figures.
.PHONY: bench bench-templates bench-runner bench-pipeline bench-iforest bench-machines bench-lakehouse bench-ingest bench-hourly
bench: bench-templates bench-runner bench-iforest bench-machines bench-lakehouse bench-ingest bench-pipeline bench-hourly

bench-templates: bootstrap
	$(SWIFT) run -c release bench-templates

bench-runner: bootstrap
	$(SWIFT) build -c release
	$(SWIFT) run -c release bench-runner

bench-pipeline: bootstrap
	$(SWIFT) build -c release
	$(SWIFT) run -c release bench-pipeline

bench-lakehouse: bootstrap
	$(SWIFT) build -c release
	$(SWIFT) run -c release bench-lakehouse

bench-machines: bootstrap
	$(SWIFT) build -c release
	$(SWIFT) run -c release bench-machines

bench-ingest: bootstrap
	$(SWIFT) build -c release
	$(SWIFT) run -c release bench-ingest

bench-iforest: bootstrap
	$(SWIFT) build -c release
	$(SWIFT) run -c release bench-iforest

bench-hourly: bootstrap
	$(SWIFT) build -c release
	$(SWIFT) run -c release bench-hourly
