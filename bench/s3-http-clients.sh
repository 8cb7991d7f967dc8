#!/usr/bin/env bash
# Benchmark (not a test): which of the AWS SDK's synchronous HTTP clients docbatch's object store
# should use (issue 20: "your choice by measurement"). GETs of small objects from an S3Proxy on
# loopback through the SDK's S3 client over URLConnection (docbatch's), Apache and AWS CRT, rounds
# alternating; the process's CPU per GET and time per GET (bench/s3/HttpClientCost.java). The
# Apache and CRT clients are fetched from Maven Central for the benchmark only.
#
#   N=4000 THREADS=4 ROUNDS=5 bench/s3-http-clients.sh
set -euo pipefail
source "$(dirname "$0")/../bin/lib/setup.sh"
source "$(dirname "$0")/lib/s3proxy.sh"
cd "$DOCBATCH_HOME"
ensure_build

N="${N:-4000}"
THREADS="${THREADS:-4}"
ROUNDS="${ROUNDS:-5}"
clients=target/http-clients
for artifact in software.amazon.awssdk:apache-client:2.59.1 org.apache.httpcomponents:httpclient:4.5.14 \
  org.apache.httpcomponents:httpcore:4.4.16 commons-logging:commons-logging:1.3.5 \
  commons-codec:commons-codec:1.17.1 software.amazon.awssdk:aws-crt-client:2.59.1 \
  software.amazon.awssdk.crt:aws-crt:0.50.0; do
  [ -f "$clients/$(echo "$artifact" | cut -d: -f2)-$(echo "$artifact" | cut -d: -f3).jar" ] ||
    mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$clients" >/dev/null
done

work=$(mktemp -d /tmp/docbatch-http-clients.XXXXXX)
start_s3proxy "$work"
trap 'kill $S3PROXY_PID 2>/dev/null; wait $S3PROXY_PID 2>/dev/null; rm -rf "$work"' EXIT

cp="target/classes:$(cat target/config-tool.classpath):$(ls "$clients"/*.jar | tr '\n' :)"
python3 bench/lib/small_documents.py "$work/small" 300
java -cp "$cp" bench/s3/PutObjects.java "http://127.0.0.1:$S3_PORT" s3://bench/small/ "$work/small" 2>/dev/null
java -cp "$cp" bench/s3/HttpClientCost.java "http://127.0.0.1:$S3_PORT" s3://bench/small/ "$N" "$THREADS" "$ROUNDS" \
  2> >(grep -v -e SLF4J -e '^Note:' >&2) | tee "$work/rounds.txt"
python3 - "$work/rounds.txt" "$N" "$THREADS" <<'PY' | tee -a bench/results.jsonl
import sys, json, datetime, statistics, re
rows = [re.match(r"round (\d+) (\S+)\s+cpu ([\d.]+) ms/GET, wall ([\d.]+)", l).groups() for l in open(sys.argv[1])]
out = {"benchmark": "s3-http-clients", "date": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
       "gets_per_round": int(sys.argv[2]), "threads": int(sys.argv[3])}
for client in dict.fromkeys(r[1] for r in rows):
    # the first round warms each client up: left out of the medians
    mine = [r for r in rows if r[1] == client and r[0] != "0"]
    out[client + "_cpu_ms_per_get"] = statistics.median(float(r[2]) for r in mine)
    out[client + "_ms_per_get"] = statistics.median(float(r[3]) for r in mine)
print(json.dumps(out))
PY
