# Shared by the benchmarks that start their own Redis and docbatch nodes. Sourced, after
# bin/lib/setup.sh; expects $work (a work directory) to be set by the caller.

# The benchmarks' nodes listen on loopback and live only as long as the benchmark: they run
# without authentication (each logs DOCBATCH-1201), so that curl, the load clients and the
# dashboard pages measured need no credential. Every node a sourcing script starts inherits this.
export AUTH_ENABLED=false
# Jobs of tens of thousands of no-op documents: MAX_QUEUE_SIZE is raised where a script needs it,
# and the per-job cap (the smaller of the two applies) must not refuse them first.
export MAX_DOCUMENTS_PER_JOB=1000000

# Prints a free Redis port and COUNT free WildFly port offsets (never 6379/6380), one line.
free_ports() {
  python3 - "${1:-1}" <<'PY'
import random, socket, subprocess, sys
count = int(sys.argv[1])
listening = {int(l.split()[3].rsplit(':', 1)[1]) for l in subprocess.run(
    ['ss', '-Htln'], capture_output=True, text=True).stdout.splitlines() if l.strip()}
def free(port):
    if port in listening or port in (6379, 6380):
        return False
    with socket.socket() as s:
        try:
            s.bind(('127.0.0.1', port))
            return True
        except OSError:
            return False
redis = next(p for p in random.sample(range(7000, 8000), 1000) if free(p))
# WildFly's bindings: ajp, http, https, management http/https, transactions; offsets 100 apart.
offsets = []
for o in random.sample(range(10, 200), 190):
    o *= 100
    if all(free(p + o) for p in (8009, 8080, 8443, 9990, 9993, 4712, 4713)):
        offsets.append(o)
    if len(offsets) == count:
        break
print(redis, *offsets)
PY
}

# start_node NAME OFFSET [VAR=value...]: starts a node in the background with the given environment
# (on top of the caller's), its log in $work/NAME.log; prints its pid. With PIN_CPUS set (a taskset
# list such as 0 or 0,1) the node runs on those cores only, and its JVM sizes itself to them.
start_node() {
  local name=$1 offset=$2
  shift 2
  env OMP_THREAD_LIMIT=1 NODE_ID="$name" "$@" \
    ${PIN_CPUS:+taskset -c "$PIN_CPUS"} java @"$JVM_OPTIONS" -Xmx2g -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset="$offset" \
    >"$work/$name.log" 2>&1 &
  echo $!
}

# await_ready NAME PID OFFSET: waits up to 3 minutes for the node's readiness.
await_ready() {
  local name=$1 pid=$2 offset=$3
  for _ in $(seq 1 900); do
    curl -sf "http://127.0.0.1:$((9990 + offset))/health/ready" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "$name exited while starting:"; tail -40 "$work/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  log "$name not ready after 3 minutes:"
  tail -40 "$work/$name.log" >&2
  exit 1
}
