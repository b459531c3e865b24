#!/usr/bin/env bash
# Recruiting list benchmark (issue 3): generates the data set once (200,000 interviews, 50,000 candidates, 20 agencies,
# fixed seed, into bench/data/queries.db), then times the interviews and candidates lists for every filter combination
# the pages offer, the deepest page of the whole list and one interviewer's calendar week, through the portal's own
# read methods on SQLite (Release build).
#
#   bash bench/queries.sh                 # RUNS=40 bash bench/queries.sh for more runs per case
#   bash bench/queries.sh --regenerate    # make the data set again (after a migration changes the schema)
#
# Targets: first pages p95 ≤ 10 ms, deepest page ≤ 50 ms, calendar week ≤ 100 ms. Results are printed and kept in
# bench/results/; times are only comparable on a quiet machine (the report gives the load average).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/queries-$(date -u +%Y%m%dT%H%M%SZ).md"
dotnet run -c Release bench/queries-bench.cs -- --runs "${RUNS:-20}" "$@" | tee "$out"
echo "kept in $out"
