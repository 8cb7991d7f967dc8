#!/usr/bin/env bash
# Character error rate of docbatch's OCR with its default options on every TIFF kind, turned pages
# and noisy skewed pages (issue 18, sections 2 and 3): bench/ocr/ReadsRight.java. Not a test: the
# tests assert the limits (TiffVariantsTest, PagesThatComeInWrongTest); this prints each rate and
# appends the worst ones to bench/results.jsonl. Needs ImageMagick (apt-get install imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench-cp.txt)"
mkdir -p target/bench-reads-right
javac -d target/bench-reads-right -cp "$cp" bench/ocr/ReadsRight.java
out=$(java -cp "target/bench-reads-right:$cp" org.docbatch.worker.ocr.ReadsRight 2>/dev/null)
printf '%s\n' "$out" | grep -v '^RESULT '
result=$(printf '%s\n' "$out" | sed -n 's/^RESULT //p')
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf '{"benchmark": "ocr-reads-right", "date": "%s", %s\n' "$date" "${result#\{}" >> bench/results.jsonl
