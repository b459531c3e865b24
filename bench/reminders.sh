#!/usr/bin/env bash
# Reminder delivery benchmark (issue 7): 10,000 reminders due in the same minute, sent by email to a counting SMTP
# server on loopback by real portal processes (Release, Hangfire worker on, SQLite): one portal; one portal killed with
# SIGKILL half-way and started again; two portals on one database. Prints, per run, how many reminders were delivered
# exactly once, more than once and not at all, when the last one arrived, and the rows' final states.
#
#   bash bench/reminders.sh                    # all three runs, 10,000 reminders each
#   REMINDERS=2000 SCENARIO=kill bash bench/reminders.sh
#
# Each portal first sends WARMUP (2,000) reminders due at once; the measured ones fall due at the first minute boundary
# WARMUP_SECONDS (60) after seeding. Goal: every reminder delivered exactly once within 60 s of its due time. Results are kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/reminders-$(date -u +%Y%m%dT%H%M%SZ).txt"
dotnet build InterviewPortal.Web -c Release -v q -nologo >/dev/null
dotnet build -c Release bench/reminders-bench.cs -v q >/dev/null
dotnet run -c Release --no-build bench/reminders-bench.cs -- "$PWD/InterviewPortal.Web/bin/Release/net10.0/InterviewPortal.Web.dll" \
  "${REMINDERS:-10000}" "${SCENARIO:-all}" | tee "$out"
echo "kept in $out"
