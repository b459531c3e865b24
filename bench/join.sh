#!/usr/bin/env bash
# Join endpoint benchmark (issue 4): requests/s and p99 of POST /api/mp/v1/interviews/{id}/join next to the bare
# GET /api/mp/v1/ping of the same portal, in the same run, on loopback; the portal is a Release build on a seeded
# SQLite file, every join a different candidate inside their join window.
#
#   bash bench/join.sh                 # 10 s per endpoint, 32 concurrent clients
#   SECONDS_PER_RUN=20 CONCURRENCY=64 bash bench/join.sh
#
# Goal: join throughput ≥ 30% of the bare endpoint's. Results are printed and kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/join-$(date -u +%Y%m%dT%H%M%SZ).txt"
dotnet build InterviewPortal.Web -c Release -v q -nologo >/dev/null
dotnet build -c Release bench/join-bench.cs -v q >/dev/null
dotnet run -c Release --no-build bench/join-bench.cs -- "$PWD/InterviewPortal.Web/bin/Release/net10.0/InterviewPortal.Web.dll" \
  "${SECONDS_PER_RUN:-10}" "${CONCURRENCY:-32}" "${CANDIDATES:-150000}" | tee "$out"
echo "kept in $out"
