#!/usr/bin/env bash
# Benchmark (not a test): docbatch's Redis priority dispatcher against BullMQ (the peer's harness is
# bench/peers/bullmq), in one run on this machine, one after the other, never at once.
# Scenario: N no-op documents (BullMQ: jobs) at concurrency 50.
#
# Both sides use one redis-server the script starts on a free port (no persistence), flushed between.
# - BullMQ: its bench.mjs (bench/peers/bullmq; bullmq 6.7.0 and ioredis from npm, as its package-lock.json
#   pins them, installed there by `npm ci` when missing) BULLMQ_RUNS times, scenarios "noop c=50*",
#   then a probe of our own: Redis bytes per waiting job, Redis commands and CPU per job.
# - docbatch: the bootable JAR with NOOP_WORKERS=50, one warm-up job of WARMUP documents, RUNS jobs
#   of N documents (submit, processed and end-to-end rates, Redis commands per document, CPU), then a
#   job of N documents held back by delay_ms: Redis bytes per queued document; it is then cancelled.
# Rates: submit = N / the POST's duration (BullMQ: addBulk of all jobs); into the Redis queue = how
# fast the held-back job's partitions reach the queue; processed = N / first to last document's
# finished_at (BullMQ: worker start to Nth completion); end to end = N / just before the POST to the
# job's finished_at (BullMQ: first add to Nth completion); the warm-up job's end-to-end rate is a
# fresh node's, before the JIT settled (JAVA_OPTS, default -Xmx1g, goes to the node's JVM). Redis
# calls per document: INFO commandstats over a run / N; commands run by Lua scripts count too.
# Prints a table, appends one JSON line to bench/results.jsonl. The work directory (server.log,
# redis.log, raw results) is kept when something failed, or with KEEP_WORK=1.
#
# MEMORY_ONLY=1 runs only the two memory probes (BullMQ's waiting jobs, docbatch's held-back job),
# with docbatch's bytes broken down by key (digits of key names read N), and appends a line of its own
# ("benchmark": "dispatcher-vs-bullmq-memory") to bench/results.jsonl.
#
#   bench/dispatcher-vs-bullmq.sh
#   N=2000 RUNS=1 BULLMQ_RUNS=1 bench/dispatcher-vs-bullmq.sh     # a quick look
#   JAR=/tmp/before.jar N=5000 RUNS=1 BULLMQ_RUNS=1 bench/dispatcher-vs-bullmq.sh   # another build
#   N=20000 MEMORY_ONLY=1 bench/dispatcher-vs-bullmq.sh           # bytes per queued document only
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh"
cd "$DOCBATCH_HOME"
ensure_system_packages
for tool in node npm redis-cli; do
  command -v "$tool" >/dev/null || { log "$tool is needed (apt-get install nodejs npm redis-tools)"; exit 1; }
done

N="${N:-20000}"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-2000}"
BULLMQ_RUNS="${BULLMQ_RUNS:-5}"
MEMORY_ONLY="${MEMORY_ONLY:-}"
if [ -n "$MEMORY_ONLY" ]; then
  BULLMQ_RUNS=0
fi
BULLMQ_DIR="${BULLMQ_DIR:-$DOCBATCH_HOME/bench/peers/bullmq}"
CONCURRENCY=50 # fixed in BullMQ's bench.mjs

# JAR=path runs that bootable JAR instead (another build's, to compare two builds in one sitting);
# otherwise the JAR is rebuilt (offline) only when missing or older than a source.
if [ -n "${JAR:-}" ]; then
  BOOTABLE_JAR="$(realpath "$JAR")"
elif [ ! -f "$BOOTABLE_JAR" ] || [ -n "$(find pom.xml src/main batch-jobs wildfly-config -newer "$BOOTABLE_JAR" -print -quit)" ]; then
  log "building the bootable JAR"
  mvn -o -q package -DskipTests
fi

work=$(mktemp -d /tmp/docbatch-bench-dispatch.XXXXXX)
mkdir -p "$work/documents" "$work/output" "$work/redis"
cleanup() {
  local status=$?
  if [ -n "${server_pid:-}" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "${REDIS_PORT:-}" ]; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] || [ -n "${KEEP_WORK:-}" ]; then
    log "work directory kept: $work (server.log, redis.log, bullmq/, *.json)"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A Redis port and a WildFly port offset that nothing listens on (never 6379/6380).
ports=$(free_ports 1)
read -r REDIS_PORT OFFSET <<<"$ports"
API="http://127.0.0.1:$((8080 + OFFSET))/api"
log "redis on $REDIS_PORT, docbatch port offset $OFFSET, work directory $work"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save '' --appendonly no \
  --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- BullMQ -------------------------------------------------------------------------------------
# The harness's packages are installed once, in its own folder (node_modules is not in git); the run
# works on a copy of its source files (probe.mjs is added to it) that uses those packages.
if [ ! -d "$BULLMQ_DIR/node_modules/bullmq" ] || [ ! -d "$BULLMQ_DIR/node_modules/ioredis" ]; then
  if [ -f "$BULLMQ_DIR/package-lock.json" ]; then install=(npm ci); else install=(npm install); fi
  log "${install[*]} in $BULLMQ_DIR (bullmq 6.7.0, ioredis)"
  (cd "$BULLMQ_DIR" && "${install[@]}" --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1) \
    || { cat "$work/npm.log" >&2; exit 1; }
fi
mkdir -p "$work/bullmq"
find "$BULLMQ_DIR" -maxdepth 1 -type f -exec cp {} "$work/bullmq/" \;
chmod -R u+w "$work/bullmq"
ln -s "$(cd "$BULLMQ_DIR" && pwd)/node_modules" "$work/bullmq/node_modules"

# What bench.mjs does not measure: bytes per waiting job, and Redis commands and CPU per job.
cat >"$work/bullmq/probe.mjs" <<'JS'
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

const N = Number(process.argv[2]);
const CONCURRENCY = Number(process.argv[3]);
const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT), maxRetriesPerRequest: null };
const redis = new Redis(connection);
const info = async (section) => Object.fromEntries((await redis.info(section)).split('\r\n')
  .filter((l) => l.includes(':') && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
const calls = async () => Object.fromEntries(Object.entries(await info('commandstats'))
  .map(([k, v]) => [k.replace('cmdstat_', ''), Number(/calls=(\d+)/.exec(v)[1])]));
const usec = async () => Object.fromEntries(Object.entries(await info('commandstats'))
  .map(([k, v]) => [k.replace('cmdstat_', ''), Number(/usec=(\d+)/.exec(v)[1])]));
const redisCpu = async () => { const c = await info('cpu'); return Number(c.used_cpu_user) + Number(c.used_cpu_sys); };
// used_memory also moves with Lua's garbage collector and client buffers: the keys' own sizes do not.
const keyBytes = async () => {
  let total = 0;
  for await (const keys of redis.scanStream({ count: 1000 })) {
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    keys.forEach((k) => pipeline.call('MEMORY', 'USAGE', k, 'SAMPLES', '0'));
    for (const [, bytes] of await pipeline.exec()) total += Number(bytes || 0);
  }
  return total;
};
const nodeCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

const queue = new Queue('probe', { connection });
await queue.waitUntilReady();
await queue.obliterate({ force: true });
const memBefore = Number((await info('memory')).used_memory);
const keysBefore = await keyBytes();
await redis.config('RESETSTAT');
let cpu0 = [await redisCpu(), nodeCpu()];
for (let i = 0; i < N; i += 1000) {   // as bench.mjs adds them
  const batch = [];
  for (let j = i; j < Math.min(N, i + 1000); j++) batch.push({ name: 'job', data: { i: j }, opts: {} });
  await queue.addBulk(batch);
}
const addCalls = await calls();
const addUsec = await usec();
const memAfter = Number((await info('memory')).used_memory);
const keysAfter = await keyBytes();
const waiting = await queue.getWaitingCount();
const waitKeyBytes = Number(await redis.call('MEMORY', 'USAGE', 'bull:probe:wait', 'SAMPLES', '0'));
let cpu1 = [await redisCpu(), nodeCpu()];

await redis.config('RESETSTAT');
let done = 0;
let resolveDone;
const finished = new Promise((r) => (resolveDone = r));
const t0 = performance.now();
const worker = new Worker('probe', async () => 1, { connection, concurrency: CONCURRENCY });
worker.on('completed', () => { if (++done === N) resolveDone(); });
await finished;
const processS = (performance.now() - t0) / 1000;
const processCalls = await calls();
const processUsec = await usec();
const cpu2 = [await redisCpu(), nodeCpu()];
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
redis.disconnect();
console.log(JSON.stringify({
  jobs: N, waiting, used_memory_delta: memAfter - memBefore,
  bytes_per_waiting_job: Math.round((memAfter - memBefore) / waiting),
  key_bytes_per_waiting_job: Math.round((keysAfter - keysBefore) / waiting),
  wait_key_bytes_per_job: +(waitKeyBytes / waiting).toFixed(1),
  add_calls: addCalls, process_calls: processCalls, add_usec_calls: addUsec, process_usec_calls: processUsec, process_s: +processS.toFixed(3),
  add_redis_cpu_s: +(cpu1[0] - cpu0[0]).toFixed(3), add_node_cpu_s: +(cpu1[1] - cpu0[1]).toFixed(3),
  process_redis_cpu_s: +(cpu2[0] - cpu1[0]).toFixed(3), process_node_cpu_s: +(cpu2[1] - cpu1[1]).toFixed(3),
}));
process.exit(0);
JS

# Runs a command and appends to $work/cpu.jsonl the CPU seconds it (with its children) and Redis used,
# and the rest of the machine's: other processes on this 2-core machine skew every number here.
cat >"$work/cpu.py" <<'PY'
import json, os, subprocess, sys, time
label, redis_port, out, command = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
TICKS = os.sysconf('SC_CLK_TCK')
def busy():
    fields = [int(x) for x in open('/proc/stat').readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICKS  # all but idle and iowait
def redis_cpu():
    lines = subprocess.run(['redis-cli', '-p', redis_port, 'info', 'cpu'], capture_output=True, text=True).stdout
    cpu = dict(l.strip().split(':', 1) for l in lines.splitlines() if ':' in l)
    return float(cpu['used_cpu_user']) + float(cpu['used_cpu_sys'])
t0, b0, r0 = time.time(), busy(), redis_cpu()
status = subprocess.run(command).returncode
children = os.times().children_user + os.times().children_system
wall, machine, redis = time.time() - t0, busy() - b0, redis_cpu() - r0
with open(out, 'a') as f:
    f.write(json.dumps({'label': label, 'wall_s': round(wall, 2), 'command_cpu_s': round(children, 2),
                        'redis_cpu_s': round(redis, 2), 'others_cpu_s': round(machine - children - redis, 2)}) + '\n')
sys.exit(status)
PY

load_before_bullmq=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 1 "$BULLMQ_RUNS"); do
  log "BullMQ run $run of $BULLMQ_RUNS (bench.mjs $N, scenarios 'noop c=50*')"
  (cd "$work/bullmq" && REDIS_PORT="$REDIS_PORT" ONLY='noop c=50' \
    python3 "$work/cpu.py" "bullmq run $run" "$REDIS_PORT" "$work/cpu.jsonl" node bench.mjs "$N") \
    | grep '^{' | sed "s/^{/{\"run\": $run, /" >>"$work/bullmq.jsonl"
done
log "BullMQ probe: bytes per waiting job, commands and CPU per job"
redis-cli -p "$REDIS_PORT" flushall >/dev/null
redis-cli -p "$REDIS_PORT" memory purge >/dev/null
(cd "$work/bullmq" && REDIS_PORT="$REDIS_PORT" node probe.mjs "$N" "$CONCURRENCY") | grep '^{' >"$work/bullmq-probe.json"
redis-cli -p "$REDIS_PORT" flushall >/dev/null
redis-cli -p "$REDIS_PORT" memory purge >/dev/null

# --- docbatch -----------------------------------------------------------------------------------
echo "a small document" >"$work/documents/a.txt"
log "starting docbatch ($BOOTABLE_JAR)"
NOOP_JOBS_ENABLED=true NOOP_WORKERS="$CONCURRENCY" NOOP_MIN_WORKERS="$CONCURRENCY" MAX_WORKERS=$((CONCURRENCY + 10)) \
  MAX_QUEUE_SIZE=100000 OMP_THREAD_LIMIT=1 \
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
  java @"$JVM_OPTIONS" ${JAVA_OPTS:--Xmx1g} -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset="$OFFSET" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { log "docbatch exited while starting:"; tail -40 "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null \
  || { log "docbatch not ready after 120 s:"; tail -40 "$work/server.log" >&2; exit 1; }
log_lines_at_ready=$(wc -l <"$work/server.log")

cat >"$work/docbatch.py" <<'PY'
"""Drives docbatch over HTTP: a warm-up job, timed no-op jobs, then a held-back job for memory."""
import calendar, json, os, subprocess, sys, time, urllib.error, urllib.request

api, redis_port, server_pid, n, runs, warmup, workers = sys.argv[1:8]
memory_only = len(sys.argv) > 8 and sys.argv[8] == '1'
n, runs, warmup, workers, server_pid = int(n), int(runs), int(warmup), int(workers), int(server_pid)
QUEUE = 'docbatch:queue:{noop}'
TICKS = os.sysconf('SC_CLK_TCK')


def log(message):
    print(f'docbatch: {message}', file=sys.stderr, flush=True)


def http(method, path, body=None):
    request = urllib.request.Request(api + path, data=body, method=method,
                                     headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as e:
        sys.exit(f'{method} {path}: HTTP {e.code} {e.read().decode(errors="replace")[:2000]}')


def redis(*args):
    return subprocess.run(['redis-cli', '-p', redis_port, *args], check=True,
                          capture_output=True, text=True).stdout


def info(section):
    return dict(l.split(':', 1) for l in redis('info', section).splitlines() if ':' in l and not l.startswith('#'))


def calls(field='calls'):
    return {k.removeprefix('cmdstat_'): int(v.split(field + '=')[1].split(',')[0]) for k, v in info('commandstats').items()}


def redis_cpu():
    c = info('cpu')
    return float(c['used_cpu_user']) + float(c['used_cpu_sys'])


def machine_busy():
    fields = [int(x) for x in open('/proc/stat').readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICKS  # all but idle and iowait


def own_cpu():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def key_sizes():
    """Each key's own size (MEMORY USAGE), which Lua's garbage collector and client buffers do not move."""
    keys = redis('--scan').split()
    commands = ''.join(f'MEMORY USAGE {k} SAMPLES 0\n' for k in keys)
    out = subprocess.run(['redis-cli', '-p', redis_port], input=commands, capture_output=True, text=True).stdout
    return dict(zip(keys, (int(x) if x.isdigit() else 0 for x in out.split('\n'))))


def key_bytes():
    return sum(key_sizes().values())


def by_key(before, after, queued):
    """Bytes per queued document by key name, digits read N, largest first."""
    import re
    groups = {}
    for key, size in after.items():
        name = re.sub(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'JOB', key)
        name = re.sub(r'\d+', 'N', name)
        count, total = groups.get(name, (0, 0))
        groups[name] = (count + 1, total + size - before.get(key, 0))
    return {name: {'keys': count, 'bytes_per_queued_document': round(total / queued, 1)}
            for name, (count, total) in sorted(groups.items(), key=lambda kv: -kv[1][1]) if total / queued >= 0.05}


def server_cpu():
    with open(f'/proc/{server_pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def instant(text):
    """Java's Instant.toString(): 2026-11-29T01:02:03.123456Z, with 0, 3, 6 or 9 fraction digits."""
    whole, _, fraction = text.rstrip('Z').partition('.')
    return calendar.timegm(time.strptime(whole, '%Y-%m-%dT%H:%M:%S')) + float('0.' + (fraction or '0'))


def body(count, options):
    return json.dumps({'job_type': 'noop', 'documents': ['a.txt'] * count, 'options': options}).encode()


def wait_finished(job_id, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = http('GET', f'/jobs/{job_id}')
        if 'finished_at' in job:
            return job, time.time()
        try:
            os.kill(server_pid, 0)
        except OSError:
            sys.exit('docbatch server exited during the job')
        time.sleep(0.05)
    sys.exit(f'job {job_id} not finished after {timeout} s: {json.dumps(job)}')


def run(count, label):
    payload = body(count, {})
    redis('config', 'resetstat')
    cpu0, rcpu0, busy0, own0 = server_cpu(), redis_cpu(), machine_busy(), own_cpu()
    t0 = time.time()
    job = http('POST', '/jobs', payload)
    t1 = time.time()
    job, seen = wait_finished(job['job_id'], 1800)
    cpu1, rcpu1, busy1, own1 = server_cpu(), redis_cpu(), machine_busy(), own_cpu()
    used, spent = calls(), calls('usec')
    done = []
    for offset in range(0, count, 1000):
        page = http('GET', f'/jobs/{job["job_id"]}/results?offset={offset}&limit=1000')
        done += [(instant(r['finished_at']), r['status']) for r in page['results'] if 'finished_at' in r]
    finished = [t for t, _ in done]
    first, last = min(finished), max(finished)
    job_end = instant(job['finished_at'])
    result = {
        'label': label, 'job_id': job['job_id'], 'documents': count, 'status': job['status'],
        'completed': job['completed_tasks'], 'failed': job['failed_tasks'], 'retries': job['retries'],
        'results_completed': sum(1 for _, s in done if s == 'completed'),
        'submit_s': round(t1 - t0, 3), 'submit_docs_per_s': round(count / (t1 - t0)),
        'first_to_last_document_s': round(last - first, 3),
        'processed_docs_per_s': round(count / (last - first)) if last > first else None,
        'job_started_to_finished_s': round(job_end - instant(job['started_at']), 3),
        'job_span_docs_per_s': round(count / (job_end - instant(job['started_at']))),
        'post_to_first_document_s': round(first - t0, 3),
        'last_document_to_job_finished_s': round(job_end - last, 3),
        'e2e_s': round(job_end - t0, 3), 'e2e_docs_per_s': round(count / (job_end - t0)),
        'e2e_seen_by_poll_s': round(seen - t0, 3),
        'server_cpu_s': round(cpu1 - cpu0, 2), 'redis_cpu_s': round(rcpu1 - rcpu0, 2),
        'client_cpu_s': round(own1 - own0, 2),
        'others_cpu_s': round((busy1 - busy0) - (cpu1 - cpu0) - (rcpu1 - rcpu0) - (own1 - own0), 2),
        'redis_calls': used, 'redis_usec': spent,
    }
    log(f'{label}: {job["status"]}, {job["completed_tasks"]} completed, {job["failed_tasks"]} failed; '
        f'submit {result["submit_docs_per_s"]}/s, processed {result["processed_docs_per_s"]}/s, '
        f'end to end {result["e2e_docs_per_s"]}/s in {result["e2e_s"]} s; CPU s: server {result["server_cpu_s"]}, '
        f'redis {result["redis_cpu_s"]}, other processes {result["others_cpu_s"]}')
    return result


def queued_memory(count):
    """A job whose documents wait 60 s each: all but the running ones stay queued."""
    redis('memory', 'purge')
    sizes_before = key_sizes()
    before, keys_before = int(info('memory')['used_memory']), sum(sizes_before.values())
    t0 = time.time()
    job = http('POST', '/jobs', body(count, {'delay_ms': 60000}))
    full_at = None
    stable_since, last = time.time(), -1
    while time.time() - t0 < 180:
        size = int(redis('zcard', QUEUE))
        if size >= count - workers:  # all queued but the ones the workers hold
            full_at = time.time()
            break
        if size != last:
            stable_since, last = time.time(), size
        elif size > 0 and time.time() - stable_since > 5:
            log(f'memory: the queue stopped growing at {size} of {count - workers}')
            break
        time.sleep(0.02)
    time.sleep(max(0.0, 2 - (time.time() - t0)))
    queued = int(redis('zcard', QUEUE))
    after, sizes_after = int(info('memory')['used_memory']), key_sizes()
    keys_after = sum(sizes_after.values())
    queue_key = int(redis('memory', 'usage', QUEUE, 'samples', '0'))
    t2 = time.time()
    http('DELETE', f'/jobs/{job["job_id"]}')
    cancelled, seen = wait_finished(job['job_id'], 120)
    result = {
        'job_id': job['job_id'], 'documents': count, 'queued': queued,
        'used_memory_delta': after - before, 'bytes_per_queued_document': round((after - before) / queued),
        'key_bytes_per_queued_document': round((keys_after - keys_before) / queued),
        'queue_key_bytes_per_entry': round(queue_key / queued, 1),
        'post_to_all_queued_s': round(full_at - t0, 3) if full_at else None,
        'queued_docs_per_s': round((count - workers) / (full_at - t0)) if full_at else None,
        'cancel_status': cancelled['status'], 'cancel_s': round(seen - t2, 3),
        'queue_after_cancel': int(redis('zcard', QUEUE)),
        'by_key': by_key(sizes_before, sizes_after, queued),
    }
    log(f'memory: {queued} queued, {result["bytes_per_queued_document"]} B per queued document; '
        f'cancelled: {cancelled["status"]} in {result["cancel_s"]} s, {result["queue_after_cancel"]} left in the queue')
    return result


warm = None if memory_only else run(warmup, f'warm-up ({warmup})')
timed = [] if memory_only else [run(n, f'run {i + 1} of {runs} ({n})') for i in range(runs)]
memory = queued_memory(n)
json.dump({'warmup': warm, 'runs': timed, 'memory': memory}, sys.stdout)
PY

load_before_docbatch=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$work/docbatch.py" "$API" "$REDIS_PORT" "$server_pid" "$N" "$RUNS" "$WARMUP" "$CONCURRENCY" \
  "${MEMORY_ONLY:+1}" >"$work/docbatch.json"
if [ -n "$MEMORY_ONLY" ]; then
  python3 - "$work" "$N" <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import datetime, json, sys
work, n = sys.argv[1], int(sys.argv[2])
memory = json.load(open(f'{work}/docbatch.json'))['memory']
probe = json.load(open(f'{work}/bullmq-probe.json'))
ours, theirs = memory['bytes_per_queued_document'], probe['bytes_per_waiting_job']
print(f'\nRedis memory per queued document, {n:,} documents / jobs: docbatch {ours} B (keys {memory["key_bytes_per_queued_document"]} B), '
      f'BullMQ {theirs} B (keys {probe["key_bytes_per_waiting_job"]} B): {ours / theirs:.2f}x', file=sys.stderr)
for name, row in memory['by_key'].items():
    print(f'{row["bytes_per_queued_document"]:8} B  {row["keys"]:6} keys  {name}', file=sys.stderr)
print(json.dumps({
    'benchmark': 'dispatcher-vs-bullmq-memory',
    'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds').replace('+00:00', 'Z'),
    'documents': n, 'docbatch': memory,
    'bullmq': {k: probe[k] for k in ('bytes_per_waiting_job', 'key_bytes_per_waiting_job', 'wait_key_bytes_per_job')},
    'ratio_docbatch_to_bullmq': round(ours / theirs, 3)}))
PY
  exit 0
fi
rss_kb=$(ps -o rss= -p "$server_pid" | tr -d ' ')
# Start-up says WARN too (health DOWN until deployed): only what the jobs made the server say counts.
tail -n +"$((log_lines_at_ready + 1))" "$work/server.log" | sed 's/\x1b\[[0-9;]*m//g' \
  | grep -E ' (ERROR|SEVERE|WARN) ' >"$work/server-problems.log" || true

python3 - "$work" "$N" "$CONCURRENCY" "$rss_kb" "$load_at_start" "$load_before_bullmq" "$load_before_docbatch" \
  <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import datetime, json, os, statistics, sys

work, n, concurrency, rss_kb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
loads = dict(zip(('start', 'before_bullmq', 'before_docbatch'), sys.argv[5:8]))
docbatch = json.load(open(f'{work}/docbatch.json'))
bull = [json.loads(l) for l in open(f'{work}/bullmq.jsonl')]
probe = json.load(open(f'{work}/bullmq-probe.json'))
problems = open(f'{work}/server-problems.log').read().splitlines()
bull_cpu = [json.loads(l) for l in open(f'{work}/cpu.jsonl')]
med = lambda values: statistics.median(values) if values else None


def bull_median(scenario, key):
    return med([r[key] for r in bull if r['scenario'] == scenario])


def per_doc(counts, count, top=6):
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
    return round(total / count, 2), {k: round(v / count, 2) for k, v in ranked}


runs = docbatch['runs']
d = {k: med([r[k] for r in runs]) for k in (
    'submit_docs_per_s', 'processed_docs_per_s', 'job_span_docs_per_s', 'e2e_docs_per_s',
    'server_cpu_s', 'redis_cpu_s', 'others_cpu_s', 'e2e_s', 'post_to_first_document_s', 'last_document_to_job_finished_s')}
d['redis_calls_per_document'], d['top_calls_per_document'] = per_doc(runs[-1]['redis_calls'], n)
# Redis time per document (microseconds) by command; the commands a script runs count both in the
# script's time and in their own.
d['redis_command_usec_per_document'], d['top_usec_per_document'] = per_doc(
    {k: v for k, v in runs[-1]['redis_usec'].items() if k not in ('evalsha', 'eval')}, n)
d['evalsha_usec_per_document'] = round(sum(v for k, v in runs[-1]['redis_usec'].items() if k in ('evalsha', 'eval')) / n, 1)
d['bytes_per_queued_document'] = docbatch['memory']['bytes_per_queued_document']
d['queue_key_bytes_per_entry'] = docbatch['memory']['queue_key_bytes_per_entry']
d['key_bytes_per_queued_document'] = docbatch['memory']['key_bytes_per_queued_document']
d['queued_docs_per_s'] = docbatch['memory']['queued_docs_per_s']
b = {s: {k: bull_median(s, k) for k in ('add_jobs_per_s', 'process_jobs_per_s', 'e2e_jobs_per_s')}
     for s in dict.fromkeys(r['scenario'] for r in bull)}
add_calls, add_top = per_doc(probe['add_calls'], n)
process_calls, process_top = per_doc(probe['process_calls'], n)
ratio = lambda a, c: round(a / c, 3) if a and c else None
plain = b.get('noop c=50', {})
line = {
    'benchmark': 'dispatcher-vs-bullmq',
    'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds').replace('+00:00', 'Z'),
    'documents': n, 'concurrency': concurrency, 'docbatch_runs': len(runs), 'bullmq_runs': max(r['run'] for r in bull),
    'loadavg': loads, 'java_opts': os.environ.get('JAVA_OPTS', '-Xmx1g'), 'jar': os.environ.get('JAR', 'this build'),
    'other_processes_cpu_s': {'bullmq_runs': [c['others_cpu_s'] for c in bull_cpu],
                              'bullmq_runs_wall_s': [c['wall_s'] for c in bull_cpu],
                              'docbatch_runs': [r['others_cpu_s'] for r in runs],
                              'docbatch_runs_wall_s': [r['e2e_seen_by_poll_s'] for r in runs]},
    'docbatch': {**d, 'server_rss_mb': round(rss_kb / 1024), 'server_log_problems': len(problems),
                 'runs': [{k: v for k, v in r.items() if k not in ('redis_calls', 'redis_usec')} for r in runs],
                 'memory_job': docbatch['memory'],
                 'cold_warmup_job': {k: v for k, v in docbatch['warmup'].items() if k not in ('redis_calls', 'redis_usec')}},
    'bullmq': {'version': '6.7.0', 'scenarios': b, 'cpu_per_run': bull_cpu, 'bytes_per_waiting_job': probe['bytes_per_waiting_job'],
               'key_bytes_per_waiting_job': probe['key_bytes_per_waiting_job'],
               'wait_key_bytes_per_job': probe['wait_key_bytes_per_job'],
               'redis_calls_per_job': round(add_calls + process_calls, 2),
               'add_calls_per_job': add_top, 'process_calls_per_job': process_top,
               'evalsha_usec_per_job': round(sum(v for k, v in list(probe['add_usec_calls'].items()) + list(probe['process_usec_calls'].items()) if k in ('evalsha', 'eval')) / n, 1),
               'probe': {k: v for k, v in probe.items() if not k.endswith('_calls')}},
    'ratio_docbatch_to_bullmq': {
        'submit_vs_add': ratio(d['submit_docs_per_s'], plain.get('add_jobs_per_s')),
        'queued_vs_add': ratio(d['queued_docs_per_s'], plain.get('add_jobs_per_s')),
        'processed': ratio(d['processed_docs_per_s'], plain.get('process_jobs_per_s')),
        'end_to_end': ratio(d['e2e_docs_per_s'], plain.get('e2e_jobs_per_s')),
        'end_to_end_vs_overlapped': ratio(d['e2e_docs_per_s'], b.get('noop c=50 overlapped', {}).get('e2e_jobs_per_s')),
        'cold_end_to_end': ratio(docbatch['warmup']['e2e_docs_per_s'], plain.get('e2e_jobs_per_s')),
        'bytes_per_queued': ratio(d['bytes_per_queued_document'], probe['bytes_per_waiting_job']),
    },
}

out = sys.stderr
fmt = lambda v: '-' if v is None else f'{v:,.0f}' if isinstance(v, (int, float)) and v >= 100 else f'{v}'
print(f'\ndocbatch dispatcher vs BullMQ 6.7.0: {n:,} no-op documents / jobs, concurrency {concurrency}, '
      f'medians of {len(runs)} docbatch and {line["bullmq_runs"]} BullMQ runs; load average {loads}', file=out)
rows = [
    ('submit (POST) / add, per s', d['submit_docs_per_s'], plain.get('add_jobs_per_s'), 'submit_vs_add'),
    ('into the Redis queue, per s', d['queued_docs_per_s'], plain.get('add_jobs_per_s'), 'queued_vs_add'),
    ('processed, per s', d['processed_docs_per_s'], plain.get('process_jobs_per_s'), 'processed'),
    ('end to end, per s', d['e2e_docs_per_s'], plain.get('e2e_jobs_per_s'), 'end_to_end'),
    ('  a fresh node (warm-up job)', docbatch['warmup']['e2e_docs_per_s'], plain.get('e2e_jobs_per_s'), 'cold_end_to_end'),
    ('Redis used_memory per queued', d['bytes_per_queued_document'], probe['bytes_per_waiting_job'], 'bytes_per_queued'),
    ('  keys (MEMORY USAGE) per queued', d['key_bytes_per_queued_document'], probe['key_bytes_per_waiting_job'], None),
    ('Redis calls per doc', d['redis_calls_per_document'], round(add_calls + process_calls, 2), None),
]
print(f'{"":34}{"docbatch":>12}{"BullMQ c=50":>14}{"docbatch/BullMQ":>17}', file=out)
for name, ours, theirs, key in rows:
    r = line['ratio_docbatch_to_bullmq'].get(key) if key else ratio(ours, theirs)
    print(f'{name:34}{fmt(ours):>12}{fmt(theirs):>14}{fmt(r):>17}', file=out)
print('\nBullMQ scenarios (medians): ' + '; '.join(
    f'{s}: add {fmt(v["add_jobs_per_s"])}/s, process {fmt(v["process_jobs_per_s"])}/s, e2e {fmt(v["e2e_jobs_per_s"])}/s'
    for s, v in b.items()), file=out)
print(f'docbatch runs: ' + '; '.join(
    f'submit {fmt(r["submit_docs_per_s"])}/s ({r["submit_s"]} s), processed {fmt(r["processed_docs_per_s"])}/s, '
    f'job span {fmt(r["job_span_docs_per_s"])}/s, e2e {fmt(r["e2e_docs_per_s"])}/s ({r["e2e_s"]} s), '
    f'{r["completed"]} completed {r["failed"]} failed' for r in runs), file=out)
print(f'docbatch time: POST to first document {d["post_to_first_document_s"]} s, last document to job finished '
      f'{d["last_document_to_job_finished_s"]} s; CPU per run: server {d["server_cpu_s"]} s, redis {d["redis_cpu_s"]} s '
      f'(over {d["e2e_s"]} s); all queued in Redis at {fmt(d["queued_docs_per_s"])}/s (held-back job)', file=out)
print(f'docbatch Redis calls per document: {d["redis_calls_per_document"]}, top {d["top_calls_per_document"]}', file=out)
print(f'Redis time in scripts (evalsha, their commands included) per document: docbatch {d["evalsha_usec_per_document"]} us, '
      f'BullMQ {line["bullmq"]["evalsha_usec_per_job"]} us; docbatch per command (scripts\' own commands included) '
      f'{d["redis_command_usec_per_document"]} us, top {d["top_usec_per_document"]}', file=out)
print(f'BullMQ Redis calls per job: add {add_calls} {add_top}; process {process_calls} {process_top}; '
      f'CPU process phase: node {probe["process_node_cpu_s"]} s, redis {probe["process_redis_cpu_s"]} s '
      f'(over {probe["process_s"]} s)', file=out)
print(f'queue entry: docbatch {d["queue_key_bytes_per_entry"]} B in {{noop}} zset, BullMQ {probe["wait_key_bytes_per_job"]} B in wait list', file=out)
busy = lambda cpu, wall: round(sum(cpu) / sum(wall), 2) if wall and sum(wall) else None
others = line['other_processes_cpu_s']
print(f'other processes kept {busy(others["bullmq_runs"], others["bullmq_runs_wall_s"])} of 2 cores busy during the '
      f'BullMQ runs, {busy(others["docbatch_runs"], others["docbatch_runs_wall_s"])} during the docbatch runs', file=out)
if max(busy(others['bullmq_runs'], others['bullmq_runs_wall_s']) or 0,
       busy(others['docbatch_runs'], others['docbatch_runs_wall_s']) or 0) > 0.3:
    print('WARNING: other processes used more than 0.3 of the 2 cores: this comparison is skewed, run it again', file=out)
if problems:
    print(f'server log: {len(problems)} ERROR/WARN lines, first: {problems[0][:300]}', file=out)
print(file=out)
print(json.dumps(line))
PY
