#!/usr/bin/env bash
# What one page of a big scanned PDF costs docbatch's page reading, in CPU seconds (not wall
# seconds, so that it means something on a shared machine), with and without orientation detection
# (auto_rotate), against rendering alone: bench/ocr/PageCost.java over PAGES (default 8) generated A4
# pages at 300 dpi, the pages bench/bigpdf-vs-ocrmypdf.sh reads. In this process, the engine in the
# calling thread: an OCR child's pipe is not counted. Appends a summary to bench/results.jsonl.
#
#   PAGES=8 bench/page-cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${PAGES:-8}"
mvn -o -q compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=runtime
cp="target/classes:$(cat target/bench-cp.txt)"
work=$(mktemp -d /tmp/docbatch-page-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages" "$work/classes"
java bench/ocr/PageGenerator.java "$work/pages" "$PAGES"
java -cp "$cp" bench/ocr/ScanPdf.java "$work/scan.pdf" "$work/pages"/page-*.png
javac -d "$work/classes" -cp "$cp" bench/ocr/PageCost.java
java -cp "$work/classes:$cp" org.docbatch.worker.ocr.PageCost "$work/scan.pdf" \
  "${TESSDATA_PATH:-/usr/share/tesseract-ocr/5/tessdata}" bench/results.jsonl
