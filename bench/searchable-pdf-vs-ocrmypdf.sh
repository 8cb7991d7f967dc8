#!/usr/bin/env bash
# Benchmark (not a test): the same generated scanned PDF made searchable two ways, one after the other
# on this machine:
#   (a) ocrmypdf -j 2 --force-ocr --output-type pdf (Debian's ocrmypdf, installed here when missing),
#   (b) one docbatch node with its defaults, the PDF as one document of an `ocr` job with
#       `outputs: ["pdf"]` (its pages read a partition each, the searchable PDF written by the node
#       that puts them together: docs/outputs.md).
# The PDF is bench/bigpdf-vs-ocrmypdf.sh's: PAGES A4 pages at 300 dpi of prose
# (bench/ocr/PageGenerator.java), an image per page and no text layer (bench/ocr/ScanPdf.java).
# Prints seconds, the output PDF's size, and the character error rate (CER, bench/ocr/Cer.java) of
# pdftotext over each output against the generated text; appends a JSON line to bench/results.jsonl.
# docbatch's seconds are its job's own (created_at to finished_at), after a warm-up job; qpdf --check
# runs on both outputs. The machine is shared: load averages at start and end are kept.
#
#   PAGES=24 bench/searchable-pdf-vs-ocrmypdf.sh
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/nodes.sh" # AUTH_ENABLED=false for its nodes
cd "$DOCBATCH_HOME"
ensure_system_packages
command -v ocrmypdf >/dev/null || apt_install ocrmypdf
command -v pdftotext >/dev/null || apt_install poppler-utils
command -v qpdf >/dev/null || apt_install qpdf
ensure_build

PAGES="${PAGES:-24}"
work=$(mktemp -d /tmp/docbatch-searchable-bench.XXXXXX)
mkdir -p "$work/pages" "$work/documents" "$work/redis" "$work/ocrmypdf" "$work/docbatch"
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
mb() { python3 -c "import os; print(round(os.path.getsize('$1') / 1e6, 2))"; }
pdf_mb=$(mb "$work/documents/scan.pdf")

# pdf_cer PDF DIR: pdftotext of PDF, split at its form feeds into DIR/page-NNN.txt, and the CER of
# those against the generated pages' text.
pdf_cer() {
  pdftotext "$1" "$2.txt"
  python3 - "$2.txt" "$2" <<'PY'
import sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
for i, text in enumerate(pages, 1):
    open(f"{sys.argv[2]}/page-{i:03d}.txt", "w", encoding="utf-8").write(text)
PY
  local args=()
  for expected in "$work/pages"/page-*.txt; do
    args+=("$expected" "$2/$(basename "$expected")")
  done
  java "$DOCBATCH_HOME/bench/ocr/Cer.java" "${args[@]}"
}

qpdf_ok() { if qpdf --check "$1" >/dev/null 2>&1; then echo True; else echo False; fi; } # Python literals, for the summary

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

log "(a) ocrmypdf -j 2 --force-ocr --output-type pdf"
start=$(now)
ocrmypdf -q -j 2 --force-ocr --output-type pdf "$work/documents/scan.pdf" "$work/ocrmypdf.pdf" >/dev/null 2>&1
ocrmypdf_s=$(python3 -c "print($(now) - $start)")
ocrmypdf_mb=$(mb "$work/ocrmypdf.pdf")
ocrmypdf_cer=$(pdf_cer "$work/ocrmypdf.pdf" "$work/ocrmypdf")
ocrmypdf_qpdf=$(qpdf_ok "$work/ocrmypdf.pdf")

log "(b) one docbatch node, defaults, outputs pdf"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$work/redis" --save "" --daemonize yes >/dev/null
node_pid=$(REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" DOCUMENT_ROOT="$work/documents" \
  OUTPUT_ROOT="$work/output" start_node searchable-node "$OFFSET")
await_ready searchable-node "$node_pid" "$OFFSET"
api="http://127.0.0.1:$((8080 + OFFSET))/api"

# run_job DOCUMENT: submits an ocr job of one document asking for a searchable PDF, waits for its
# end, prints the job's JSON.
run_job() {
  local job state
  job=$(curl -sf -XPOST "$api/jobs" -H 'Content-Type: application/json' \
    -d "{\"job_type\": \"ocr\", \"documents\": [\"$1\"], \"options\": {\"outputs\": [\"pdf\"]}}" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
  while :; do
    sleep 0.5
    state=$(curl -sf "$api/jobs/$job")
    case "$state" in *finished_at*) break ;; esac
  done
  echo "$state"
}
run_job warmup.png >/dev/null
job=$(run_job scan.pdf)
job_id=$(echo "$job" | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')
curl -sf "$api/jobs/$job_id/results" >"$work/docbatch.json"
docbatch_s=$(python3 - "$work/docbatch.json" "$job" <<'PY'
import sys, json, datetime, re
results, job = json.load(open(sys.argv[1])), json.loads(sys.argv[2])
outcome = results["results"][0]
assert outcome["status"] == "completed", outcome
assert outcome["result"]["outputs"]["pdf"] == "scan.pdf", outcome["result"].get("outputs")
at = lambda s: datetime.datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", s.rstrip("Z")))
print((at(job["finished_at"]) - at(job["created_at"])).total_seconds())
PY
)
docbatch_pdf="$work/output/$job_id/0/scan.pdf"
docbatch_mb=$(mb "$docbatch_pdf")
docbatch_cer=$(pdf_cer "$docbatch_pdf" "$work/docbatch")
docbatch_qpdf=$(qpdf_ok "$docbatch_pdf")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - <<PY | tee -a "$DOCBATCH_HOME/bench/results.jsonl"
import json, datetime
pages = $PAGES
side = lambda s, mb, cer, ok: {"seconds": round(s, 2), "pages_per_s": round(pages / s, 3),
                               "output_mb": mb, "cer": round(cer, 5), "qpdf_check": ok}
a = side($ocrmypdf_s, $ocrmypdf_mb, $ocrmypdf_cer, $ocrmypdf_qpdf)
b = side($docbatch_s, $docbatch_mb, $docbatch_cer, $docbatch_qpdf)
print(json.dumps({
  "benchmark": "searchable-pdf-vs-ocrmypdf", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
  "pages": pages, "page": "A4 300 dpi, 50 lines, image only", "pdf_mb": $pdf_mb,
  "load_average_start": "$load_start", "load_average_end": "$load_end",
  "ocrmypdf_j2_force_ocr_pdf": a, "docbatch_one_node_outputs_pdf": b,
  "ocrmypdf_vs_docbatch_seconds": round(a["seconds"] / b["seconds"], 3),
  "docbatch_vs_ocrmypdf_size": round(b["output_mb"] / a["output_mb"], 3)}))
PY
