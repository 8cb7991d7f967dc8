#!/usr/bin/env bash
# Benchmark (not a test): how long `bin/run` takes from its start to /health/ready UP, and the node's
# idle resident memory once ready and the CPU time its JVM took to get there, for variants of the environment side by side. Each round starts
# every variant once, in turn (so that a busy moment of the machine falls on all of them), on one
# redis-server of its own; it prints the median of each variant, its ratio to the first, and appends
# one JSON line to bench/results.jsonl.
#
#   RUNS=5 bench/start-to-ready.sh
#   VARIANTS="plain: DOCBATCH_CDS=off; cds: DOCBATCH_CDS=on; c1: DOCBATCH_CDS=on JAVA_OPTS='-Xmx2g -XX:TieredStopAtLevel=1'" \
#     RUNS=5 bench/start-to-ready.sh
#
#   VARIANTS  "name: VAR=value ...; name: ..." (bash words: quote a value with spaces); the default
#             compares bin/run without and with the class-data sharing archive (DOCBATCH_CDS);
#             TREE=path runs another copy of the project's bin/run (and so its build's JAR)
#   RUNS      rounds (default 5)
#   SETTLE    seconds after ready before the resident memory is read (default 5)
#   FIRST_JOB N: once ready, each start also runs the fresh node's first job, N no-op documents at
#             concurrency 50 (the dispatcher benchmark's scenario, without BullMQ): its rate from the
#             POST to finished_at and the node's CPU during it. What a JIT setting or a change of the
#             per-document path does for a fresh node shows here, with medians over RUNS starts:
#               VARIANTS="before: TREE=/tmp/old; after: TREE=$PWD" FIRST_JOB=20000 RUNS=6 bench/start-to-ready.sh
# Before the rounds, one start of bin/run per variant that is not measured: it makes what a first
# start makes (the class-data sharing archive) as a node's first start on a machine would.
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
cd "$DOCBATCH_HOME"
ensure_system_packages
ensure_build

RUNS="${RUNS:-5}"
SETTLE="${SETTLE:-5}"
FIRST_JOB="${FIRST_JOB:-0}"
VARIANTS="${VARIANTS:-plain: DOCBATCH_CDS=off; cds: DOCBATCH_CDS=on}"

work=$(mktemp -d /tmp/docbatch-start.XXXXXX)
read -r REDIS_PORT OFFSET <<<"$(free_ports 1)"
mkdir -p "$work/redis" "$work/documents"
echo "a small document" >"$work/documents/a.txt"
python3 -c "import json,sys; print(json.dumps({'job_type': 'noop', 'documents': ['a.txt'] * int(sys.argv[1])}))" \
  "$FIRST_JOB" >"$work/job.json"
# The first job's node: the dispatcher benchmark's 50 no-op workers.
job_env=()
[ "$FIRST_JOB" -eq 0 ] || job_env=(NOOP_JOBS_ENABLED=true NOOP_WORKERS=50 NOOP_MIN_WORKERS=50 MAX_WORKERS=60
  MAX_QUEUE_SIZE=1000000 DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output")
run_pid=""
cleanup() {
  stop_node
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null

# The node's JVM: bin/run's child.
node_pid() { pgrep -P "$run_pid" java || true; }

stop_node() {
  [ -n "$run_pid" ] || return 0
  local java
  java=$(node_pid)
  [ -z "$java" ] || kill "$java" 2>/dev/null || true
  wait "$run_pid" 2>/dev/null || true
  run_pid=""
}

# first_job JAVA_PID: runs FIRST_JOB no-op documents; prints "docs_per_s cpu_s" (0 0 without one).
first_job() {
  local java=$1 api="http://127.0.0.1:$((8080 + OFFSET))/api" cpu_before start id end
  [ "$FIRST_JOB" -gt 0 ] || { echo "0 0"; return; }
  cpu_before=$(awk '{print $14 + $15}' "/proc/$java/stat")
  start=$(date +%s.%N)
  id=$(curl -sf -X POST -H 'Content-Type: application/json' --data @"$work/job.json" "$api/jobs" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["job_id"])')
  until curl -sf "$api/jobs/$id" | python3 -c 'import json,sys; sys.exit(0 if "finished_at" in json.load(sys.stdin) else 1)'; do
    sleep 0.05
  done
  end=$(date +%s.%N)
  awk -v n="$FIRST_JOB" -v s="$start" -v e="$end" -v c0="$cpu_before" -v hz="$(getconf CLK_TCK)" \
    -v c1="$(awk '{print $14 + $15}' "/proc/$java/stat")" 'BEGIN { printf "%.0f %.2f", n / (e - s), (c1 - c0) / hz }'
}

# start_variant NAME ASSIGNMENTS: runs bin/run with them; prints "seconds rss_mb cpu_s job_docs_per_s job_cpu_s".
start_variant() {
  local name=$1 assignments=$2 start ready java rss
  local -a env_words
  eval "env_words=($assignments)"
  # TREE=path: that copy's bin/run and its JAR (another build's), instead of this one's.
  local tree=$DOCBATCH_HOME word
  for word in "${env_words[@]}"; do
    [[ $word != TREE=* ]] || tree=${word#TREE=}
  done
  start=$(date +%s.%N)
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  env REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" PORT_OFFSET="$OFFSET" "${job_env[@]}" "${env_words[@]}" \
    "$tree/bin/run" >>"$work/$name.log" 2>&1 &
  run_pid=$!
  for _ in $(seq 1 1800); do
    curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null && break
    kill -0 "$run_pid" 2>/dev/null || { log "$name exited while starting:"; tail -30 "$work/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  ready=$(date +%s.%N)
  java=$(node_pid)
  # CPU seconds the JVM used until ready: much less sensitive than the wall clock to what else the
  # machine runs.
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$java/stat")
  sleep "$SETTLE"
  rss=$(ps -o rss= -p "$java" | tr -d ' ')
  job=$(first_job "$java")
  stop_node
  echo "$(echo "$ready - $start" | bc) $((rss / 1024)) $cpu $job"
}

IFS=';' read -ra specs <<<"$VARIANTS"
names=()
assigns=()
for spec in "${specs[@]}"; do
  names+=("$(echo "${spec%%:*}" | xargs)")
  assigns+=("${spec#*:}")
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$work/results"
: >"$work/first"
for i in "${!names[@]}"; do
  read -r seconds rss cpu _ <<<"$(start_variant "${names[$i]}" "${assigns[$i]}")"
  log "first start of ${names[$i]}: ready in $seconds s ($cpu s of CPU; not in the medians)"
  echo "${names[$i]} $seconds" >>"$work/first"
done
for round in $(seq 1 "$RUNS"); do
  for i in "${!names[@]}"; do
    read -r seconds rss cpu rate job_cpu <<<"$(start_variant "${names[$i]}" "${assigns[$i]}")"
    log "round $round ${names[$i]}: ready in $seconds s ($cpu s of CPU), idle RSS $rss MB$(
      [ "$FIRST_JOB" -eq 0 ] || echo "; first job $rate documents/s, $job_cpu s of CPU")"
    echo "${names[$i]} $seconds $rss $cpu $rate $job_cpu" >>"$work/results"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$work/results" "$work/first" "$VARIANTS" "$RUNS" "$load_before" "$load_after" "$FIRST_JOB" "${names[@]}" <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import sys, json, datetime, statistics
path, first_path, variants, runs, load_before, load_after, first_job, *names = sys.argv[1:]
first_job = int(first_job)
rows = [line.split() for line in open(path)]
firsts = dict(line.split() for line in open(first_path))
result = {}
for name in names:
    seconds = [float(r[1]) for r in rows if r[0] == name]
    rss = [int(r[2]) for r in rows if r[0] == name]
    cpu = [float(r[3]) for r in rows if r[0] == name]
    result[name] = {"ready_s_median": round(statistics.median(seconds), 2),
                    "ready_s": [round(s, 2) for s in seconds],
                    "cpu_s_median": round(statistics.median(cpu), 2),
                    "idle_rss_mb_median": round(statistics.median(rss)),
                    "first_start_s": round(float(firsts[name]), 2)}
    if first_job:
        rates = [float(r[4]) for r in rows if r[0] == name]
        job_cpu = [float(r[5]) for r in rows if r[0] == name]
        result[name].update({"first_job_docs_per_s_median": round(statistics.median(rates)),
                             "first_job_docs_per_s": [round(x) for x in rates],
                             "first_job_cpu_s_median": round(statistics.median(job_cpu), 2)})
first = result[names[0]]
for name in names:
    r = result[name]
    r["ratio_to_" + names[0]] = round(r["ready_s_median"] / first["ready_s_median"], 2)
    r["cpu_ratio_to_" + names[0]] = round(r["cpu_s_median"] / first["cpu_s_median"], 2)
    print(f"{name:>12}: ready {r['ready_s_median']:6.2f} s (median of {runs}), "
          f"{r['ratio_to_' + names[0]]:.2f}x {names[0]}; CPU to ready {r['cpu_s_median']:.2f} s, "
          f"{r['cpu_ratio_to_' + names[0]]:.2f}x; idle RSS {r['idle_rss_mb_median']} MB, "
          f"first start {result[name]['first_start_s']} s",
          file=sys.stderr)
    if first_job:
        print(f"{'':>12}  first job of {first_job}: {r['first_job_docs_per_s_median']} documents/s "
              f"(median), {r['first_job_docs_per_s_median'] / first['first_job_docs_per_s_median']:.2f}x "
              f"{names[0]}; its CPU {r['first_job_cpu_s_median']:.2f} s", file=sys.stderr)
print(json.dumps({"benchmark": "start-to-ready",
                  "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
                  "runs": int(runs), "variants": variants, "first_job": first_job,
                  "load_before": load_before,
                  "load_after": load_after, "results": result}))
PY
