#!/usr/bin/env bash
# Benchmark (not a test): OCR pages per second, in one run on this machine, of
#   - the tesseract CLI over the same pages with `xargs -P 2` (a process and a model load per page),
#   - docbatch with OCR_WORKERS=2 and OCR_ISOLATION=process (the default: Tesseract in child JVMs),
#   - docbatch with OCR_WORKERS=2 and OCR_ISOLATION=thread (Tesseract inside the server),
# each RUNS times over PAGES generated A4 pages at 300 dpi; medians and ratios go to bench/results.jsonl.
# docbatch is timed from submitting the job to its end, after a warm-up job (a running server); the
# three are run in turn, RUNS times.
#
#   PAGES=16 RUNS=3 bench/ocr-vs-tesseract-cli.sh
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
cd "$DOCBATCH_HOME"
ensure_system_packages
ensure_build

PAGES="${PAGES:-16}"
RUNS="${RUNS:-3}"
OFFSET=210
REDIS_PORT=6512
work=$(mktemp -d /tmp/docbatch-ocr-bench.XXXXXX)
mkdir -p "$work/documents" "$work/redis" "$work/cli"
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

java "$DOCBATCH_HOME/bench/ocr/PageGenerator.java" "$work/documents" "$PAGES"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null

now() { date +%s.%N; }

cli_run() {
  local start end
  start=$(now)
  ls "$work/documents"/*.png | xargs -P 2 -I{} sh -c 'tesseract "$1" "$2/$(basename "$1" .png)" >/dev/null 2>&1' _ {} "$work/cli"
  end=$(now)
  python3 -c "print($PAGES / ($end - $start))"
}

# Two servers side by side, one per isolation mode, so that the runs of all three alternate and
# share the machine's noise.
start_server() {
  local isolation="$1" offset="$2"
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
    OCR_WORKERS=2 OCR_ISOLATION="$isolation" NODE_ID="bench-$isolation" \
    java -Xmx1g -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset="$offset" >"$work/server-$isolation.log" 2>&1 &
  server_pids+=($!)
  until curl -sf "http://127.0.0.1:$((9990 + offset))/health/ready" >/dev/null; do sleep 0.2; done
}

# Submits an OCR job of the given documents to the server at this port offset and waits for its end.
run_job() {
  local offset="$1" documents="$2" job state
  job=$(curl -sf -XPOST "http://127.0.0.1:$((8080 + offset))/api/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"ocr\", \"documents\": $documents}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  while :; do
    state=$(curl -sf "http://127.0.0.1:$((8080 + offset))/api/jobs/$job")
    echo "$state" | grep -q finished_at && break
    sleep 0.1
  done
  echo "$state" | python3 -c 'import sys,json; j=json.load(sys.stdin); assert j["completed_tasks"] == j["total_tasks"], j' >&2
}

docbatch_run() {
  local offset="$1" start end
  start=$(now)
  run_job "$offset" "$documents"
  end=$(now)
  python3 -c "print($PAGES / ($end - $start))"
}

PROCESS_OFFSET=$OFFSET
THREAD_OFFSET=$((OFFSET + 1))
start_server process "$PROCESS_OFFSET"
start_server thread "$THREAD_OFFSET"
documents=$(cd "$work/documents" && ls *.png | python3 -c 'import sys,json; print(json.dumps([l.strip() for l in sys.stdin]))')
warmup=$(cd "$work/documents" && ls *.png | head -2 | python3 -c 'import sys,json; print(json.dumps([l.strip() for l in sys.stdin]))')
run_job "$PROCESS_OFFSET" "$warmup"
run_job "$THREAD_OFFSET" "$warmup"

cli=(); process=(); thread=()
for _ in $(seq "$RUNS"); do
  cli+=("$(cli_run)")
  process+=("$(docbatch_run "$PROCESS_OFFSET")")
  thread+=("$(docbatch_run "$THREAD_OFFSET")")
done

python3 - "$PAGES" "${cli[*]}" "${process[*]}" "${thread[*]}" <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import sys, json, datetime, statistics
pages = int(sys.argv[1])
cli, process, thread = ([float(x) for x in arg.split()] for arg in sys.argv[2:5])
m = statistics.median
print(json.dumps({
  "benchmark": "ocr-vs-tesseract-cli", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "pages": pages, "page": "A4 300 dpi, 50 lines", "workers": 2,
  "cli_pages_per_s": [round(x, 3) for x in cli],
  "docbatch_process_pages_per_s": [round(x, 3) for x in process],
  "docbatch_thread_pages_per_s": [round(x, 3) for x in thread],
  "ratio_process_vs_cli": round(m(process) / m(cli), 3),
  "ratio_thread_vs_cli": round(m(thread) / m(cli), 3),
  "containment_cost": round(1 - m(process) / m(thread), 3)}))
PY
