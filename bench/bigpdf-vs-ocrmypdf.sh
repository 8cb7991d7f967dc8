#!/usr/bin/env bash
# Benchmark (not a test): one big scanned PDF, read three ways one after the other on this machine:
#   (a) the tesseract CLI over its page images, `xargs -P 2`, OMP_THREAD_LIMIT=1 (the floor: no PDF
#       to open, no rendering, a process per page),
#   (b) ocrmypdf -j 2 --force-ocr (Debian's ocrmypdf, installed here when missing),
#   (c) one docbatch node with its defaults, the PDF as one document of an `ocr` job (its pages read
#       a partition each, docs/ocr.md "Pages as partitions"),
#   (d) a PDF of D_PAGES pages (default 48) on one node held to core 0 (taskset -c 0), then on two
#       nodes of one Redis held to core 0 and core 1: on this 2-core machine that is how a second
#       node's help shows. SKIP_D=1 (or D_PAGES=0) leaves (d) out.
# After (c) the same PDF is submitted again, and answered from the result cache: its seconds too.
# Then (c) is read again on the same node with "auto_rotate": false (NO_ROTATE=0 leaves it out), and
# for both readings the pages' own figures are kept: the mean of their ocr_ms (in the OCR engine,
# orientation detection included) and of their duration_ms (the page partition's whole run: opening
# the PDF, rendering, the engine, recording), and how many pages were read twice or preprocessed.
# The PDF is generated: PAGES A4 pages at 300 dpi of prose (bench/ocr/PageGenerator.java), an image
# per page and no text layer (bench/ocr/ScanPdf.java). Prints seconds, pages/s, CPU seconds a page
# and the character error rate (CER, bench/ocr/Cer.java) of each against the generated text, and
# appends a JSON line to bench/results.jsonl. docbatch's seconds are its job's own (created_at to
# finished_at), after a warm-up job. The machine is shared: load averages at start and end are kept.
#
#   PAGES=24 D_PAGES=48 bench/bigpdf-vs-ocrmypdf.sh
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
cd "$DOCBATCH_HOME"
ensure_system_packages
command -v ocrmypdf >/dev/null || apt_install ocrmypdf
ensure_build

PAGES="${PAGES:-24}"
D_PAGES="${D_PAGES:-48}"
SKIP_D="${SKIP_D:-}"
[ "$D_PAGES" -gt 0 ] || SKIP_D=1
NO_ROTATE="${NO_ROTATE:-1}"
work=$(mktemp -d /tmp/docbatch-bigpdf-bench.XXXXXX)
mkdir -p "$work/generated" "$work/pages" "$work/pages-d" "$work/documents" "$work/redis" "$work/cli"
read -r REDIS_PORT OFFSET OFFSET_2 < <(free_ports 2)
node_pids=()
stop_nodes() {
  for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  node_pids=()
}
cleanup() {
  stop_nodes
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
m2="$HOME/.m2/repository"
pdfbox_cp="$m2/org/apache/pdfbox/pdfbox/3.0.6/pdfbox-3.0.6.jar:$m2/org/apache/pdfbox/pdfbox-io/3.0.6/pdfbox-io-3.0.6.jar:$m2/org/apache/pdfbox/fontbox/3.0.6/fontbox-3.0.6.jar:$m2/commons-logging/commons-logging/1.3.5/commons-logging-1.3.5.jar"

# The generator is seeded: the first PAGES pages generated are also the first pages of (d)'s PDF.
all_pages=$(( SKIP_D || PAGES > D_PAGES ? PAGES : D_PAGES ))
log "generating $all_pages pages and the scanned PDFs"
java "$DOCBATCH_HOME/bench/ocr/PageGenerator.java" "$work/generated" "$all_pages"
# link_pages DIR N: DIR holds the first N generated pages and their texts.
link_pages() {
  for i in $(seq -f '%03g' 1 "$2"); do ln -s "$work/generated/page-$i".* "$1/"; done
}
link_pages "$work/pages" "$PAGES"
java -cp "$pdfbox_cp" "$DOCBATCH_HOME/bench/ocr/ScanPdf.java" "$work/documents/scan.pdf" "$work/pages"/page-*.png
if [ -z "$SKIP_D" ]; then
  link_pages "$work/pages-d" "$D_PAGES"
  java -cp "$pdfbox_cp" "$DOCBATCH_HOME/bench/ocr/ScanPdf.java" "$work/documents/scan-d.pdf" "$work/pages-d"/page-*.png
fi
cp "$work/pages/page-001.png" "$work/documents/warmup.png"
pdf_mb=$(python3 -c "import os; print(round(os.path.getsize('$work/documents/scan.pdf') / 1e6, 1))")

# cer EXPECTED_DIR READ_DIR: CER of READ_DIR/page-NNN.txt against EXPECTED_DIR/page-NNN.txt.
cer() {
  local args=()
  for expected in "$1"/page-*.txt; do
    args+=("$expected" "$2/$(basename "$expected")")
  done
  java "$DOCBATCH_HOME/bench/ocr/Cer.java" "${args[@]}"
}

# CPU seconds (user + system) of a process and all its descendants, reaped ones included.
tree_cpu() {
  python3 - "$1" <<'PY'
import os, sys
root, parents, times = int(sys.argv[1]), {}, {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    parents[int(pid)] = int(fields[1])
    times[int(pid)] = sum(int(x) for x in fields[11:15])
def descends(pid):
    while pid > 1:
        if pid == root:
            return True
        pid = parents.get(pid, 0)
    return False
print(sum(t for pid, t in times.items() if descends(pid)) / os.sysconf("SC_CLK_TCK"))
PY
}

# children_cpu TIMES_OUTPUT: the finished children's user + system seconds from bash's `times`.
children_cpu() {
  python3 -c '
import re, sys
children = sys.argv[1].strip().splitlines()[-1]
print(sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", children)))' "$1"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

log "(a) tesseract CLI, xargs -P 2"
start=$(now)
times_a=$(
  ls "$work/pages"/*.png | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} sh -c \
    'tesseract "$1" "$2/$(basename "$1" .png)" >/dev/null 2>&1' _ {} "$work/cli"
  times
)
cli_s=$(python3 -c "print($(now) - $start)")
cli_cpu=$(children_cpu "$times_a")
cli_cer=$(cer "$work/pages" "$work/cli")

log "(b) ocrmypdf -j 2 --force-ocr"
start=$(now)
times_b=$(
  ocrmypdf -q -j 2 --force-ocr --output-type pdf --sidecar "$work/ocrmypdf.txt" \
    "$work/documents/scan.pdf" "$work/ocrmypdf.pdf" >/dev/null 2>&1
  times
)
ocrmypdf_s=$(python3 -c "print($(now) - $start)")
ocrmypdf_cpu=$(children_cpu "$times_b")
mkdir -p "$work/ocrmypdf"
python3 - "$work/ocrmypdf.txt" "$work/ocrmypdf" <<'PY'
import sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
for i, text in enumerate(pages, 1):
    open(f"{sys.argv[2]}/page-{i:03d}.txt", "w", encoding="utf-8").write(text)
PY
ocrmypdf_cer=$(cer "$work/pages" "$work/ocrmypdf")

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" OUTPUT_ROOT="$work/output"
api=""

# start_nodes NAME:OFFSET[:CPU] ...: starts docbatch nodes on the benchmark's Redis (pinned to CPU
# when given), waits until each is ready, and points $api at the first.
start_nodes() {
  local spec name offset cpu pid
  for spec in "$@"; do
    IFS=: read -r name offset cpu <<<"$spec"
    pid=$(PIN_CPUS="$cpu" start_node "$name" "$offset")
    await_ready "$name" "$pid" "$offset"
    node_pids+=("$pid")
  done
  IFS=: read -r name offset cpu <<<"$1"
  api="http://127.0.0.1:$((8080 + offset))/api"
}

# run_job DOCUMENT...: submits an ocr job of these documents (with the options JOB_OPTIONS, a JSON
# object, when set), waits for its end, prints its JSON.
run_job() {
  local documents job state options='{}'
  documents=$(printf '"%s",' "$@")
  [ -z "${JOB_OPTIONS:-}" ] || options=$JOB_OPTIONS
  job=$(curl -sf -XPOST "$api/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"ocr\", \"documents\": [${documents%,}], \"options\": $options}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  while :; do
    sleep 0.5
    state=$(curl -sf "$api/jobs/$job")
    case "$state" in *finished_at*) break ;; esac
  done
  echo "$state"
}

# nodes_cpu: CPU seconds the running nodes have used so far, together.
nodes_cpu() {
  local total=0 pid
  for pid in "${node_pids[@]}"; do total=$(python3 -c "print($total + $(tree_cpu "$pid"))"); done
  echo "$total"
}

# read_big DOCUMENT EXPECTED_DIR: runs an ocr job of one document on the running nodes (after a
# warm-up job that gives every node a page); prints seconds, CPU seconds, CER, pages in the
# result, failed pages, the nodes that read pages, the pages' mean ocr_ms and duration_ms, and how
# many were read twice and preprocessed. JOB_OPTIONS (a JSON object) are the big job's options.
read_big() {
  local out="$work/read-${1%.pdf}${3:-}" job job_id cpu_before cpu_after fields
  mkdir -p "$out"
  JOB_OPTIONS= run_job $(for _ in "${node_pids[@]}" "${node_pids[@]}"; do echo warmup.png; done) >/dev/null
  cpu_before=$(nodes_cpu)
  job=$(run_job "$1")
  cpu_after=$(nodes_cpu)
  job_id=$(echo "$job" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  curl -sf "$api/jobs/$job_id/results" >"$out.json"
  fields=$(python3 - "$out.json" "$out" "$job" "$api" <<'PY'
import sys, json, datetime, re, urllib.request
results, out, job = json.load(open(sys.argv[1])), sys.argv[2], json.loads(sys.argv[3])
outcome = results["results"][0]
assert outcome["status"] == "completed", outcome
result = outcome["result"]
text = result["text"]
if result.get("text_truncated"):
    # Past MAX_RESULT_KB the whole text is an artifact (docs/api.md#artifacts).
    base = sys.argv[4][: -len("/api")]
    text = urllib.request.urlopen(base + result["text_artifact_url"]).read().decode("utf-8")
for page in result["pages"]:
    # a page's text is its slice of the document's (text_begin, text_end)
    text_of_page = text[page["text_begin"]:page["text_end"]]
    open(f"{out}/page-{page['page']:03d}.txt", "w", encoding="utf-8").write(text_of_page)
at = lambda s: datetime.datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", s.rstrip("Z")))
seconds = (at(job["finished_at"]) - at(job["created_at"])).total_seconds()
nodes = {}
for page in result["pages"]:
    nodes[page.get("node", "")] = nodes.get(page.get("node", ""), 0) + 1
ocr = [p for p in result["pages"] if p.get("source") == "ocr"]
mean = lambda key: round(sum(p.get(key, 0) for p in ocr) / max(len(ocr), 1))
print(seconds, len(result["pages"]), len(result.get("failed_pages", [])),
      ",".join(f"{n}={c}" for n, c in sorted(nodes.items())), mean("ocr_ms"), mean("duration_ms"),
      sum(1 for p in ocr if p.get("read_twice")), sum(1 for p in ocr if p.get("preprocessed")))
PY
  )
  read -r seconds pages failed nodes ocr_ms duration_ms twice cleaned <<<"$fields"
  echo "$seconds" "$(python3 -c "print($cpu_after - $cpu_before)")" "$(cer "$2" "$out")" "$pages" "$failed" \
    "$nodes" "$ocr_ms" "$duration_ms" "$twice" "$cleaned"
}

log "(c) one docbatch node, defaults"
start_nodes "bigpdf-node:$OFFSET"
read -r docbatch_s docbatch_cpu docbatch_cer docbatch_pages docbatch_failed docbatch_nodes \
  docbatch_ocr_ms docbatch_duration_ms docbatch_twice docbatch_cleaned < <(read_big scan.pdf "$work/pages")
# The same PDF again: answered from the result cache (docs/api.md "Results reused").
resubmitted_s=$(run_job scan.pdf | python3 -c '
import sys, json, datetime, re
job = json.load(sys.stdin)
at = lambda s: datetime.datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", s.rstrip("Z")))
print((at(job["finished_at"]) - at(job["created_at"])).total_seconds())')
no_rotate_json="null"
if [ "$NO_ROTATE" != 0 ]; then
  log "(c) again, \"auto_rotate\": false"
  read -r nr_s nr_cpu nr_cer nr_pages nr_failed nr_nodes nr_ocr_ms nr_duration_ms nr_twice nr_cleaned \
    < <(JOB_OPTIONS='{"auto_rotate": false, "cache": false}' read_big scan.pdf "$work/pages" -no-rotate)
  no_rotate_json=$(python3 -c "
import json
print(json.dumps({'seconds': round($nr_s, 2), 'pages_per_s': round($PAGES / $nr_s, 3),
  'cpu_s_per_page': round($nr_cpu / $PAGES, 3), 'cer': round($nr_cer, 5), 'pages_in_result': $nr_pages,
  'failed_pages': $nr_failed, 'page_ocr_ms_mean': $nr_ocr_ms, 'page_duration_ms_mean': $nr_duration_ms,
  'pages_read_twice': $nr_twice, 'pages_preprocessed': $nr_cleaned}))")
fi
stop_nodes

d_json="null"
if [ -z "$SKIP_D" ]; then
  log "(d) $D_PAGES pages: one node on core 0"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  start_nodes "one-core:$OFFSET:0"
  read -r one_s one_cpu one_cer one_pages one_failed one_nodes _ < <(read_big scan-d.pdf "$work/pages-d")
  stop_nodes
  log "(d) $D_PAGES pages: two nodes, on core 0 and core 1"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  start_nodes "core-0:$OFFSET:0" "core-1:$OFFSET_2:1"
  read -r two_s two_cpu two_cer two_pages two_failed two_nodes _ < <(read_big scan-d.pdf "$work/pages-d")
  stop_nodes
  d_json=$(python3 - <<PY
import json
pages = $D_PAGES
side = lambda s, cpu, cer, n, failed, nodes: {
    "seconds": round(s, 2), "pages_per_s": round(pages / s, 3), "cpu_s_per_page": round(cpu / pages, 3),
    "cer": round(cer, 5), "pages_in_result": n, "failed_pages": failed, "pages_by_node": nodes}
one = side($one_s, $one_cpu, $one_cer, $one_pages, $one_failed, "$one_nodes")
two = side($two_s, $two_cpu, $two_cer, $two_pages, $two_failed, "$two_nodes")
print(json.dumps({"pages": pages, "one_node_core_0": one, "two_nodes_core_0_and_1": two,
                  "two_vs_one_pages_per_s": round(two["pages_per_s"] / one["pages_per_s"], 3)}))
PY
  )
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - <<PY | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import json, datetime
pages = $PAGES
side = lambda s, cpu, cer: {"seconds": round(s, 2), "pages_per_s": round(pages / s, 3),
                            "cpu_s_per_page": round(cpu / pages, 3), "cer": round(cer, 5)}
a, b, c = side($cli_s, $cli_cpu, $cli_cer), side($ocrmypdf_s, $ocrmypdf_cpu, $ocrmypdf_cer), \
          side($docbatch_s, $docbatch_cpu, $docbatch_cer)
c.update({"pages_in_result": $docbatch_pages, "failed_pages": $docbatch_failed, "pages_by_node": "$docbatch_nodes",
          "page_ocr_ms_mean": $docbatch_ocr_ms, "page_duration_ms_mean": $docbatch_duration_ms,
          "pages_read_twice": $docbatch_twice, "pages_preprocessed": $docbatch_cleaned,
          "resubmitted_seconds": round($resubmitted_s, 3),
          "resubmitted_speedup": round($docbatch_s / max($resubmitted_s, 0.001), 1)})
print(json.dumps({
  "benchmark": "bigpdf-vs-ocrmypdf", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "pages": pages, "page": "A4 300 dpi, 50 lines, image only", "pdf_mb": $pdf_mb,
  "load_average_start": "$load_start", "load_average_end": "$load_end",
  "tesseract_cli_xargs_p2": a, "ocrmypdf_j2": b, "docbatch_one_node_defaults": c,
  "docbatch_one_node_auto_rotate_false": json.loads('$no_rotate_json'),
  "docbatch_vs_floor_seconds": round(c["seconds"] / a["seconds"], 3),
  "ocrmypdf_vs_docbatch_seconds": round(b["seconds"] / c["seconds"], 3),
  "two_nodes": json.loads('$d_json')}))
PY
