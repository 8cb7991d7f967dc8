#!/usr/bin/env bash
# Benchmark (not a test): Redis calls per no-op document of one node, from INFO commandstats over a
# job (commands run inside Lua scripts count too), for comparing two builds of the dispatcher:
#
#   bench/redis-calls-per-document.sh target/docbatch-bootable.jar after
#   N=2000 RUNS=1 bench/redis-calls-per-document.sh /tmp/base/target/docbatch-bootable.jar before
#
# Starts its own redis-server on a free port (no persistence) and the JAR with 50 noop workers
# (autoscaling off), runs a warm-up job of 2,000 documents, then RUNS jobs of N documents (default
# 5,000), printing each job's calls per document and its eight commonest commands, then the median.
# Used for issue 24's task starts (docs/dispatch.md, "Tasks").
set -euo pipefail
# The node's JVM options (the same file every node starts with; this script needs nothing else of
# bin/lib/setup.sh).
JVM_OPTIONS="$(cd "$(dirname "$0")/.." && pwd)/wildfly-config/jvm.options"
JAR=$1
LABEL=${2:-docbatch}
N=${N:-5000}
RUNS=${RUNS:-3}
work=$(mktemp -d /tmp/docbatch-calls.XXXXXX)
mkdir -p "$work/docs" "$work/out"
echo x >"$work/docs/a.txt"
read -r rport offset < <(python3 -c '
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
r = next(p for p in random.sample(range(7000, 8000), 1000) if free(p))
o = next(o * 100 for o in random.sample(range(10, 200), 190)
         if all(free(p + o * 100) for p in (8009, 8080, 8443, 9990, 9993, 4712, 4713)))
print(r, o)')
redis-server --port "$rport" --save '' --appendonly no --daemonize yes \
  --pidfile "$work/redis.pid" --logfile "$work/redis.log"
sleep 0.5
env AUTH_ENABLED=false MAX_DOCUMENTS_PER_JOB=1000000 MAX_QUEUE_SIZE=1000000 NOOP_JOBS_ENABLED=true \
  NOOP_WORKERS=50 NOOP_MIN_WORKERS=50 FEATURES_AUTOSCALING=false MAX_WORKERS=100 \
  REDIS_URL="redis://127.0.0.1:$rport" DOCUMENT_ROOT="$work/docs" OUTPUT_ROOT="$work/out" NODE_ID=calls \
  java @"$JVM_OPTIONS" -Xmx1g -jar "$JAR" -Djboss.socket.binding.port-offset="$offset" >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  redis-cli -p "$rport" shutdown nosave >/dev/null 2>&1 || true
  echo "work directory: $work (server.log)" >&2
}
trap cleanup EXIT
for _ in $(seq 1 900); do
  kill -0 "$server" || { tail -20 "$work/server.log" >&2; exit 1; }
  curl -sf "http://127.0.0.1:$((9990 + offset))/health/ready" >/dev/null && break
  sleep 0.3
done
python3 - "$rport" "$((8080 + offset))" "$N" "$RUNS" "$LABEL" <<'PY'
import json, subprocess, sys, time, urllib.request
rport, port, n, runs, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
api = f'http://127.0.0.1:{port}/api'

def http(method, path, body=None):
    request = urllib.request.Request(api + path, data=body, method=method,
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=300) as answer:
        return json.load(answer)

def calls():
    out = subprocess.run(['redis-cli', '-p', rport, 'info', 'commandstats'],
                         capture_output=True, text=True).stdout
    return {line.split(':')[0][len('cmdstat_'):]: int(line.split('calls=')[1].split(',')[0])
            for line in out.splitlines() if line.startswith('cmdstat_')}

def job(count):
    submitted = http('POST', '/jobs', json.dumps({'job_type': 'noop', 'documents': ['a.txt'] * count}).encode())
    while 'finished_at' not in (status := http('GET', '/jobs/' + submitted['job_id'])):
        time.sleep(0.05)
    return status

job(2000)  # warm-up
per_document = []
for run in range(runs):
    subprocess.run(['redis-cli', '-p', rport, 'config', 'resetstat'], capture_output=True)
    status = job(n)
    used = calls()
    per_document.append(sum(used.values()) / n)
    top = sorted(((v / n, k) for k, v in used.items()), reverse=True)[:8]
    print(label, 'run', run + 1, status['status'], f'{per_document[-1]:.2f} calls/doc',
          ' '.join(f'{k}={v:.2f}' for v, k in top), flush=True)
print(label, 'median', f'{sorted(per_document)[len(per_document) // 2]:.2f}', 'calls/doc')
PY
