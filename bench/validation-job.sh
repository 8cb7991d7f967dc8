#!/usr/bin/env bash
# Benchmark (not a test): how long a validation job of N documents takes end to end, plus start-up time
# and idle RSS of one node. Starts its own Redis (port 6502) and a node (port offset 200), prints one
# JSON line and appends it to bench/results.jsonl.
#
#   N=1000 bench/validation-job.sh
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
cd "$DOCBATCH_HOME"
ensure_system_packages
ensure_build

N="${N:-1000}"
OFFSET=200
REDIS_PORT=6502
work=$(mktemp -d /tmp/docbatch-bench.XXXXXX)
mkdir -p "$work/documents" "$work/redis"
# A killed server's wait answers 143: under set -e that ended the trap before Redis was shut down
# and the work folder removed, so every step here must not fail.
cleanup() {
  if [ -n "${server_pid:-}" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null

# N small documents: a third text, a third PNG, a third PDF.
python3 bench/lib/small_documents.py "$work/documents" "$N"

start=$(date +%s.%N)
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
  java @"$JVM_OPTIONS" -Xmx1g -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset=$OFFSET >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null; do sleep 0.2; done
ready=$(date +%s.%N)
sleep 5
rss_kb=$(ps -o rss= -p "$server_pid" | tr -d ' ')

documents=$(ls "$work/documents" | python3 -c 'import sys,json; print(json.dumps([l.strip() for l in sys.stdin]))')
submitted=$(date +%s.%N)
job=$(curl -sf -XPOST "http://127.0.0.1:$((8080 + OFFSET))/api/jobs" -H 'Content-Type: application/json' \
  -d "{\"job_type\": \"validation\", \"documents\": $documents}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
while :; do
  state=$(curl -sf "http://127.0.0.1:$((8080 + OFFSET))/api/jobs/$job")
  echo "$state" | grep -q finished_at && break
  sleep 0.1
done
finished=$(date +%s.%N)

python3 - "$N" "$start" "$ready" "$submitted" "$finished" "$rss_kb" "$state" <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import sys, json, datetime
n, start, ready, submitted, finished, rss = int(sys.argv[1]), *map(float, sys.argv[2:6]), int(sys.argv[6])
job = json.loads(sys.argv[7])
print(json.dumps({
  "benchmark": "validation-job", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "documents": n, "status": job["status"], "completed": job["completed_tasks"], "failed": job["failed_tasks"],
  "start_to_ready_s": round(ready - start, 2), "idle_rss_mb": round(rss / 1024),
  "job_end_to_end_s": round(finished - submitted, 2), "documents_per_s": round(n / (finished - submitted), 1)}))
PY
