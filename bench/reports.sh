#!/usr/bin/env bash
# Reports and dashboard benchmark (issue 9): every report's reads on the recruiting benchmark's 200,000 interviews (plus
# scorecards, consents, recordings and reschedules added to a copy, bench/data/reports.db), for HR and an agency user,
# over 4 to 52 weeks with and without filters; then the dashboard's first render (GET / signed in, prerendered on the
# server) from the portal as its own Release process on that copy.
#
#   bash bench/reports.sh                 # RUNS=40 bash bench/reports.sh for more runs per case
#   bash bench/reports.sh --regenerate    # copy and enrich the data set again (after a migration)
#
# Targets: every report p95 ≤ 200 ms, dashboard first render p95 ≤ 300 ms. Results are printed and kept in
# bench/results/; times are only comparable on a quiet machine (the report gives the load average).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
if [[ ! -f bench/data/queries.db ]]; then
  # The recruiting benchmark's generator makes the data set (it runs no case with this filter).
  dotnet run -c Release bench/queries-bench.cs -- --runs 1 --only __generate_only__ >/dev/null
fi
out="bench/results/reports-$(date -u +%Y%m%dT%H%M%SZ).md"
dotnet build InterviewPortal.Web -c Release -v q -nologo >/dev/null
dotnet build -c Release bench/reports-bench.cs -v q >/dev/null
dotnet run -c Release --no-build bench/reports-bench.cs -- "$PWD/InterviewPortal.Web/bin/Release/net10.0/InterviewPortal.Web.dll" \
  --runs "${RUNS:-20}" "$@" | tee "$out"
echo "kept in $out"
