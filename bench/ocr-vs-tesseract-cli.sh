#!/usr/bin/env bash
# Benchmark (not a test): OCR pages per second, in one run on this machine, of
#   - the tesseract CLI over the same pages with `xargs -P 2` (a process and a model load per page),
#   - docbatch with OCR_WORKERS=2 and OCR_ISOLATION=process (the default: Tesseract in child JVMs),
#   - docbatch with OCR_WORKERS=2 and OCR_ISOLATION=thread (Tesseract inside the server),
# each RUNS times over PAGES generated A4 pages at 300 dpi; medians and ratios go to bench/results.jsonl.
# docbatch is timed by its job's own timestamps (created to finished), after a warm-up job (a
# running server); each docbatch run follows a CLI run, RUNS times per isolation mode.
#
#   PAGES=16 RUNS=3 bench/ocr-vs-tesseract-cli.sh
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
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
  # Never stop at a failed kill or wait (set -e): a server left running spoils the next benchmark.
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
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

# One server at a time (an idle server still polls Redis), each CLI run right before a docbatch run,
# so that each pair shares the machine's state.
start_server() {
  local isolation="$1"
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
    OCR_WORKERS=2 OCR_MIN_WORKERS=2 OCR_ISOLATION="$isolation" NODE_ID="bench-$isolation" \
    java -Xmx1g -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset="$OFFSET" >"$work/server-$isolation.log" 2>&1 &
  server_pids=($!)
  until curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null; do sleep 0.5; done
}

stop_server() {
  kill "${server_pids[0]}"; wait "${server_pids[0]}" 2>/dev/null || true
  server_pids=()
}

# Submits an OCR job and waits for its end; prints pages per second from the job's own timestamps
# (created_at to finished_at), so that how often this script polls does not matter.
run_job() {
  local documents="$1" pages="$2" job state
  job=$(curl -sf -XPOST "http://127.0.0.1:$((8080 + OFFSET))/api/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"ocr\", \"documents\": $documents}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  while :; do
    sleep 0.5
    state=$(curl -sf "http://127.0.0.1:$((8080 + OFFSET))/api/jobs/$job")
    case "$state" in *finished_at*) break ;; esac
  done
  echo "$state" | python3 -c '
import sys, json, datetime, re
job, pages = json.load(sys.stdin), int(sys.argv[1])
assert job["completed_tasks"] == job["total_tasks"], job
at = lambda s: datetime.datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", s.rstrip("Z")))
print(pages / (at(job["finished_at"]) - at(job["created_at"])).total_seconds())' "$pages"
}

documents=$(cd "$work/documents" && ls *.png | python3 -c 'import sys,json; print(json.dumps([l.strip() for l in sys.stdin]))')
warmup=$(cd "$work/documents" && ls *.png | head -2 | python3 -c 'import sys,json; print(json.dumps([l.strip() for l in sys.stdin]))')

cli=(); process=(); thread=()
for isolation in process thread; do
  start_server "$isolation"
  run_job "$warmup" 2 >/dev/null
  for _ in $(seq "$RUNS"); do
    cli+=("$(cli_run)")
    rate=$(run_job "$documents" "$PAGES")
    if [ "$isolation" = process ]; then process+=("$rate"); else thread+=("$rate"); fi
  done
  stop_server
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
