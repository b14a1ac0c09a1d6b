# Quick start: `make run` (install, build, create pacta.db, show the Ottawa Convention today)
# and `make test` (install, build with sanitizers, run every test through ctest).
JOBS ?= 2
RELEASE_DIR ?= build/release
TEST_DIR ?= build/test
DB ?= pacta.db

.PHONY: setup build run test bench clean

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > /dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS) --target pacta
	@echo "built $(RELEASE_DIR)/pacta"

run: build
	@$(RELEASE_DIR)/pacta --db $(DB) init
	@$(RELEASE_DIR)/pacta --db $(DB) overview apmbc

test: setup
	@cmake -S . -B $(TEST_DIR) -DCMAKE_BUILD_TYPE=Debug -DPACTA_SANITIZE=ON -DBUILD_TESTING=ON > /dev/null
	@cmake --build $(TEST_DIR) -j $(JOBS)
	@cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf build
