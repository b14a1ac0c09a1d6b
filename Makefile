# Quick start: `make run` (install, build, create pacta.db, serve the API and the web page on
# http://127.0.0.1:8080/) and `make test` (install, build with sanitizers, run every test
# through ctest, the browser test included).
JOBS ?= 2
RELEASE_DIR ?= build/release
TEST_DIR ?= build/test
DB ?= pacta.db
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: setup setup-test build web run test tsan bench bench-scale fuzz clean

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh --test

# The web page's libraries: npm ci (only when the lock file changed), then copy the few
# files the page loads into web/public/vendor (not committed).
web/node_modules/.package-lock.json: web/package-lock.json
	@cd web && npm ci --no-audit --no-fund --loglevel=error

web: web/node_modules/.package-lock.json
	@node web/scripts/vendor.mjs

build: setup
	@cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > /dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS) --target pacta
	@echo "built $(RELEASE_DIR)/pacta"

run: build web
	@$(RELEASE_DIR)/pacta --db $(DB) init
	@$(RELEASE_DIR)/pacta --db $(DB) serve --host $(HOST) --port $(PORT)

test: setup-test web
	@cmake -S . -B $(TEST_DIR) -DCMAKE_BUILD_TYPE=Debug -DPACTA_SANITIZE=ON -DBUILD_TESTING=ON > /dev/null
	@cmake --build $(TEST_DIR) -j $(JOBS)
	@cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS)

# The server and the tests that drive it from many threads and clients, under ThreadSanitizer
# (build/tsan, optimized with debug info): a race report stops the process and fails the test.
# Not part of `make test` (a second full build); run before every release (README).
TSAN_DIR ?= build/tsan
tsan: setup-test
	@cmake -S . -B $(TSAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPACTA_TSAN=ON -DBUILD_TESTING=ON > /dev/null
	@cmake --build $(TSAN_DIR) -j $(JOBS) --target pacta api_test attack_client
	@cd $(TSAN_DIR) && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 $(TSAN_OPTIONS)" \
	  ctest --output-on-failure -R '^(api_test|server_test|server_write_test|concurrency_test|attack_test)$$'

# Speed and memory figures with ratios to a baseline measured in the same run (release build).
bench: setup
	@cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DPACTA_BENCH=ON > /dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS) --target pacta_bench
	@$(RELEASE_DIR)/pacta_bench

# How the figures grow with the record: synthetic records at 1x, 10x, 100x and 1000x the bundled
# one (UN=1 adds a UN-like record: 250,000 treaties, 2,000,000 actions), each measured with the
# release binary, figures with ratios to 1x and the targets met or not (bench/README.md).
bench-scale: setup
	@RELEASE_DIR=$(RELEASE_DIR) JOBS=$(JOBS) bash bench/scale.sh $(if $(UN),--un)

# Each libFuzzer harness of fuzz/ for SECONDS seconds (default 60), built with clang in
# build/fuzz; a crash is kept under build/fuzz/artifacts/ (fuzz/README.md).
SECONDS ?= 60
fuzz: setup-test
	@JOBS=$(JOBS) bash fuzz/run.sh --seconds $(SECONDS)

# pacta's production shape on this machine (scripts/cluster.sh; docs/deploy.md): a PostgreSQL 15
# primary and a hot standby, `pacta init`, three `pacta serve` and nginx in front of them on
# http://127.0.0.1:$(CLUSTER_PORT)/ (the servers on the next three ports), all on loopback, run as
# an unprivileged user; data, configuration and logs in CLUSTER_DIR (kept across stop and start;
# default build/cluster-run, or /tmp/pacta-cluster when the checkout is closed to that user).
# `make bench-cluster`: reads through nginx with 1 and 3 servers, writes on PostgreSQL and
# SQLite, how soon another server sees a write (bench/cluster_bench.sh; a cluster of its own).
CLUSTER_DIR ?=
CLUSTER_PORT ?= 8090
.PHONY: setup-cluster cluster cluster-stop cluster-status bench-cluster
setup-cluster:
	@bash scripts/setup.sh --cluster

cluster: setup-cluster build web
	@PACTA=$(RELEASE_DIR)/pacta CLUSTER_PORT=$(CLUSTER_PORT) bash scripts/cluster.sh start $(CLUSTER_DIR)

cluster-stop:
	@bash scripts/cluster.sh stop $(CLUSTER_DIR)

cluster-status:
	@bash scripts/cluster.sh status $(CLUSTER_DIR)

bench-cluster: setup-cluster
	@RELEASE_DIR=$(RELEASE_DIR) JOBS=$(JOBS) bash bench/cluster_bench.sh

clean:
	rm -rf build
