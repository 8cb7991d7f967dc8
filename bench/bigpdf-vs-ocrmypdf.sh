#!/usr/bin/env bash
# Benchmark (not a test): one big scanned PDF, read three ways one after the other on this machine:
#   (a) the tesseract CLI over its page images, `xargs -P 2`, OMP_THREAD_LIMIT=1 (the floor: no PDF
#       to open, no rendering, a process per page),
#   (b) ocrmypdf -j 2 --force-ocr (Debian's ocrmypdf, installed here when missing),
#   (c) one docbatch node with its defaults, the PDF as one document of an `ocr` job (its pages read
#       a partition each, docs/ocr.md "Pages as partitions").
# The PDF is generated: PAGES A4 pages at 300 dpi of prose (bench/ocr/PageGenerator.java), an image
# per page and no text layer (bench/ocr/ScanPdf.java). Prints seconds, pages/s, CPU seconds a page
# and the character error rate (CER, bench/ocr/Cer.java) of each against the generated text, and
# appends a JSON line to bench/results.jsonl. docbatch's seconds are its job's own (created_at to
# finished_at), after a warm-up job. The machine is shared: load averages at start and end are kept.
#
#   PAGES=24 bench/bigpdf-vs-ocrmypdf.sh
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
cd "$DOCBATCH_HOME"
ensure_system_packages
command -v ocrmypdf >/dev/null || apt_install ocrmypdf
ensure_build

PAGES="${PAGES:-24}"
work=$(mktemp -d /tmp/docbatch-bigpdf-bench.XXXXXX)
mkdir -p "$work/pages" "$work/documents" "$work/redis" "$work/cli" "$work/docbatch"
read -r REDIS_PORT OFFSET < <(free_ports 1)
node_pid=""
cleanup() {
  [ -n "$node_pid" ] && { kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; }
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
m2="$HOME/.m2/repository"
pdfbox_cp="$m2/org/apache/pdfbox/pdfbox/3.0.6/pdfbox-3.0.6.jar:$m2/org/apache/pdfbox/pdfbox-io/3.0.6/pdfbox-io-3.0.6.jar:$m2/org/apache/pdfbox/fontbox/3.0.6/fontbox-3.0.6.jar:$m2/commons-logging/commons-logging/1.3.5/commons-logging-1.3.5.jar"

log "generating $PAGES pages and the scanned PDF"
java "$DOCBATCH_HOME/bench/ocr/PageGenerator.java" "$work/pages" "$PAGES"
java -cp "$pdfbox_cp" "$DOCBATCH_HOME/bench/ocr/ScanPdf.java" "$work/documents/scan.pdf" "$work/pages"/page-*.png
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

log "(c) one docbatch node, defaults"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null
node_pid=$(REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" \
  OUTPUT_ROOT="$work/output" start_node bigpdf-node "$OFFSET")
await_ready bigpdf-node "$node_pid" "$OFFSET"
api="http://127.0.0.1:$((8080 + OFFSET))/api"

# run_job DOCUMENT: submits an ocr job of one document, waits for its end, prints the job's JSON.
run_job() {
  local job state
  job=$(curl -sf -XPOST "$api/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"ocr\", \"documents\": [\"$1\"]}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  while :; do
    sleep 0.5
    state=$(curl -sf "$api/jobs/$job")
    case "$state" in *finished_at*) break ;; esac
  done
  echo "$state"
}
run_job warmup.png >/dev/null
cpu_before=$(tree_cpu "$node_pid")
job=$(run_job scan.pdf)
cpu_after=$(tree_cpu "$node_pid")
job_id=$(echo "$job" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
curl -sf "$api/jobs/$job_id/results" >"$work/docbatch.json"
docbatch_fields=$(python3 - "$work/docbatch.json" "$work/docbatch" "$job" <<'PY'
import sys, json, datetime, re
results, out, job = json.load(open(sys.argv[1])), sys.argv[2], json.loads(sys.argv[3])
outcome = results["results"][0]
assert outcome["status"] == "completed", outcome
result = outcome["result"]
for page in result["pages"]:
    open(f"{out}/page-{page['page']:03d}.txt", "w", encoding="utf-8").write(page["text"])
at = lambda s: datetime.datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", s.rstrip("Z")))
seconds = (at(job["finished_at"]) - at(job["created_at"])).total_seconds()
nodes = sorted({page.get("node", "") for page in result["pages"]})
print(seconds, len(result["pages"]), result.get("pages_read"), len(result.get("failed_pages", [])), ",".join(nodes))
PY
)
read -r docbatch_s docbatch_pages docbatch_read docbatch_failed docbatch_nodes <<<"$docbatch_fields"
docbatch_cpu=$(python3 -c "print($cpu_after - $cpu_before)")
docbatch_cer=$(cer "$work/pages" "$work/docbatch")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - <<PY | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import json, datetime
pages = $PAGES
side = lambda s, cpu, cer: {"seconds": round(s, 2), "pages_per_s": round(pages / s, 3),
                            "cpu_s_per_page": round(cpu / pages, 3), "cer": round(cer, 5)}
a, b, c = side($cli_s, $cli_cpu, $cli_cer), side($ocrmypdf_s, $ocrmypdf_cpu, $ocrmypdf_cer), \
          side($docbatch_s, $docbatch_cpu, $docbatch_cer)
c.update({"pages_in_result": $docbatch_pages, "failed_pages": $docbatch_failed, "nodes": "$docbatch_nodes"})
print(json.dumps({
  "benchmark": "bigpdf-vs-ocrmypdf", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "pages": pages, "page": "A4 300 dpi, 50 lines, image only", "pdf_mb": $pdf_mb,
  "load_average_start": "$load_start", "load_average_end": "$load_end",
  "tesseract_cli_xargs_p2": a, "ocrmypdf_j2": b, "docbatch_one_node_defaults": c,
  "docbatch_vs_floor_seconds": round(c["seconds"] / a["seconds"], 3),
  "ocrmypdf_vs_docbatch_seconds": round(b["seconds"] / c["seconds"], 3)}))
PY
