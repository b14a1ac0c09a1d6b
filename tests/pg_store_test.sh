#!/usr/bin/env bash
# The store's test suite (store_test) against a real PostgreSQL 15 server started here, and
# against SQLite in the same run. Usage: pg_store_test.sh STORE_TEST_BINARY
set -u
source "$(dirname "$0")/pg_lib.sh"
PACTA_TEST_PG="$PG_URL" "$1"
