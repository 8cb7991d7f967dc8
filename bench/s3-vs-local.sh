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
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
cd "$DOCBATCH_HOME"
ensure_system_packages
ensure_build

N="${N:-2000}"
PAGES="${PAGES:-40}"
RUNS="${RUNS:-3}"
LIST_N="${LIST_N:-0}"
S3PROXY_JAR=target/s3proxy/s3proxy-jar-with-dependencies.jar
[ -f "$S3PROXY_JAR" ] || mvn -B -q dependency:copy@s3proxy
work=$(mktemp -d /tmp/docbatch-s3-bench.XXXXXX)
mkdir -p "$work/documents" "$work/redis" "$work/s3"
read -r REDIS_PORT OFFSET < <(free_ports 1)
S3_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret-0123456789 AWS_REGION=us-east-1
cat >"$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
PROPS
java -Xmx512m -jar "$S3PROXY_JAR" --properties "$work/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
pids+=($!)
until curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; do sleep 0.2; done
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

# run JOB_TYPE FOLDER PREFIX: the job's seconds from submit to finish, over every file of FOLDER
# named PREFIX<file name>; fails loudly if a document failed.
run() {
  local type=$1 folder=$2 prefix=$3 documents job state start end
  documents=$(ls "$folder" | python3 -c 'import sys,json; print(json.dumps([sys.argv[1] + l.strip() for l in sys.stdin]))' "$prefix")
  start=$(date +%s.%N)
  job=$(curl -sf -XPOST "$api/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"$type\", \"documents\": $documents, \"options\": {\"cache\": false}}" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  until state=$(curl -sf "$api/jobs/$job") && echo "$state" | grep -q finished_at; do sleep 0.1; done
  end=$(date +%s.%N)
  echo "$state" | python3 -c 'import sys,json; j=json.load(sys.stdin); sys.exit(0 if j["failed_tasks"] == 0 else "failed documents: " + str(j["failed_tasks"]))'
  python3 -c "print(round($end - $start, 3))"
}

run validation "$work/documents/small" small/ >/dev/null # warm-up: JIT, pools
small_local=() small_s3=() pages_local=() pages_s3=()
for r in $(seq 1 "$RUNS"); do
  if [ $((r % 2)) -eq 1 ]; then
    small_local+=("$(run validation "$work/documents/small" small/)")
    small_s3+=("$(run validation "$work/documents/small" s3://bench/small/)")
  else
    small_s3+=("$(run validation "$work/documents/small" s3://bench/small/)")
    small_local+=("$(run validation "$work/documents/small" small/)")
  fi
  log "run $r validation: local ${small_local[-1]} s, bucket ${small_s3[-1]} s"
done
run ocr "$work/documents/pages" pages/ >/dev/null # warm-up: Tesseract's children
for r in $(seq 1 "$RUNS"); do
  if [ $((r % 2)) -eq 1 ]; then
    pages_local+=("$(run ocr "$work/documents/pages" pages/)")
    pages_s3+=("$(run ocr "$work/documents/pages" s3://bench/pages/)")
  else
    pages_s3+=("$(run ocr "$work/documents/pages" s3://bench/pages/)")
    pages_local+=("$(run ocr "$work/documents/pages" pages/)")
  fi
  log "run $r ocr: local ${pages_local[-1]} s, bucket ${pages_s3[-1]} s"
done

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
  log "listing of $LIST_N objects: $listing_s s"
fi

python3 - "$N" "$PAGES" "$LIST_N" "$listing_s" "${small_local[*]}" "${small_s3[*]}" "${pages_local[*]}" "${pages_s3[*]}" <<'PY' | tee -a bench/results.jsonl
import sys, json, datetime, statistics
n, pages, list_n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
listing = float(sys.argv[4])
sl, ss, pl, ps = ([float(x) for x in a.split()] for a in sys.argv[5:9])
m = statistics.median
print(json.dumps({
  "benchmark": "s3-vs-local", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "small_documents": n, "pages": pages, "runs": len(sl),
  "validation_local_s": sl, "validation_bucket_s": ss,
  "validation_local_per_s": round(n / m(sl), 1), "validation_bucket_per_s": round(n / m(ss), 1),
  "validation_bucket_vs_local": round(m(sl) / m(ss), 2),
  "ocr_local_s": pl, "ocr_bucket_s": ps,
  "ocr_local_pages_per_s": round(pages / m(pl), 2), "ocr_bucket_pages_per_s": round(pages / m(ps), 2),
  "ocr_bucket_vs_local": round(m(pl) / m(ps), 2),
  "listing_objects": list_n, "listing_s": listing,
  "listing_objects_per_s": round(list_n / listing, 0) if listing else None}))
PY
