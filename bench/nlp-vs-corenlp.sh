#!/usr/bin/env bash
# Benchmark (not a test): NLP documents per second through docbatch against a plain CoreNLP loop, in
# one run on this machine, one after the other, never at once. Same documents (N generated English
# news texts of 3-4 KB, bench/nlp/gen_docs.py), same pipeline properties (PipelineSettings), same
# annotators (ANNOTATORS, default docbatch's: tokenize,ssplit,pos,lemma,ner), 2 threads each, -Xmx2g.
#
# - plain CoreNLP: bench/nlp/PlainCoreNlpLoop.java on the project's class path, one shared pipeline,
#   2 threads; the first WARMUP documents warm it up, the other N are timed.
# - docbatch: the bootable JAR with NLP_WORKERS=2 on a redis-server of its own (free port), models from
#   target/corenlp-models; a warm-up job of the same WARMUP documents (it builds the pipeline), then one
#   job of the N documents: documents/s from the job's started_at to finished_at (job span), and from
#   just before the POST to finished_at (end to end).
# CPU: the node's CPU per second while idle (IDLE_SECONDS after the warm-up), and each side's own CPU seconds over the timed documents (docbatch: server + redis-server), and what
# every other process of the machine took meanwhile (others_cpu_s; /proc/stat): the machine is shared,
# and a busy neighbour skews documents/s far more than CPU seconds per document.
# Appends one JSON line to bench/results.jsonl; target: docbatch >= 0.95x the plain loop.
#
#   bench/nlp-vs-corenlp.sh
#   N=24 WARMUP=4 bench/nlp-vs-corenlp.sh     # a quick look
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
cd "$DOCBATCH_HOME"
ensure_system_packages

N="${N:-48}"
WARMUP="${WARMUP:-8}"
THREADS=2
ANNOTATORS="${ANNOTATORS:-tokenize,ssplit,pos,lemma,ner}"
HEAP="${HEAP:--Xmx2g}"

# The JAR is rebuilt (offline) only when missing or older than a source.
if [ ! -f "$BOOTABLE_JAR" ] || [ ! -d target/corenlp-models ] \
    || [ -n "$(find pom.xml src/main batch-jobs wildfly-config -newer "$BOOTABLE_JAR" -print -quit)" ]; then
  log "building the bootable JAR"
  mvn -o -q package -DskipTests
fi
classpath="$DOCBATCH_HOME/target/classes:$(mvn -o -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=/dev/stdout)"

work=$(mktemp -d /tmp/docbatch-bench-nlp.XXXXXX)
mkdir -p "$work/documents/warmup" "$work/documents/timed" "$work/output" "$work/redis"
cleanup() {
  local status=$?
  if [ -n "${server_pid:-}" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "${REDIS_PORT:-}" ]; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ "$status" -ne 0 ] || [ -n "${KEEP_WORK:-}" ]; then
    log "work directory kept: $work (server.log, plain.log)"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Both sides read the same files: warm-up documents first, then the timed ones.
python3 bench/nlp/gen_docs.py "$work/documents/timed" $((N + WARMUP))
for i in $(seq 0 $((WARMUP - 1))); do
  mv "$work/documents/timed/$(printf 'doc-%04d.txt' "$i")" "$work/documents/warmup/"
done
mkdir -p "$work/plain"
ln "$work"/documents/warmup/*.txt "$work"/documents/timed/*.txt "$work/plain/"
doc_bytes=$(cat "$work"/documents/timed/*.txt | wc -c)

# --- plain CoreNLP --------------------------------------------------------------------------------
load_before_plain=$(cut -d' ' -f1-3 /proc/loadavg)
log "plain CoreNLP loop: $WARMUP warm-up + $N documents, $THREADS threads"
# shellcheck disable=SC2086
plain=$(java $HEAP -cp "$classpath" bench/nlp/PlainCoreNlpLoop.java "$work/plain" "$THREADS" "$WARMUP" \
  "$ANNOTATORS" 2>"$work/plain.log")
log "plain: $plain"

# --- docbatch -------------------------------------------------------------------------------------
ports=$(python3 - <<'PY'
import random, socket, subprocess
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
offset = next(o for o in random.sample(range(1000, 20000), 19000)
              if all(free(p + o) for p in (8009, 8080, 8443, 9990, 9993, 4712, 4713)))
print(redis, offset)
PY
)
read -r REDIS_PORT OFFSET <<<"$ports"
API="http://127.0.0.1:$((8080 + OFFSET))/api"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save '' --appendonly no \
  --daemonize yes --logfile "$work/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

log "docbatch: NLP_WORKERS=$THREADS, redis on $REDIS_PORT, port offset $OFFSET"
# shellcheck disable=SC2086
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
  CORENLP_MODELS_DIR="$DOCBATCH_HOME/target/corenlp-models" NLP_WORKERS="$THREADS" \
  java $HEAP -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset="$OFFSET" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { log "docbatch exited; see $work/server.log"; exit 1; }
  sleep 0.5
done

# CPU seconds: of the whole machine (user, nice, system, irq, softirq, steal), of one process.
machine_cpu() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / {print ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat; }
process_cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

# Submits a job of the files in one folder, waits for it, prints its final state (one JSON line).
run_job() {
  local folder=$1 documents job
  documents=$(cd "$work/documents" && ls "$folder"/*.txt | python3 -c 'import sys,json; print(json.dumps([l.strip() for l in sys.stdin]))')
  job=$(curl -sf -XPOST "$API/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"nlp\", \"options\": {\"annotators\": \"$ANNOTATORS\"}, \"documents\": $documents}" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  while :; do
    state=$(curl -sf "$API/jobs/$job")
    echo "$state" | grep -q finished_at && break
    sleep 0.1
  done
  echo "$state"
}
warm_state=$(run_job warmup)
warm_load_ms=$(curl -sf "$API/jobs/$(echo "$warm_state" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')/results" \
  | python3 -c 'import sys,json; print(max(r.get("result", {}).get("load_ms", 0) for r in json.load(sys.stdin)["results"]))')
# What the node costs doing nothing (heartbeats, lease and stop polling, the server itself), over
# IDLE_SECONDS after the warm-up: part of its CPU per document that the plain loop does not pay.
idle_before=$(process_cpu "$server_pid")
sleep "${IDLE_SECONDS:-10}"
idle_cpu_per_s=$(awk -v a="$idle_before" -v b="$(process_cpu "$server_pid")" -v s="${IDLE_SECONDS:-10}" \
  'BEGIN {print (b - a) / s}')
load_before_docbatch=$(cut -d' ' -f1-3 /proc/loadavg)
redis_pid=$(redis-cli -p "$REDIS_PORT" info server | awk -F: '/^process_id/ {print $2}' | tr -d '\r')
cpu_before="$(machine_cpu) $(process_cpu "$server_pid") $(process_cpu "$redis_pid")"
posted=$(date +%s.%N)
timed_state=$(run_job timed)
seen=$(date +%s.%N)
cpu_after="$(machine_cpu) $(process_cpu "$server_pid") $(process_cpu "$redis_pid")"
rss_kb=$(ps -o rss= -p "$server_pid" | tr -d ' ')
log_problems=$(grep -cE ' (ERROR|SEVERE) ' "$work/server.log" || true)

python3 - "$N" "$WARMUP" "$THREADS" "$ANNOTATORS" "$doc_bytes" "$plain" "$warm_state" "$timed_state" \
  "$warm_load_ms" "$posted" "$seen" "$rss_kb" "$log_problems" "$load_before_plain" "$load_before_docbatch" \
  "$cpu_before" "$cpu_after" "$idle_cpu_per_s" \
  <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import sys, json, datetime
(n, warmup, threads, annotators, doc_bytes, plain, warm, timed, load_ms, posted, seen, rss, problems,
 load_plain, load_docbatch, cpu_before, cpu_after, idle) = sys.argv[1:]
machine, server_cpu, redis_cpu = (b - a for a, b in zip(map(float, cpu_before.split()), map(float, cpu_after.split())))
n, plain, warm, timed = int(n), json.loads(plain), json.loads(warm), json.loads(timed)
ts = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")[:26] + "+00:00").timestamp()
span = ts(timed["finished_at"]) - ts(timed["started_at"])
e2e = ts(timed["finished_at"]) - float(posted)
docbatch = {"status": timed["status"], "completed": timed["completed_tasks"], "failed": timed["failed_tasks"],
            "warmup_status": warm["status"], "load_ms": int(load_ms),
            "job_span_s": round(span, 3), "docs_per_s": round(n / span, 3),
            "e2e_s": round(e2e, 3), "e2e_docs_per_s": round(n / e2e, 3),
            "server_cpu_s": round(server_cpu, 2), "redis_cpu_s": round(redis_cpu, 2),
            "cpu_s_per_doc": round((server_cpu + redis_cpu) / n, 3),
            "others_cpu_s": round(machine - server_cpu - redis_cpu, 2),
            "idle_server_cpu_s_per_s": round(float(idle), 3),
            "server_rss_mb": round(int(rss) / 1024), "server_log_errors": int(problems)}
corenlp = {"docs_per_s": round(plain["docs_per_s"], 3), "seconds": plain["seconds"],
           "load_ms": plain["load_ms"], "tokens": plain["tokens"], "cpu_s": plain["cpu_s"],
           "cpu_s_per_doc": round(plain["cpu_s"] / n, 3), "others_cpu_s": plain["others_cpu_s"]}
print(json.dumps({
    "benchmark": "nlp-vs-corenlp",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
    "documents": n, "warmup_documents": int(warmup), "threads": int(threads), "annotators": annotators,
    "avg_doc_bytes": round(int(doc_bytes) / n), "tokens_per_doc": round(plain["tokens"] / n),
    "loadavg": {"before_plain": load_plain, "before_docbatch": load_docbatch},
    "docbatch": docbatch, "corenlp": corenlp,
    "ratio_docbatch_to_corenlp": {"job_span": round(docbatch["docs_per_s"] / corenlp["docs_per_s"], 3),
                                  "end_to_end": round(docbatch["e2e_docs_per_s"] / corenlp["docs_per_s"], 3),
                                  "cpu_per_doc": round(docbatch["cpu_s_per_doc"] / corenlp["cpu_s_per_doc"], 3)}}))
PY
