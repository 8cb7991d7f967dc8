#!/usr/bin/env bash
# Benchmark (not a test): documents read from an S3-compatible store against the same documents in
# the node's local folder, side by side in one run on one node (issue 20):
#   - N small documents (a third text, PNG, PDF) in a `validation` job,
#   - PAGES generated A4 page images at 300 dpi in an `ocr` job,
# each RUNS times, local and bucket alternating; then, with LIST_N > 0, the listing rate of a
# prefix of LIST_N tiny objects (a `noop` job from {"source": {"prefix": ...}}, listed until
# listing_done). The store is S3Proxy on loopback (its filesystem backend): what is measured is
# docbatch's cost of a request per document, not a network. Medians and ratios (bucket / local
# rate) go to bench/results.jsonl.
#
#   N=2000 PAGES=40 RUNS=3 LIST_N=100000 bench/s3-vs-local.sh
#   PIN_CPUS=0 STORE_CPUS=1 N=2000 PAGES=0 RUNS=5 bench/s3-vs-local.sh   # the store on a core of its own
#   S3PROXY_PROVIDER=transient N=200 PAGES=0 RUNS=1 LIST_N=100000 bench/s3-vs-local.sh  # listing, in memory
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
source "$(dirname "$0")/lib/s3proxy.sh"
cd "$DOCBATCH_HOME"
ensure_system_packages
ensure_build

N="${N:-2000}"
PAGES="${PAGES:-40}"
RUNS="${RUNS:-3}"
LIST_N="${LIST_N:-0}"
work=$(mktemp -d /tmp/docbatch-s3-bench.XXXXXX)
mkdir -p "$work/documents" "$work/redis"
read -r REDIS_PORT OFFSET < <(free_ports 1)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# STORE_CPUS (a taskset list, with PIN_CPUS for the node) gives the store cores of its own, as a remote
# store has: then the node's cost of a request is what the two sides differ by, not the store's CPU.
start_s3proxy "$work"
s3proxy=$S3PROXY_PID
pids+=("$s3proxy")
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null

put() { java -cp "target/classes:$(cat target/config-tool.classpath)" bench/s3/PutObjects.java "http://127.0.0.1:$S3_PORT" "$@"; }
python3 bench/lib/small_documents.py "$work/documents/small" "$N"
mkdir -p "$work/documents/pages"
java bench/ocr/PageGenerator.java "$work/documents/pages" "$PAGES" >/dev/null
rm -f "$work/documents/pages"/*.txt # the generator's ground truth: not documents to read here
log "putting $N small documents and $PAGES pages into the bucket"
put s3://bench/small/ "$work/documents/small"
put s3://bench/pages/ "$work/documents/pages"

pid=$(start_node s3-bench "$OFFSET" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
  DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output" MAX_QUEUE_SIZE=1000000 \
  NOOP_JOBS_ENABLED=true OCR_WORKERS=2 S3_ENDPOINT="http://127.0.0.1:$S3_PORT" S3_PATH_STYLE=true \
  S3_ALLOWED=s3://bench/)
pids+=("$pid")
await_ready s3-bench "$pid" "$OFFSET"
api="http://127.0.0.1:$((8080 + OFFSET))/api"

# cpu PID: the CPU seconds a process has used so far (user + system).
cpu() { python3 -c "import os; f=open('/proc/$1/stat').read().rsplit(')',1)[1].split(); print((int(f[11])+int(f[12]))/os.sysconf('SC_CLK_TCK'))"; }

# run JOB_TYPE FOLDER PREFIX: the job's seconds from submit to finish, over every file of FOLDER
# named PREFIX<file name>, then the CPU seconds the node and the store used meanwhile; fails loudly
# if a document failed.
run() {
  local type=$1 folder=$2 prefix=$3 documents job state start end node_cpu store_cpu
  documents=$(ls "$folder" | python3 -c 'import sys,json; print(json.dumps([sys.argv[1] + l.strip() for l in sys.stdin]))' "$prefix")
  node_cpu=$(cpu "$pid") store_cpu=$(cpu "$s3proxy")
  start=$(date +%s.%N)
  job=$(curl -sf -XPOST "$api/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"$type\", \"documents\": $documents, \"options\": {\"cache\": false}}" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  until state=$(curl -sf "$api/jobs/$job") && echo "$state" | grep -q finished_at; do sleep 0.1; done
  end=$(date +%s.%N)
  echo "$state" | python3 -c 'import sys,json; j=json.load(sys.stdin); sys.exit(0 if j["failed_tasks"] == 0 else "failed documents: " + str(j["failed_tasks"]))'
  python3 -c "print(round($end - $start, 3), round($(cpu "$pid") - $node_cpu, 2), round($(cpu "$s3proxy") - $store_cpu, 2))"
}

# compare JOB_TYPE FOLDER LOCAL_PREFIX BUCKET_PREFIX: a warm-up run, then RUNS runs of each side,
# alternating which goes first; a line "side seconds node_cpu store_cpu" per run in $work/JOB_TYPE.runs.
compare() {
  local type=$1 folder=$2 sides r side
  sides=("local $3" "bucket $4")
  run "$type" "$folder" "$3" >/dev/null # warm-up of each side: JIT, pools, Tesseract's children
  run "$type" "$folder" "$4" >/dev/null
  for r in $(seq 1 "$RUNS"); do
    [ $((r % 2)) -eq 1 ] || sides=("${sides[1]}" "${sides[0]}")
    for side in "${sides[@]}"; do
      echo "${side%% *} $(run "$type" "$folder" "${side#* }")" >>"$work/$type.runs"
    done
    log "run $r $type: $(tail -2 "$work/$type.runs" | tr '\n' ' ')"
  done
}
compare validation "$work/documents/small" small/ s3://bench/small/
[ "$PAGES" -gt 0 ] && compare ocr "$work/documents/pages" pages/ s3://bench/pages/

listing_s=0
if [ "$LIST_N" -gt 0 ]; then
  put s3://bench/many/ --tiny "$LIST_N"
  start=$(date +%s.%N)
  job=$(curl -sf -XPOST "$api/jobs" -H 'Content-Type: application/json' \
    -d '{"job_type": "noop", "source": {"prefix": "s3://bench/many/"}}' |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  until curl -sf "$api/jobs/$job" | python3 -c 'import sys,json; j=json.load(sys.stdin); sys.exit(0 if j.get("listing", {}).get("listing_done") else 1)'; do sleep 0.1; done
  end=$(date +%s.%N)
  listing_s=$(python3 -c "print(round($end - $start, 3))")
  read -r _ store_listing_s < <(java -cp "target/classes:$(cat target/config-tool.classpath)" \
    bench/s3/ListObjects.java "http://127.0.0.1:$S3_PORT" s3://bench/many/ 2>/dev/null | tail -1)
  log "listing of $LIST_N objects: docbatch $listing_s s, the store's own listing $store_listing_s s"
fi

python3 - "$N" "$PAGES" "$LIST_N" "$listing_s" "$work" "${store_listing_s:-0}" <<'PY' | tee -a bench/results.jsonl
import sys, json, datetime, os, statistics
n, pages, list_n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
listing, work, store_listing = float(sys.argv[4]), sys.argv[5], float(sys.argv[6])
m = statistics.median
out = {"benchmark": "s3-vs-local", "node_cpus": os.environ.get("PIN_CPUS", "all"),
       "store_cpus": os.environ.get("STORE_CPUS", "all"), "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
       "small_documents": n, "pages": pages, "runs": 0}
for type, count in (("validation", n), ("ocr", pages)):
    path = os.path.join(work, type + ".runs")
    if not os.path.exists(path):
        continue
    runs = [line.split() for line in open(path)]
    side = {s: [[float(x) for x in r[1:]] for r in runs if r[0] == s] for s in ("local", "bucket")}
    out["runs"] = len(side["local"])
    for s, rs in side.items():
        out[f"{type}_{s}_s"] = [r[0] for r in rs]
        out[f"{type}_{s}_per_s"] = round(count / m(r[0] for r in rs), 2)
        # CPU per document in ms: the node's, and the store's (S3Proxy on this machine: what a remote
        # store would spend on its own cores)
        out[f"{type}_{s}_node_cpu_ms"] = round(1000 * m(r[1] for r in rs) / count, 3)
        out[f"{type}_{s}_store_cpu_ms"] = round(1000 * m(r[2] for r in rs) / count, 3)
    out[f"{type}_bucket_vs_local"] = round(m(r[0] for r in side["local"]) / m(r[0] for r in side["bucket"]), 2)
out.update({"store": os.environ.get("S3PROXY_PROVIDER", "filesystem"),
            "listing_objects": list_n, "listing_s": listing,
            "listing_objects_per_s": round(list_n / listing, 0) if listing else None,
            # the same prefix listed by one client, no job: what the store itself allows
            "store_listing_s": store_listing,
            "store_listing_objects_per_s": round(list_n / store_listing, 0) if store_listing else None})
print(json.dumps(out))
PY
