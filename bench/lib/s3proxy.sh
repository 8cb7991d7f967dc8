# Sourced by the object-storage benchmarks: an S3Proxy on a free loopback port.
#
# start_s3proxy FOLDER: starts S3Proxy (its filesystem backend under FOLDER/s3, or the in-memory one
# with S3PROXY_PROVIDER=transient; on the cores STORE_CPUS names, a taskset list, if set), waits
# until it answers, and sets S3_PORT, S3_ENDPOINT and S3PROXY_PID. Exports the benchmark's
# credentials (AWS_ACCESS_KEY_ID, ...), which the store and the clients share.
start_s3proxy() {
  local folder=$1 jar=target/s3proxy/s3proxy-jar-with-dependencies.jar
  [ -f "$jar" ] || mvn -B -q dependency:copy@s3proxy
  export AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret-0123456789 AWS_REGION=us-east-1
  S3_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  mkdir -p "$folder/s3"
  cat >"$folder/s3proxy.properties" <<PROPS
s3proxy.endpoint=$S3_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=${S3PROXY_PROVIDER:-filesystem}
jclouds.filesystem.basedir=$folder/s3
PROPS
  ${STORE_CPUS:+taskset -c "$STORE_CPUS"} java -Xmx512m -jar "$jar" \
    --properties "$folder/s3proxy.properties" >"$folder/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!
  until curl -s -o /dev/null "$S3_ENDPOINT/"; do
    kill -0 "$S3PROXY_PID" 2>/dev/null || { tail -20 "$folder/s3proxy.log" >&2; return 1; }
    sleep 0.2
  done
}
