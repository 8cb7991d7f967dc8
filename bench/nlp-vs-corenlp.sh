#!/usr/bin/env bash
# Benchmark (not a test): NLP documents per second through docbatch against a plain CoreNLP loop, in
# one run on this machine, one after the other, never at once. Same documents (N generated English
# news texts of 3-4 KB, bench/nlp/gen_docs.py), same pipeline properties (PipelineSettings), same
# annotators (ANNOTATORS, default docbatch's: tokenize,ssplit,pos,lemma,ner), 2 threads each, -Xmx2g.
#
# - plain CoreNLP: bench/nlp/PlainCoreNlpLoop.java on the project's class path, one shared pipeline,
#   2 threads; WARMUP documents warm it up, then the other N are timed, RUNS times over.
# - docbatch: the bootable JAR with NLP_WORKERS=2 on a redis-server of its own (free port), models from
#   target/corenlp-models; a warm-up job of the same WARMUP documents (it builds the pipeline), then RUNS
#   jobs of the N documents: documents/s from the job's started_at to finished_at (job span), and from
#   just before the POST to finished_at (end to end).
# Each side reports the median of its RUNS. The warm-up matters: with 8 warm-up documents the server's
# JIT was still compiling through the first timed job (docbatch ran its third job 1.9x faster than its
# first), so the default warm-up is twice the timed set.
# CPU: the node's CPU per second while idle (IDLE_SECONDS after the warm-up), and each side's own CPU seconds over the timed documents (docbatch: server + redis-server), and what
# every other process of the machine took meanwhile (others_cpu_s; /proc/stat): the machine is shared,
# and a busy neighbour skews documents/s far more than CPU seconds per document.
# Appends one JSON line to bench/results.jsonl; target: docbatch >= 0.95x the plain loop.
#
#   bench/nlp-vs-corenlp.sh
#   N=24 WARMUP=8 RUNS=1 bench/nlp-vs-corenlp.sh     # a quick look
#   N=48 WARMUP=20 RUNS=3 NODE_WARMUP=0 bench/nlp-vs-corenlp.sh   # the node without its own warm-up
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh"
cd "$DOCBATCH_HOME"
ensure_system_packages
# The interpreter itself, not a version manager's shim (pyenv's costs a few hundred ms of CPU a call).
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

N="${N:-48}"
WARMUP="${WARMUP:-$((2 * N))}"
RUNS="${RUNS:-5}"
THREADS=2
ANNOTATORS="${ANNOTATORS:-tokenize,ssplit,pos,lemma,ner}"
HEAP="${HEAP:--Xmx2g}"
# The node's own warm-up as it starts (NLP_WARMUP_DOCUMENTS, as on a node that serves NLP); 0: none.
NODE_WARMUP="${NODE_WARMUP:-40}"

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
log "plain CoreNLP loop: $WARMUP warm-up + $RUNS x $N documents, $THREADS threads"
# shellcheck disable=SC2086
plain=$(java $HEAP -cp "$classpath" bench/nlp/PlainCoreNlpLoop.java "$work/plain" "$THREADS" "$WARMUP" \
  "$ANNOTATORS" "$RUNS" 2>"$work/plain.log")
log "plain: $plain"

# --- docbatch -------------------------------------------------------------------------------------
ports=$(free_ports 1)
read -r REDIS_PORT OFFSET <<<"$ports"
API="http://127.0.0.1:$((8080 + OFFSET))/api"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save '' --appendonly no \
  --daemonize yes --logfile "$work/redis.log"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

log "docbatch: NLP_WORKERS=$THREADS, redis on $REDIS_PORT, port offset $OFFSET"
# shellcheck disable=SC2086
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" \
  NLP_WARMUP_DOCUMENTS="$NODE_WARMUP" \
  CORENLP_MODELS_DIR="$DOCBATCH_HOME/target/corenlp-models" NLP_WORKERS="$THREADS" NLP_MIN_WORKERS="$THREADS" \
  java @"$JVM_OPTIONS" $HEAP -jar "$BOOTABLE_JAR" -Djboss.socket.binding.port-offset="$OFFSET" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$((9990 + OFFSET))/health/ready" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { log "docbatch exited; see $work/server.log"; exit 1; }
  sleep 0.5
done

# CPU seconds: of the whole machine (user, nice, system, irq, softirq, steal), of one process.
machine_cpu() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / {print ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat; }
process_cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

# Submits a job of the files in one folder and waits for it, all in one Python process started before
# the POST: the harness must not compete with the node for this machine's 2 cores (a curl and a grep
# every 0.1 s, and pyenv's shims around each python3, took up to 0.45 of a core during a job).
# Prints {"posted": epoch seconds just before the POST, "job": its final state}.
run_job() {
  "$PYTHON" - "$API" "$work/documents" "$1" "$ANNOTATORS" <<'PY'
import json, os, sys, time, urllib.request
api, root, folder, annotators = sys.argv[1:]
documents = sorted(f"{folder}/{name}" for name in os.listdir(f"{root}/{folder}") if name.endswith(".txt"))
# "cache": false: the timed runs read the same documents again, which the result cache would answer.
body = json.dumps({"job_type": "nlp", "options": {"annotators": annotators, "cache": False},
                   "documents": documents}).encode()
request = urllib.request.Request(f"{api}/jobs", body, {"Content-Type": "application/json"})
posted = time.time()
with urllib.request.urlopen(request) as answer:
    job_id = json.load(answer)["job_id"]
while True:
    time.sleep(0.5)
    with urllib.request.urlopen(f"{api}/jobs/{job_id}") as answer:
        state = json.load(answer)
    if "finished_at" in state:
        print(json.dumps({"posted": posted, "job": state}))
        break
PY
}
# The node's own warm-up (NODE_WARMUP) ends before the timed part begins: seconds from ready to its end.
node_warmup_s=0
if [ "$NODE_WARMUP" -gt 0 ]; then
  ready_at=$(date +%s.%N)
  for _ in $(seq 1 600); do
    grep -q 'DOCBATCH-1900' "$work/server.log" && break
    sleep 0.5
  done
  node_warmup_s=$(echo "$(date +%s.%N) - $ready_at" | bc)
  log "the node's own warm-up of $NODE_WARMUP documents ended ${node_warmup_s} s after ready"
fi
warm_state=$(run_job warmup | "$PYTHON" -c 'import sys,json; print(json.dumps(json.load(sys.stdin)["job"]))')
warm_load_ms=$(curl -sf "$API/jobs/$(echo "$warm_state" | "$PYTHON" -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')/results" \
  | "$PYTHON" -c 'import sys,json; print(max(r.get("result", {}).get("load_ms", 0) for r in json.load(sys.stdin)["results"]))')
# What the node costs doing nothing (heartbeats, lease and stop polling, the server itself), over
# IDLE_SECONDS after the warm-up: part of its CPU per document that the plain loop does not pay.
idle_before=$(process_cpu "$server_pid")
sleep "${IDLE_SECONDS:-10}"
idle_cpu_per_s=$(awk -v a="$idle_before" -v b="$(process_cpu "$server_pid")" -v s="${IDLE_SECONDS:-10}" \
  'BEGIN {print (b - a) / s}')
load_before_docbatch=$(cut -d' ' -f1-3 /proc/loadavg)
redis_pid=$(redis-cli -p "$REDIS_PORT" info server | awk -F: '/^process_id/ {print $2}' | tr -d '\r')
: >"$work/docbatch-runs.jsonl"
for run in $(seq 1 "$RUNS"); do
  cpu_before="$(machine_cpu) $(process_cpu "$server_pid") $(process_cpu "$redis_pid")"
  outcome=$(run_job timed)
  cpu_after="$(machine_cpu) $(process_cpu "$server_pid") $(process_cpu "$redis_pid")"
  echo "$outcome" | "$PYTHON" -c 'import sys,json; r=json.load(sys.stdin); r["cpu_before"], r["cpu_after"] = sys.argv[1:]; print(json.dumps(r))' \
    "$cpu_before" "$cpu_after" >>"$work/docbatch-runs.jsonl"
  log "docbatch run $run of $RUNS: $(echo "$outcome" | "$PYTHON" -c 'import sys,json; j=json.load(sys.stdin)["job"]; print(j["status"], j["started_at"], j["finished_at"])')"
done
rss_kb=$(ps -o rss= -p "$server_pid" | tr -d ' ')
log_problems=$(grep -cE ' (ERROR|SEVERE) ' "$work/server.log" || true)

NODE_WARMUP="$NODE_WARMUP" NODE_WARMUP_S="$node_warmup_s" \
  "$PYTHON" - "$N" "$WARMUP" "$THREADS" "$ANNOTATORS" "$doc_bytes" "$plain" "$warm_state" "$work/docbatch-runs.jsonl" \
  "$warm_load_ms" "$rss_kb" "$log_problems" "$load_before_plain" "$load_before_docbatch" "$idle_cpu_per_s" \
  <<'PY' | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import os, sys, json, datetime, statistics
(n, warmup, threads, annotators, doc_bytes, plain, warm, runs_file, load_ms, rss, problems,
 load_plain, load_docbatch, idle) = sys.argv[1:]
n, plain, warm = int(n), json.loads(plain), json.loads(warm)
ts = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")[:26] + "+00:00").timestamp()
runs = []
for line in open(runs_file):
    r = json.loads(line)
    job = r["job"]
    machine, server_cpu, redis_cpu = (b - a for a, b in zip(map(float, r["cpu_before"].split()),
                                                           map(float, r["cpu_after"].split())))
    span = ts(job["finished_at"]) - ts(job["started_at"])
    e2e = ts(job["finished_at"]) - r["posted"]
    runs.append({"status": job["status"], "completed": job["completed_tasks"], "failed": job["failed_tasks"],
                 "job_span_s": round(span, 3), "docs_per_s": round(n / span, 3),
                 "e2e_s": round(e2e, 3), "e2e_docs_per_s": round(n / e2e, 3),
                 "server_cpu_s": round(server_cpu, 2), "redis_cpu_s": round(redis_cpu, 2),
                 "cpu_s_per_doc": round((server_cpu + redis_cpu) / n, 3),
                 "others_cpu_s": round(machine - server_cpu - redis_cpu, 2)})
median = lambda rows, key: round(statistics.median(r[key] for r in rows), 3)
docbatch = {"docs_per_s": median(runs, "docs_per_s"), "e2e_docs_per_s": median(runs, "e2e_docs_per_s"),
            "cpu_s_per_doc": median(runs, "cpu_s_per_doc"), "warmup_status": warm["status"],
            "load_ms": int(load_ms), "idle_server_cpu_s_per_s": round(float(idle), 3),
            "server_rss_mb": round(int(rss) / 1024), "server_log_errors": int(problems),
            "node_warmup_documents": int(os.environ["NODE_WARMUP"]),
            "node_warmup_s_after_ready": round(float(os.environ["NODE_WARMUP_S"]), 1), "runs": runs}
plain_runs = [dict(r, cpu_s_per_doc=round(r["cpu_s"] / n, 3)) for r in plain["runs"]]
corenlp = {"docs_per_s": median(plain_runs, "docs_per_s"), "cpu_s_per_doc": median(plain_runs, "cpu_s_per_doc"),
           "load_ms": plain["load_ms"], "tokens": plain["tokens"], "runs": plain_runs}
print(json.dumps({
    "benchmark": "nlp-vs-corenlp",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
    "documents": n, "warmup_documents": int(warmup), "runs": len(runs), "threads": int(threads),
    "annotators": annotators, "avg_doc_bytes": round(int(doc_bytes) / n),
    "tokens_per_doc": round(plain["tokens"] / n),
    "loadavg": {"before_plain": load_plain, "before_docbatch": load_docbatch},
    "docbatch": docbatch, "corenlp": corenlp,
    "ratio_docbatch_to_corenlp": {"job_span": round(docbatch["docs_per_s"] / corenlp["docs_per_s"], 3),
                                  "end_to_end": round(docbatch["e2e_docs_per_s"] / corenlp["docs_per_s"], 3),
                                  "cpu_per_doc": round(docbatch["cpu_s_per_doc"] / corenlp["cpu_s_per_doc"], 3),
                                  # each side's first timed run: how warm WARMUP documents left it
                                  "first_run": round(runs[0]["docs_per_s"] / plain_runs[0]["docs_per_s"], 3),
                                  "first_run_cpu_per_doc": round(runs[0]["cpu_s_per_doc"]
                                                                 / plain_runs[0]["cpu_s_per_doc"], 3)}}))
PY
