#!/usr/bin/env bash
# Profiling aid (not a test, not a benchmark): where a warm docbatch node spends its CPU on no-op
# documents. Starts redis-server and the bootable JAR (NOOP_WORKERS=50), warms the node with jobs of
# N documents until WARMUP documents have run, then runs one more under async-profiler (itimer, 1 ms;
# from Maven Central, tools.profiler:async-profiler, attached with jcmd) and prints the frames of
# docbatch, JBeret, Weld and Jedis that hold more than 1.5% of the samples, inclusive, and the CPU of
# the node's threads during that job by name (the JIT's threads among them). The collapsed stacks
# (for a flame graph) are kept in the printed work directory.
# The JIT's C2 compiler keeps working for 60,000 to 80,000 no-op documents on this 2-core machine
# (4.5, 2.8, 1.0, 0.7, 0.4 and 0.2 CPU s in a node's first six jobs of 20,000; no recompilation
# loop, no new classes after the first job): a profile after less shows warm-up, not the steady state.
#
#   bench/profile-dispatcher.sh            # N=20000 WARMUP=60000
#   N=5000 WARMUP=20000 bench/profile-dispatcher.sh   # quicker, still warming up
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
cd "$DOCBATCH_HOME"
ensure_system_packages
ensure_build

N="${N:-20000}"
WARMUP="${WARMUP:-60000}"
PROFILER_VERSION=4.1
OFFSET=230
REDIS_PORT=6532
work=$(mktemp -d /tmp/docbatch-profile.XXXXXX)
mkdir -p "$work/documents" "$work/redis" "$work/profiler"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT

mvn -q dependency:copy -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION" \
  -DoutputDirectory="$work/profiler" >/dev/null
(cd "$work/profiler" && unzip -q -o "async-profiler-$PROFILER_VERSION.jar" 'linux-x64/*')
agent="$work/profiler/linux-x64/libasyncProfiler.so"

echo "a small document" >"$work/documents/a.txt"
python3 -c "import json,sys; print(json.dumps({'job_type': 'noop', 'documents': ['a.txt'] * int(sys.argv[1])}))" "$N" >"$work/job.json"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null
NOOP_JOBS_ENABLED=true NOOP_WORKERS=50 NOOP_MIN_WORKERS=50 MAX_WORKERS=60 MAX_QUEUE_SIZE=100000 \
  OMP_THREAD_LIMIT=1 DOCBATCH_PROFILE=testing LOG_FORMAT=text \
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
  java @"$JVM_OPTIONS" -Xmx1g -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset="$OFFSET" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null; do sleep 0.5; done

api="http://127.0.0.1:$((8080 + OFFSET))/api"
run_job() {
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$work/job.json" "$api/jobs"
  until curl -sf "$api/jobs?limit=1" | python3 -c 'import json,sys; sys.exit(0 if "finished_at" in json.load(sys.stdin)["jobs"][0] else 1)'; do
    sleep 0.2
  done
}
warmup_jobs=$(((WARMUP + N - 1) / N))
log "warming up: $warmup_jobs jobs of $N documents"
for _ in $(seq 1 "$warmup_jobs"); do run_job; done
# CPU ticks of the node's threads by name (a pool's number dropped), before and after the profiled job.
thread_cpu() {
  python3 - "$server_pid" <<'PY'
import os, re, sys
pid, ticks = sys.argv[1], {}
for task in os.listdir(f'/proc/{pid}/task'):
    try:
        stat = open(f'/proc/{pid}/task/{task}/stat').read()
    except OSError:  # the thread ended meanwhile
        continue
    name = re.sub(r'[-#]?\d+$', '', stat[stat.index('(') + 1:stat.rindex(')')]).strip()
    fields = stat[stat.rindex(')') + 2:].split()
    ticks[name] = ticks.get(name, 0) + int(fields[11]) + int(fields[12])
for name, count in ticks.items():
    print(f'{name}\t{count}')
PY
}
thread_cpu >"$work/threads.before"
# jcmd splits its arguments on '=': the agent's options need quotes of their own.
jcmd "$server_pid" JVMTI.agent_load "$agent" "\"start,event=itimer,interval=1ms\"" >/dev/null
start=$(date +%s.%N)
run_job
end=$(date +%s.%N)
jcmd "$server_pid" JVMTI.agent_load "$agent" "\"stop,file=$work/stacks.txt,collapsed\"" >/dev/null
thread_cpu >"$work/threads.after"
log "profiled job: $N documents in $(echo "$end - $start" | bc) s; stacks in $work/stacks.txt"

python3 - "$work/stacks.txt" <<'PY'
import collections, sys
total = 0
inclusive = collections.Counter()
for line in open(sys.argv[1]):
    stack, count = line.rsplit(' ', 1)
    count = int(count)
    total += count
    for frame in set(stack.split(';')):
        inclusive[frame] += count
print(f"{total} samples (1 ms of CPU each)")
for frame, count in inclusive.most_common():
    if count / total < 0.015:
        break
    if any(k in frame for k in ('docbatch', 'jberet', 'weld', 'jedis')):
        print(f"{count / total:6.1%}  {frame[:140]}")
PY

python3 - "$work/threads.before" "$work/threads.after" "$(getconf CLK_TCK)" "$N" <<'PY'
import sys
read = lambda path: {k: int(v) for k, v in (line.rstrip('\n').split('\t') for line in open(path))}
before, after, hz, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
spent = {name: (ticks - before.get(name, 0)) / hz for name, ticks in after.items()}
total = sum(max(s, 0) for s in spent.values())
print(f"node threads' CPU in the profiled job: {total:.2f} s, {total / n * 1e6:.0f} us per document")
for name, s in sorted(spent.items(), key=lambda item: -item[1]):
    if s / total < 0.02:
        break
    print(f"{s / total:6.1%}  {s:6.2f} s  {name}")
PY
