#!/usr/bin/env bash
# Interactive circuits benchmark (issue 10): CIRCUITS (200) Blazor Server circuits held open on /interviews against a
# Release portal process on a seeded SQLite file, each driven by a SignalR client speaking the Blazor protocol (no
# browser). Prints the portal's managed heap after a full blocking GC before and after the circuits open (per-circuit
# memory; goal ≤ 500 KB), then, with ACTIVE (100) of them clicking the grid's pager every THINK_MS (1000) ms for
# SECONDS_PER_RUN (30) s, the server-side p95 of Blazor event handling from ASP.NET Core's own
# aspnetcore.components.handle_event.duration histogram (goal ≤ 100 ms) and the client-side click-to-rows time.
#
#   bash bench/circuits.sh
#   CIRCUITS=400 ACTIVE=200 SECONDS_PER_RUN=60 bash bench/circuits.sh
#   CLICK=sort bash bench/circuits.sh          # the start column's sort button instead of the pager
#   CIRCUITS_BENCH_PAUSE_SECONDS=90 ...        # prints the portal's pid and waits, for dotnet-gcdump
#   CIRCUITS_BENCH_REACH=1 ...                 # the pointer reaches the filters and the app bar first and stays there
#   CIRCUITS_BENCH_REACH=open ...              # ... then the position picker's list is opened (and left open)
#   CIRCUITS_BENCH_REACH=left ...              # ... opened, closed, and the pointer and focus leave (pages after use)
#
# Results are printed and kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/circuits-$(date -u +%Y%m%dT%H%M%SZ).txt"
dotnet build InterviewPortal.Web -c Release -v q -nologo >/dev/null
dotnet build -c Release bench/circuits-bench.cs -v q >/dev/null
dotnet run -c Release --no-build bench/circuits-bench.cs -- "$PWD/InterviewPortal.Web/bin/Release/net10.0/InterviewPortal.Web.dll" \
  "${CIRCUITS:-200}" "${ACTIVE:-100}" "${SECONDS_PER_RUN:-30}" "${THINK_MS:-1000}" | tee "$out"
echo "kept in $out"
