#!/usr/bin/env bash
# Start-up benchmark: time from process start to a healthy /health, and the portal's memory after start-up
# (resident set and its peak, from /proc), for a first start on an empty database (migrations + bootstrap admin)
# and a second start on the same database. Then 50 sign-in page renders, and memory again.
#
#   bash bench/startup.sh            # Release build, 3 rounds
#   ROUNDS=5 bash bench/startup.sh
#
# Targets (issue 2): healthy within 60 s of start; results are printed and kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
port=${PORT:-5199}
mkdir -p bench/results
out="bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).txt"

dotnet build InterviewPortal.Web -c Release -v q -nologo >/dev/null
dll="$PWD/InterviewPortal.Web/bin/Release/net10.0/InterviewPortal.Web.dll"

ms() { date +%s%3N; }
kb() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }

run_once() { # $1 = data dir, $2 = label
  local dir=$1 label=$2 start pid ready rss hwm
  start=$(ms)
  ASPNETCORE_ENVIRONMENT=Production \
  ConnectionStrings__Portal="Data Source=$dir/portal.db" \
  Bootstrap__AdminPassword="Benchmark-Passphrase-2026" \
  Logs__Directory="$dir/logs" \
  Jobs__RunServer=true \
  Kestrel__Endpoints__Http__Url="http://127.0.0.1:$port" \
    dotnet "$dll" >"$dir/stdout.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  ready=$(ms)
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "not healthy; see $dir/stdout.log"; kill "$pid"; exit 1; }
  sleep 2
  rss=$(kb "$pid" VmRSS); hwm=$(kb "$pid" VmHWM)
  for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/Account/Login" >/dev/null; done
  local rss2 hwm2
  rss2=$(kb "$pid" VmRSS); hwm2=$(kb "$pid" VmHWM)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%-12s healthy after %5d ms | after start-up: RSS %4d MiB, peak %4d MiB | after 50 page renders: RSS %4d MiB, peak %4d MiB\n' \
    "$label" $((ready - start)) $((rss / 1024)) $((hwm / 1024)) $((rss2 / 1024)) $((hwm2 / 1024))
}

{
  echo "InterviewPortal start-up benchmark, $(date -u +%FT%TZ), $(nproc) cores, $(dotnet --version)"
  for r in $(seq 1 "$rounds"); do
    dir=$(mktemp -d)
    run_once "$dir" "round $r cold"
    run_once "$dir" "round $r warm"
    rm -rf "$dir"
  done
} | tee "$out"
echo "kept in $out"
