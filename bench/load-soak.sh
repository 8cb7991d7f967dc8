#!/usr/bin/env bash
# Load and soak test (a benchmark, not a test): two docbatch nodes sharing one Redis (AOF on, as
# bin/run's), CLIENTS concurrent clients submitting validation jobs of DOCS small documents to the
# nodes in turn and polling each job's status every 250 ms until it has finished, for DURATION
# seconds. Reports throughput, p50/p99 submit and status latency, errors (non-2xx answers, jobs not
# COMPLETED, exceptions), and each node's and Redis's memory over time; JOB_TTL is short (120 s) so
# that finished jobs expire during the run and memory can reach a steady state.
# Writes docs/load-test.png and docs/load-test.md (a table), and appends to bench/results.jsonl.
#
#   bench/load-soak.sh                          # 10 minutes, 32 clients, 10 documents per job
#   DURATION=60 CLIENTS=8 bench/load-soak.sh    # a quick look
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh"
cd "$DOCBATCH_HOME"
ensure_system_packages
ensure_build

DURATION="${DURATION:-600}"
CLIENTS="${CLIENTS:-32}"
DOCS="${DOCS:-10}"
JOB_TTL="${JOB_TTL:-120}"

work=$(mktemp -d /tmp/docbatch-load.XXXXXX)
mkdir -p "$work/documents" "$work/output" "$work/redis"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${REDIS_PORT:-}" ] && redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ] || [ -n "${KEEP_WORK:-}" ]; then
    log "work directory kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r REDIS_PORT OFFSET1 OFFSET2 <<<"$(free_ports 2)"
log "redis on $REDIS_PORT, nodes at port offsets $OFFSET1 and $OFFSET2, work directory $work"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save '' \
  --appendonly yes --appendfsync everysec --daemonize yes --logfile "$work/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

for i in $(seq 0 $((DOCS - 1))); do
  printf 'Load test document %d.\nA few lines of plain text for the validation worker.\n' "$i" \
    >"$work/documents/load-$i.txt"
done

# The validation pool pinned at its maximum (6 workers): the autoscaler holds growth back while
# the machine's CPU load is above cpu_limit, and on this shared machine that made the first minutes
# of a run slower than the rest.
node_env=(REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents"
  OUTPUT_ROOT="$work/output" JOB_TTL="$JOB_TTL" VALIDATION_WORKERS=6 VALIDATION_MIN_WORKERS=6)
pid1=$(start_node load-1 "$OFFSET1" "${node_env[@]}")
pids+=("$pid1")
pid2=$(start_node load-2 "$OFFSET2" "${node_env[@]}")
pids+=("$pid2")
await_ready load-1 "$pid1" "$OFFSET1"
await_ready load-2 "$pid2" "$OFFSET2"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

log "$CLIENTS clients for $DURATION s"
java bench/load/LoadClient.java "$work/result" "$DURATION" "$CLIENTS" "$DOCS" \
  "http://127.0.0.1:$((8080 + OFFSET1))/api,http://127.0.0.1:$((8080 + OFFSET2))/api" \
  "$pid1,$pid2" "$REDIS_PORT"
load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)

# What is left in Redis once every job has expired: the jobs' keys go with their TTL, the JSR-352
# state and the job index with the nodes' sweeps (every JOB_TTL / 4). Anything left per job leaks.
census() {
  printf '{"keys": %s, "job_index": %s, "active_jobs": %s, "used_memory_mb": %s}' \
    "$(redis-cli -p "$REDIS_PORT" dbsize)" \
    "$(redis-cli -p "$REDIS_PORT" zcard docbatch:jobs)" \
    "$(redis-cli -p "$REDIS_PORT" scard docbatch:jobs:active)" \
    "$(redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/ {printf "%.1f", $2 / 1048576}')"
}
at_end=$(census)
log "Redis when the load stopped: $at_end; waiting $((JOB_TTL + JOB_TTL / 4 + 15)) s for the last jobs to expire"
sleep $((JOB_TTL + JOB_TTL / 4 + 15))
after_ttl=$(census)
log "Redis one TTL later: $after_ttl"

mkdir -p docs
cp "$work/result/load.png" docs/load-test.png
cp "$work/result/samples.csv" docs/load-test-samples.csv
python3 - "$work/result/summary.json" "$load_at_start" "$load_at_end" "$(git rev-parse --short HEAD)" \
  "$at_end" "$after_ttl" <<'PY'
import json, sys, datetime
summary = json.load(open(sys.argv[1]))
at_end, after_ttl = json.loads(sys.argv[5]), json.loads(sys.argv[6])
summary.update(bench='load-soak', date=datetime.date.today().isoformat(), commit=sys.argv[4],
               load_average_start=sys.argv[2], load_average_end=sys.argv[3],
               redis_at_end=at_end, redis_after_ttl=after_ttl)
with open('bench/results.jsonl', 'a') as f:
    f.write(json.dumps(summary) + '\n')
m = summary['memory_mb']
rows = [
    ('run', f"{summary['seconds']} s, {summary['clients']} clients, {summary['nodes']} nodes, "
            f"validation jobs of {summary['documents_per_job']} documents"),
    ('jobs finished', f"{summary['jobs_done']} ({summary['jobs_per_s']}/s, {summary['documents_per_s']} documents/s)"),
    ('errors', f"{summary['errors']} (jobs not COMPLETED: {summary['jobs_not_completed']})"),
    ('submit latency', f"p50 {summary['submit_ms']['p50']} ms, p99 {summary['submit_ms']['p99']} ms, max {summary['submit_ms']['max']} ms ({summary['submits']} submits)"),
    ('status latency', f"p50 {summary['status_ms']['p50']} ms, p99 {summary['status_ms']['p99']} ms, max {summary['status_ms']['max']} ms ({summary['status_reads']} reads)"),
]
for name, v in m.items():
    rows.append((f'{name} MB (first -> last fifth, after 1 min)', f"{v['first']} -> {v['last']}"))
for label, c in (('Redis when the load stopped', at_end), ('Redis one JOB_TTL later', after_ttl)):
    rows.append((label, f"{c['keys']} keys, {c['job_index']} in the job index, {c['active_jobs']} active, "
                        f"{c['used_memory_mb']} MB used"))
rows.append(('load average (start / end)', f"{sys.argv[2]} / {sys.argv[3]}"))
with open('docs/load-test.md', 'w') as f:
    f.write('# Load and soak test\n\n')
    f.write(f"`bench/load-soak.sh` on {summary['date']} at {summary['commit']}, on this 2-core machine "
            "(shared: other work ran beside it). Plot: `load-test.png` (memory over time, jobs finished "
            "per second); samples every 5 s: `load-test-samples.csv`.\n\n")
    f.write('| | |\n|---|---|\n')
    for name, value in rows:
        f.write(f'| {name} | {value} |\n')
print(open('docs/load-test.md').read())
PY
