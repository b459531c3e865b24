#!/usr/bin/env bash
# Audit trail benchmark: appends through AuditTrail.RecordAsync (one writer, then WRITERS concurrent writers), then
# verification of a chain of CHAIN entries with AuditLogService.VerifyAsync, then how long verification takes to find
# one entry changed in the middle. Fresh SQLite file database, Release build.
#
#   bash bench/audit.sh
#   APPENDS=20000 CHAIN=200000 WRITERS=4 bash bench/audit.sh
#
# Figures asked for (issue 8): 100,000 appends (throughput); a chain of 1,000,000 entries verified in ≤ 10 s; the time
# to find one tampered entry in the middle. Results are printed and kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/audit-$(date -u +%Y%m%dT%H%M%SZ).txt"
# A .NET 10 file-based program (bench/audit-bench.cs) referencing the portal: no extra project in the solution.
dotnet run -c Release bench/audit-bench.cs -- "${APPENDS:-100000}" "${CHAIN:-1000000}" "${WRITERS:-8}" | tee "$out"
echo "kept in $out"
