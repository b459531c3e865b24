#!/usr/bin/env bash
# ZEGO callback benchmark (issue 6): 1,000 distinct events each delivered 3 times concurrently → exactly 1,000 stored;
# then throughput of POST /api/zego/callbacks with distinct signed events on loopback, with p50/p99. The portal is a
# Release build on a fresh SQLite file.
#
#   bash bench/callbacks.sh                  # 10 s throughput run, 32 concurrent clients
#   SECONDS_PER_RUN=20 CONCURRENCY=64 bash bench/callbacks.sh
#
# Goals: exactly 1,000 stored events; ≥ 1,000 requests/s. Results are printed and kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/callbacks-$(date -u +%Y%m%dT%H%M%SZ).txt"
dotnet build InterviewPortal.Web -c Release -v q -nologo >/dev/null
dotnet build -c Release bench/callbacks-bench.cs -v q >/dev/null
dotnet run -c Release --no-build bench/callbacks-bench.cs -- "$PWD/InterviewPortal.Web/bin/Release/net10.0/InterviewPortal.Web.dll" \
  "${SECONDS_PER_RUN:-10}" "${CONCURRENCY:-32}" | tee "$out"
echo "kept in $out"
