#!/usr/bin/env bash
# Benchmark (not a test): how docbatch's throughput grows from 1 to 3 nodes sharing one Redis, and
# what each document costs Redis. For each node count K in NODES (default "1 2 3"): K nodes, each with
# a pinned noop pool of WORKERS workers, one warm-up job, then RUNS jobs of N no-op documents
# submitted to the first node (its partitions run on every node). Per run: end-to-end documents/s,
# Redis commands per document (INFO commandstats, script-internal calls included), Redis CPU and the
# nodes' CPU per document. Then one node on a Redis Cluster of CLUSTER_MASTERS masters (0: skip), with
# each master's CPU per document. Also redis-benchmark's figures (the raw capacity of one core).
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
CLUSTER_MASTERS="${CLUSTER_MASTERS:-3}"

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
# -q still draws progress with carriage returns: keep the final lines.
{
  redis-benchmark -p "$REDIS_PORT" -q -n 200000 -c 50 -t ping,set,lpush,zadd
  redis-benchmark -p "$REDIS_PORT" -q -n 200000 -c 50 \
    eval "redis.call('ZADD', KEYS[1], 1, ARGV[1]); redis.call('HSET', KEYS[2], ARGV[1], 1); return redis.call('ZPOPMIN', KEYS[1])" \
    2 bench:z bench:h __rand_int__
} 2>/dev/null | tr '\r' '\n' | grep 'requests per second' | sed 's/^ *//; s/^eval .*__rand_int__:/a script of 3 calls (ZADD, HSET, ZPOPMIN):/' \
  >"$work/redis-benchmark.txt"
cat "$work/redis-benchmark.txt" >&2
redis-cli -p "$REDIS_PORT" flushall >/dev/null

cat >"$work/driver.py" <<'PY'
import json, os, subprocess, sys, time, urllib.request
api, ports, k, n, runs, warmup, pids, out = sys.argv[1:9]
k, n, runs, warmup = int(k), int(n), int(runs), int(warmup)
ports = ports.split(',')  # one Redis, or every master of a cluster
pids = [int(p) for p in pids.split(',')]
TICKS = os.sysconf('SC_CLK_TCK')
def http(method, path, body=None):
    request = urllib.request.Request(api + path, data=body, method=method, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.load(answer)
def info(port, section):
    text = subprocess.run(['redis-cli', '-p', port, 'info', section], capture_output=True, text=True).stdout
    return dict(l.split(':', 1) for l in text.splitlines() if ':' in l and not l.startswith('#'))
def calls():
    return sum(int(v.split('calls=')[1].split(',')[0]) for p in ports for v in info(p, 'commandstats').values())
def redis_cpu():
    """CPU seconds of each Redis so far."""
    return [float(c['used_cpu_user']) + float(c['used_cpu_sys']) for c in (info(p, 'cpu') for p in ports)]
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
    for p in ports:
        subprocess.run(['redis-cli', '-p', p, 'config', 'resetstat'], capture_output=True)
    c0, r0 = nodes_cpu(), redis_cpu()
    seconds = job(n)
    each = [round((b - a) / n * 1e6) for a, b in zip(r0, redis_cpu())]
    row = {'nodes': k, 'redis': 'one' if len(ports) == 1 else f'cluster of {len(ports)}',
           'documents': n, 'seconds': round(seconds, 2), 'documents_per_s': round(n / seconds),
           'redis_calls_per_document': round(calls() / n, 1),
           'redis_cpu_us_per_document': sum(each), 'redis_cpu_us_per_document_each': each,
           'nodes_cpu_us_per_document': round((nodes_cpu() - c0) / n * 1e6),
           'load_average': open('/proc/loadavg').read().split()[0]}
    print(json.dumps(row), flush=True)
    with open(out, 'a') as f:
        f.write(json.dumps(row) + '\n')
PY

# measure K REDIS_URL PORTS: K nodes on that Redis (PORTS: its port, or every master's, comma-separated).
measure() {
  local k=$1 url=$2 redis_ports=$3
  log "--- $k node(s) on $url"
  local node_pids=() i pid
  for i in $(seq 1 "$k"); do
    pid=$(start_node "scale-$k-$i-$(date +%s)" "${offsets[$((i - 1))]}" \
      REDIS_URL="$url" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
      NOOP_JOBS_ENABLED=true NOOP_WORKERS="$WORKERS" NOOP_MIN_WORKERS="$WORKERS" MAX_WORKERS=$((WORKERS + 10)) \
      MAX_QUEUE_SIZE=100000)
    pids+=("$pid")
    node_pids+=("$pid")
  done
  for i in $(seq 1 "$k"); do await_ready "node $i" "${node_pids[$((i - 1))]}" "${offsets[$((i - 1))]}"; done
  python3 "$work/driver.py" "http://127.0.0.1:$((8080 + OFFSET1))/api" "$redis_ports" "$k" "$N" "$RUNS" \
    "$WARMUP" "$(IFS=,; echo "${node_pids[*]}")" "$work/runs.jsonl"
  stop_nodes
}

for k in $NODES; do
  measure "$k" "redis://127.0.0.1:$REDIS_PORT/0" "$REDIS_PORT"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
done

# One node on a Redis Cluster: how the work of a document spreads over the masters (the hottest one
# bounds the cluster).
if [ "$CLUSTER_MASTERS" -gt 0 ]; then
  cluster_ports=()
  for i in $(seq 1 "$CLUSTER_MASTERS"); do
    read -r port bus <<<"$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*[x.getsockname()[1] for x in s])')"
    mkdir -p "$work/cluster-$i"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$work/cluster-$i" --save '' --appendonly no \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-port "$bus" \
      --daemonize yes --logfile "$work/cluster-$i/redis.log"
    cluster_ports+=("$port")
  done
  for port in "${cluster_ports[@]}"; do
    for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${cluster_ports[@]}") --cluster-replicas 0 \
    --cluster-yes >"$work/cluster-create.log"
  for port in "${cluster_ports[@]}"; do
    until redis-cli -p "$port" cluster info | grep -q cluster_state:ok; do sleep 0.2; done
  done
  measure 1 "redis-cluster://$(printf '127.0.0.1:%s,' "${cluster_ports[@]}" | sed 's/,$//')" \
    "$(IFS=,; echo "${cluster_ports[*]}")"
  for port in "${cluster_ports[@]}"; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done
fi

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
         '| Redis | nodes | documents/s (median) | runs | Redis calls per document | Redis CPU per document | nodes\' CPU per document |',
         '|---|---|---|---|---|---|---|']
for redis, k in sorted({(r['redis'], r['nodes']) for r in rows}, key=lambda x: (x[0] != 'one', x[1])):
    mine = [r for r in rows if r['nodes'] == k and r['redis'] == redis]
    med = lambda key: statistics.median(r[key] for r in mine)
    each = ''
    if len(mine[0]['redis_cpu_us_per_document_each']) > 1:
        masters = zip(*(r['redis_cpu_us_per_document_each'] for r in mine))
        each = ' (masters: ' + ' + '.join(f'{statistics.median(m):.0f}' for m in masters) + ')'
    lines.append(f"| {redis} | {k} | {med('documents_per_s'):.0f} | {', '.join(str(r['documents_per_s']) for r in mine)} | "
                 f"{med('redis_calls_per_document'):.1f} | {med('redis_cpu_us_per_document'):.0f} us{each} | {med('nodes_cpu_us_per_document'):.0f} us |")
lines += ['', 'redis-benchmark on the same Redis (50 clients, no pipelining):', '', '```', bench, '```', '']
open('docs/scaling-results.md', 'w').write('\n'.join(lines))
print('\n'.join(lines))
PY
