#!/usr/bin/env bash
# ZEGO token04 and QR code benchmark: token generations per second on one thread (ZegoTokenService.Issue for both
# ciphers, and the bare ZegoToken04.Generate) and milliseconds per invitation QR code (PNG), Release build.
#
#   bash bench/tokens.sh
#   SECONDS_PER_RUN=5 bash bench/tokens.sh
#
# Targets (issue 4): ≥ 50,000 tokens/s on one core; ≤ 1 ms per QR code. Results are printed and kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/tokens-$(date -u +%Y%m%dT%H%M%SZ).txt"
# A .NET 10 file-based program (bench/tokens-bench.cs) referencing the portal: no extra project in the solution.
# taskset keeps it on one core where available, so "one thread" is also "one core".
runner=()
command -v taskset >/dev/null && runner=(taskset -c 0)
dotnet build -c Release bench/tokens-bench.cs -v q >/dev/null
"${runner[@]}" dotnet run -c Release --no-build bench/tokens-bench.cs -- "${SECONDS_PER_RUN:-3}" | tee "$out"
echo "kept in $out"
