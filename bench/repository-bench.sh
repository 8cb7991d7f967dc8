#!/usr/bin/env bash
# Benchmark (not a test): RedisJobRepository beside JBeret's in-memory and JDBC (H2) repositories,
# in one JVM under JBeret SE, on a job of one partitioned step of no-op partitions. Starts its own
# redis-server on a free port, prints a table and appends one JSON line to bench/results.jsonl.
# Sources: bench/repository/ (compiled here against target/classes and the test class path).
#
#   bench/repository-bench.sh
#   PARTITIONS=10000 THREADS=8 WARMUPS=1 RUNS=5 bench/repository-bench.sh
#   MAIN_CLASSES=/tmp/changed/classes bench/repository-bench.sh   # docbatch classes built elsewhere
set -euo pipefail
HOME_DIR="$(cd "$(dirname "$0")/.." && pwd)"
cd "$HOME_DIR"

PARTITIONS="${PARTITIONS:-10000}"
THREADS="${THREADS:-8}"
WARMUPS="${WARMUPS:-1}"
RUNS="${RUNS:-5}"
H2_VERSION=2.3.232 # the version JBeret 3.1.0.Final builds and tests with
H2_JAR="$HOME/.m2/repository/com/h2database/h2/$H2_VERSION/h2-$H2_VERSION.jar"

work=$(mktemp -d /tmp/docbatch-repository-bench.XXXXXX)
cleanup() {
  if [ -n "${redis_pid:-}" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Maven's output goes to a log, shown only when it fails.
maven() { mvn -B "$@" >"$work/maven.log" 2>&1 || { cat "$work/maven.log" >&2; exit 1; }; }

# Compiles the main classes when they are missing or older than a source file.
repository_class=target/classes/org/docbatch/repository/RedisJobRepository.class
if [ ! -f "$repository_class" ] || [ -n "$(find src/main pom.xml -newer "$repository_class" -print -quit)" ]; then
  maven -o -q compile
fi
[ -f "$H2_JAR" ] || maven -q dependency:get -Dartifact="com.h2database:h2:$H2_VERSION"
maven -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt"
classpath="${MAIN_CLASSES:-target/classes}:$(cat "$work/cp.txt"):$H2_JAR"
mkdir -p "$work/classes"
javac -Xlint:all,-path -d "$work/classes" -cp "$classpath" bench/repository/*.java
# bench/repository itself is on the class path for META-INF/batch-jobs/repository-bench.xml.
classpath="$work/classes:bench/repository:$classpath"

# A free port, never Redis's usual 6379 or 6380.
port=$(python3 -c '
import socket
while True:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    if p not in (6379, 6380): print(p); break')
redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no \
  --daemonize no >"$work/redis.log" 2>&1 &
redis_pid=$!
until redis-cli -p "$port" ping >/dev/null 2>&1; do
  kill -0 "$redis_pid" 2>/dev/null || { cat "$work/redis.log" >&2; exit 1; }
  sleep 0.1
done

if ! java -Xms2g -Xmx2g -cp "$classpath" -Dpartitions="$PARTITIONS" -Dthreads="$THREADS" \
    -Dwarmups="$WARMUPS" -Druns="$RUNS" -Dredis.url="redis://127.0.0.1:$port" \
    -Dout="$work/result.json" RepositoryBench >"$work/table.txt" 2>"$work/bench.log"; then
  tail -n 40 "$work/bench.log" >&2
  exit 1
fi
grep '^round' "$work/bench.log" >&2 || true
grep -v "^Weld SE container" "$work/table.txt" # Weld's shutdown hook prints to stdout
cat "$work/result.json" | tee -a "$HOME_DIR/bench/results.jsonl"
