#!/usr/bin/env bash
# Benchmark (not a test): how docbatch's throughput grows from 1 to 3 nodes sharing one Redis, and
# what each document costs Redis. For each node count K in NODES (default "1 2 3"): K nodes, each with
# a pinned noop pool of WORKERS workers, one warm-up job, then RUNS jobs of N no-op documents
# submitted to the first node (its partitions run on every node). Per run: end-to-end documents/s,
# Redis commands per document (INFO commandstats, script-internal calls included), Redis CPU and the
# nodes' CPU per document. Also redis-benchmark's figures for this Redis (the raw capacity of one core).
# Prints a table, writes docs/scaling-results.md, appends JSON lines to bench/results.jsonl.
#
#   bench/scaling.sh
#   N=5000 RUNS=1 NODES="1 2" bench/scaling.sh      # a quick look
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh"
cd "$DOCBATCH_HOME"
ensure_system_packages
ensure_build

N="${N:-20000}"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-5000}"
WORKERS="${WORKERS:-50}"
NODES="${NODES:-1 2 3}"

work=$(mktemp -d /tmp/docbatch-scaling.XXXXXX)
mkdir -p "$work/documents" "$work/output" "$work/redis"
echo "a small document" >"$work/documents/a.txt"
pids=()
stop_nodes() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  pids=()
}
cleanup() {
  local status=$?
  stop_nodes
  [ -n "${REDIS_PORT:-}" ] && redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ] || [ -n "${KEEP_WORK:-}" ]; then log "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r REDIS_PORT OFFSET1 OFFSET2 OFFSET3 <<<"$(free_ports 3)"
offsets=("$OFFSET1" "$OFFSET2" "$OFFSET3")
log "redis on $REDIS_PORT, work directory $work"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save '' --appendonly no \
  --daemonize yes --logfile "$work/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

log "redis-benchmark: one Redis core's capacity for plain commands"
redis-benchmark -p "$REDIS_PORT" -q -n 200000 -c 50 -t ping,set,lpush,zadd >"$work/redis-benchmark.txt" 2>/dev/null
redis-benchmark -p "$REDIS_PORT" -q -n 200000 -c 50 \
  eval "redis.call('ZADD', KEYS[1], 1, ARGV[1]); redis.call('HSET', KEYS[2], ARGV[1], 1); return redis.call('ZPOPMIN', KEYS[1])" \
  2 bench:z bench:h __rand_int__ | tail -1 | sed 's/^/script of 3 calls: /' >>"$work/redis-benchmark.txt" 2>/dev/null
cat "$work/redis-benchmark.txt" >&2
redis-cli -p "$REDIS_PORT" flushall >/dev/null

for k in $NODES; do
  log "--- $k node(s)"
  node_pids=()
  for i in $(seq 1 "$k"); do
    pid=$(start_node "scale-$k-$i" "${offsets[$((i - 1))]}" \
      REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
      NOOP_JOBS_ENABLED=true NOOP_WORKERS="$WORKERS" NOOP_MIN_WORKERS="$WORKERS" MAX_WORKERS=$((WORKERS + 10)) \
      MAX_QUEUE_SIZE=100000)
    pids+=("$pid")
    node_pids+=("$pid")
  done
  for i in $(seq 1 "$k"); do await_ready "scale-$k-$i" "${node_pids[$((i - 1))]}" "${offsets[$((i - 1))]}"; done
  python3 - "http://127.0.0.1:$((8080 + OFFSET1))/api" "$REDIS_PORT" "$k" "$N" "$RUNS" "$WARMUP" \
    "$(IFS=,; echo "${node_pids[*]}")" "$work/runs.jsonl" <<'PY'
import json, os, subprocess, sys, time, urllib.request
api, port, k, n, runs, warmup, pids, out = sys.argv[1:9]
k, n, runs, warmup = int(k), int(n), int(runs), int(warmup)
pids = [int(p) for p in pids.split(',')]
TICKS = os.sysconf('SC_CLK_TCK')
def http(method, path, body=None):
    request = urllib.request.Request(api + path, data=body, method=method, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.load(answer)
def info(section):
    text = subprocess.run(['redis-cli', '-p', port, 'info', section], capture_output=True, text=True).stdout
    return dict(l.split(':', 1) for l in text.splitlines() if ':' in l and not l.startswith('#'))
def calls():
    return sum(int(v.split('calls=')[1].split(',')[0]) for v in info('commandstats').values())
def redis_cpu():
    c = info('cpu')
    return float(c['used_cpu_user']) + float(c['used_cpu_sys'])
def nodes_cpu():
    total = 0
    for pid in pids:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total
def job(count):
    body = json.dumps({'job_type': 'noop', 'documents': ['a.txt'] * count, 'options': {}}).encode()
    t0 = time.time()
    job_id = http('POST', '/jobs', body)['job_id']
    while True:
        record = http('GET', f'/jobs/{job_id}')
        if 'finished_at' in record:
            assert record['completed_tasks'] == count, record
            return time.time() - t0
        time.sleep(0.05)
job(warmup)
for run in range(runs):
    subprocess.run(['redis-cli', '-p', port, 'config', 'resetstat'], capture_output=True)
    c0, r0 = nodes_cpu(), redis_cpu()
    seconds = job(n)
    row = {'nodes': k, 'documents': n, 'seconds': round(seconds, 2), 'documents_per_s': round(n / seconds),
           'redis_calls_per_document': round(calls() / n, 1),
           'redis_cpu_us_per_document': round((redis_cpu() - r0) / n * 1e6),
           'nodes_cpu_us_per_document': round((nodes_cpu() - c0) / n * 1e6),
           'load_average': open('/proc/loadavg').read().split()[0]}
    print(json.dumps(row), flush=True)
    with open(out, 'a') as f:
        f.write(json.dumps(row) + '\n')
PY
  stop_nodes
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
done

python3 - "$work/runs.jsonl" "$work/redis-benchmark.txt" "$(git rev-parse --short HEAD)" <<'PY'
import json, statistics, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1])]
bench = open(sys.argv[2]).read().strip()
date = datetime.date.today().isoformat()
with open('bench/results.jsonl', 'a') as f:
    for r in rows:
        f.write(json.dumps(dict(r, bench='scaling', date=date, commit=sys.argv[3])) + '\n')
lines = ['# Scaling: measured figures', '',
         f'`bench/scaling.sh` on {date} at {sys.argv[3]}: medians of the runs of each node count.', '',
         '| nodes | documents/s (median) | runs | Redis calls per document | Redis CPU per document | nodes\' CPU per document |',
         '|---|---|---|---|---|---|']
for k in sorted({r['nodes'] for r in rows}):
    mine = [r for r in rows if r['nodes'] == k]
    med = lambda key: statistics.median(r[key] for r in mine)
    lines.append(f"| {k} | {med('documents_per_s'):.0f} | {', '.join(str(r['documents_per_s']) for r in mine)} | "
                 f"{med('redis_calls_per_document'):.1f} | {med('redis_cpu_us_per_document'):.0f} us | {med('nodes_cpu_us_per_document'):.0f} us |")
lines += ['', 'redis-benchmark on the same Redis (50 clients, no pipelining):', '', '```', bench, '```', '']
open('docs/scaling-results.md', 'w').write('\n'.join(lines))
print('\n'.join(lines))
PY
