#!/usr/bin/env bash
# Benchmark (not a test): what open dashboard pages cost the server. Starts its own Redis (port
# 6503) and a node (port offset 210) with the noop job type, runs a long noop job, and for 0, 1 and
# 5 open pages (headless Chromium) counts during WINDOW seconds the HTTP requests each page makes,
# the round trips of the node's dashboard feed and the commands Redis processed. Prints one JSON
# line and appends it to bench/results.jsonl.
#
#   WINDOW=60 PAGES=0,1,5 bench/dashboard-load.sh
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
cd "$DOCBATCH_HOME"
ensure_system_packages --tests
ensure_build

WINDOW="${WINDOW:-60}"
PAGES="${PAGES:-0,1,5}"
OFFSET=210
REDIS_PORT=6503
work=$(mktemp -d /tmp/docbatch-bench.XXXXXX)
mkdir -p "$work/documents" "$work/redis"
cleanup() {
  # wait answers the node's 143 (SIGTERM): not a failure of the benchmark.
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null
for i in $(seq 0 999); do echo "document $i" >"$work/documents/load-$i.txt"; done
(cd src/test/ui && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund >/dev/null)

# The job lasts the whole run: 4 workers, 2 s a document.
phases=$(( $(tr -cd ',' <<<"$PAGES" | wc -c) + 1 ))
documents=$(( (phases * (WINDOW + 15) + 30) * 2 ))
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
  NOOP_JOBS_ENABLED=true NOOP_MIN_WORKERS=4 NOOP_WORKERS=4 \
  java @"$JVM_OPTIONS" -Xmx1g -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset=$OFFSET >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null; do sleep 0.5; done

result=$(DOCUMENTS=$documents DELAY_MS=2000 node src/test/ui/dashboard-load.mjs \
  "http://127.0.0.1:$((8080 + OFFSET))" "http://127.0.0.1:$((9990 + OFFSET))" "$REDIS_PORT" "$WINDOW" "$PAGES")
python3 - "$result" <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import sys, json, datetime
result = json.loads(sys.argv[1])
print(json.dumps({"benchmark": "dashboard-load",
                  "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z", **result}))
PY
