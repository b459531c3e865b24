#!/usr/bin/env bash
# Candidate CSV import benchmark: generates a file of ROWS candidates (default 10,000), then times validate + import
# through the portal's own CandidateImportService on a fresh SQLite file database (Release build), twice: into an empty
# candidate table, then again with the first round's candidates in place.
#
#   bash bench/import.sh
#   ROWS=20000 bash bench/import.sh
#
# Target (issue 3): 10,000 rows validated and imported in under 10 s. Results are printed and kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/import-$(date -u +%Y%m%dT%H%M%SZ).txt"
# A .NET 10 file-based program (bench/import-bench.cs) referencing the portal: no extra project in the solution.
dotnet run -c Release bench/import-bench.cs -- "${ROWS:-10000}" | tee "$out"
echo "kept in $out"
