#!/usr/bin/env bash
# Rerun the BullMQ micro-benchmark: starts ONE redis-server on 127.0.0.1:6391, runs bench.mjs 5x, stops redis by PID.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/bullmq ] || npm ci --no-audit --no-fund   # bullmq 6.7.0 and ioredis, as package-lock.json pins them
redis-server --port 6391 --bind 127.0.0.1 --save '' --appendonly no --daemonize no > redis.log 2>&1 &
RPID=$!
trap 'kill $RPID 2>/dev/null || true' EXIT
for i in $(seq 1 50); do redis-cli -p 6391 ping >/dev/null 2>&1 && break; sleep 0.1; done
for r in 1 2 3 4 5; do echo "## run $r"; REDIS_PORT=6391 node bench.mjs "${N:-20000}"; done | tee results-rerun.txt
