#!/usr/bin/env bash
# Benchmark (not a test): OCR pages per second, in one run on this machine, of
#   - the tesseract CLI over the same pages with `xargs -P 2` (a process and a model load per page),
#   - docbatch with OCR_WORKERS=2 and OCR_ISOLATION=process (the default: Tesseract in child JVMs),
#   - docbatch with OCR_WORKERS=2 and OCR_ISOLATION=thread (Tesseract inside the server),
# each RUNS times over PAGES generated A4 pages at 300 dpi; medians and ratios go to bench/results.jsonl.
# docbatch is timed by its job's own timestamps (created to finished), after a warm-up job (a
# running server); each docbatch run follows a CLI run, RUNS times per isolation mode.
# Pages per second depend on what else the machine runs; CPU seconds per page much less: the CLI's
# are its processes' user + system time, docbatch's those of the server and its OCR children over
# the job (all it does meanwhile, Redis polling included). Load averages at start and end are kept.
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

# Prints pages per second, then CPU seconds per page: the user and system time of the finished
# children of a subshell that runs only the CLI (bash's times).
cli_run() {
  local start end cpu
  start=$(now)
  cpu=$(
    ls "$work/documents"/*.png | xargs -P 2 -I{} sh -c 'tesseract "$1" "$2/$(basename "$1" .png)" >/dev/null 2>&1' _ {} "$work/cli"
    times # two lines: this subshell's own time, then its finished children's
  )
  end=$(now)
  python3 -c '
import re, sys
pages, seconds, times = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
children = times.strip().splitlines()[-1]
cpu = sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", children))
print(pages / seconds, cpu / pages)' "$PAGES" "$(python3 -c "print($end - $start)")" "$cpu"
}

# CPU seconds (user + system) of a process and all its descendants, the finished ones they reaped
# included: the server and its OCR child JVMs.
tree_cpu() {
  python3 - "$1" <<'PY'
import os, sys
root, parents, times = int(sys.argv[1]), {}, {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    parents[int(pid)] = int(fields[1])
    times[int(pid)] = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
def descends(pid):
    while pid > 1:
        if pid == root:
            return True
        pid = parents.get(pid, 0)
    return False
print(sum(t for pid, t in times.items() if descends(pid)) / os.sysconf("SC_CLK_TCK"))
PY
}

# One server at a time (an idle server still polls Redis), each CLI run right before a docbatch run,
# so that each pair shares the machine's state.
start_server() {
  local isolation="$1"
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
    OCR_WORKERS=2 OCR_MIN_WORKERS=2 OCR_ISOLATION="$isolation" NODE_ID="bench-$isolation" \
    java @"$JVM_OPTIONS" -Xmx1g -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset="$OFFSET" >"$work/server-$isolation.log" 2>&1 &
  server_pids=($!)
  until curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null; do sleep 0.5; done
}

stop_server() {
  kill "${server_pids[0]}"; wait "${server_pids[0]}" 2>/dev/null || true
  server_pids=()
}

# Submits an OCR job and waits for its end; prints pages per second from the job's own timestamps
# (created_at to finished_at), so that how often this script polls does not matter, then the CPU
# seconds per page the server and its children used from submission to the job's end.
# "cache": false: each run reads the same pages again, which the result cache would answer.
run_job() {
  local documents="$1" pages="$2" job state cpu_before cpu_after
  cpu_before=$(tree_cpu "${server_pids[0]}")
  job=$(curl -sf -XPOST "http://127.0.0.1:$((8080 + OFFSET))/api/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"ocr\", \"documents\": $documents, \"options\": {\"cache\": false}}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  while :; do
    sleep 0.5
    state=$(curl -sf "http://127.0.0.1:$((8080 + OFFSET))/api/jobs/$job")
    case "$state" in *finished_at*) break ;; esac
  done
  cpu_after=$(tree_cpu "${server_pids[0]}")
  echo "$state" | python3 -c '
import sys, json, datetime, re
job, pages = json.load(sys.stdin), int(sys.argv[1])
assert job["completed_tasks"] == job["total_tasks"], job
at = lambda s: datetime.datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", s.rstrip("Z")))
cpu = float(sys.argv[3]) - float(sys.argv[2])
print(pages / (at(job["finished_at"]) - at(job["created_at"])).total_seconds(), cpu / pages)' \
    "$pages" "$cpu_before" "$cpu_after"
}

documents=$(cd "$work/documents" && ls *.png | python3 -c 'import sys,json; print(json.dumps([l.strip() for l in sys.stdin]))')
warmup=$(cd "$work/documents" && ls *.png | head -2 | python3 -c 'import sys,json; print(json.dumps([l.strip() for l in sys.stdin]))')

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# Each run appends "pages/s cpu-s/page" to its list.
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
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$PAGES" "$load_start" "$load_end" "$(IFS=,; echo "${cli[*]}")" "$(IFS=,; echo "${process[*]}")" \
  "$(IFS=,; echo "${thread[*]}")" <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import sys, json, datetime, statistics
pages, load_start, load_end = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cli, process, thread = ([[float(x) for x in run.split()] for run in arg.split(",")] for arg in sys.argv[4:7])
# Each mode's ratios are to the CLI runs beside its own (the first half of cli ran beside process):
# the machine's load changes between the modes more than within a pair.
cli_process, cli_thread = cli[:len(process)], cli[len(process):]
m = lambda runs, i: statistics.median(run[i] for run in runs)
rates = lambda runs: [round(run[0], 3) for run in runs]
cpus = lambda runs: [round(run[1], 3) for run in runs]
print(json.dumps({
  "benchmark": "ocr-vs-tesseract-cli", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "pages": pages, "page": "A4 300 dpi, 50 lines", "workers": 2, "engine": "tesseract 5.5.2 (bytedeco)",
  "load_average_start": load_start, "load_average_end": load_end,
  "cli_pages_per_s": rates(cli),
  "docbatch_process_pages_per_s": rates(process),
  "docbatch_thread_pages_per_s": rates(thread),
  "ratio_process_vs_cli": round(m(process, 0) / m(cli_process, 0), 3),
  "ratio_thread_vs_cli": round(m(thread, 0) / m(cli_thread, 0), 3),
  "containment_cost": round(1 - m(process, 0) / m(thread, 0), 3),
  "cli_cpu_s_per_page": cpus(cli),
  "docbatch_process_cpu_s_per_page": cpus(process),
  "docbatch_thread_cpu_s_per_page": cpus(thread),
  "cpu_ratio_process_vs_cli": round(m(cli_process, 1) / m(process, 1), 3),
  "cpu_ratio_thread_vs_cli": round(m(cli_thread, 1) / m(thread, 1), 3)}))
PY
