# PreIndex: `make demo` and `make test` work on a fresh Debian machine (they install what is missing).
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= release
DEBIAN_PACKAGES := libopenblas-dev libprotobuf-c-dev protobuf-c-compiler libzmq3-dev zlib1g-dev libsqlite3-dev sqlite3 pkg-config
# Only `make test` needs these: headless chromium renders the HTML report and screenshots it to .build/report.png.
TEST_DEBIAN_PACKAGES := chromium
PROTOS := $(wildcard Protos/preindex/v1/*.proto)

.PHONY: deps test-deps build demo test bench proto fuzz clean

# Installs those of the Debian packages $(1) that are missing (with sudo unless root).
install_missing = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## deps: install the Debian packages the build needs, when any is missing
deps:
	@$(call install_missing,$(DEBIAN_PACKAGES))

## test-deps: deps, and the packages only the tests need (chromium), when any is missing
test-deps: deps
	@$(call install_missing,$(TEST_DEBIAN_PACKAGES))

## build: compile everything (release: the engine's loops need the optimiser)
build: deps
	$(SWIFT) build -c $(CONFIG)

## demo: the embedded default, end to end
demo: build
	$(SWIFT) run -c $(CONFIG) preindex demo

## test: every test, in release mode (training tests need optimised loops to run in minutes), then the deploy
## checks: scripts parse, manifests parse, and a cluster of network namespaces when root (skipped otherwise);
## the HTML report's browser test leaves a screenshot in .build/report.png
test: test-deps
	$(SWIFT) build -c $(CONFIG)
	$(SWIFT) test -c $(CONFIG)
	bash -n deploy/local-cluster.sh && bash -n deploy/slurm/preindex.sbatch
	@if command -v python3 >/dev/null; then python3 deploy/check-manifests.py; else echo "manifest check skipped: no python3"; fi
	PREINDEX=.build/$(CONFIG)/preindex deploy/local-cluster.sh || [ $$? = 77 ]

## bench: every benchmark, printed as ratios against references measured in the same run
bench: build
	$(SWIFT) run -c $(CONFIG) preindex bench gemm
	$(SWIFT) run -c $(CONFIG) preindex bench forward
	$(SWIFT) run -c $(CONFIG) preindex bench train

## proto: regenerate the committed protobuf-c code in Sources/PreIndexWire from Protos/
proto: deps
	Scripts/generate-proto.sh

## fuzz: libFuzzer on the wire decoder for FUZZ_SECONDS (default 60); not part of `test`
FUZZ_SECONDS ?= 60
fuzz: deps
	Scripts/fuzz-wire.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build
