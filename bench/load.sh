#!/usr/bin/env bash
# Load test (issue 10): starts the packaged jar on a random loopback port with a throwaway data directory,
# runs bench LoadBench against it for SECONDS (default 40), prints the figures and stops the server.
# Everything is on 127.0.0.1, bounded in count and time, and ends by itself.
#   bench/load.sh [SECONDS]
# The per-client limits and the storage quota are raised for the run: every load client here is one address
# (127.0.0.1), and the upload flood stores tens of thousands of scenarios. The machine's load average is printed
# before and after: on a shared machine the figures mean little without it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-40}
[ -f target/reaplab.jar ] || mvn -q -o package -DskipTests
mvn -q -o test-compile >/dev/null 2>&1 || mvn -q test-compile
data=$(mktemp -d /tmp/reaplab-load.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
java -Xms64m -Xmx1g -XX:+UseG1GC -XX:G1PeriodicGCInterval=2000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
     -jar target/reaplab.jar --server.port="$port" --server.address=127.0.0.1 \
     --spring.datasource.url="jdbc:h2:file:$data/reaplab" --logging.level.root=WARN \
     --reaplab.guard.requests-per-second=100000 --reaplab.guard.request-burst=100000 \
     --reaplab.guard.writes-per-minute=1000000 --reaplab.guard.write-burst=100000 \
     --reaplab.streams.per-client=1000 --reaplab.jobs.per-client=100 --reaplab.jobs.queue=100 \
     --reaplab.storage.max-scenarios=10000000 --reaplab.storage.max-source-bytes=64GB \
     >"$data/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 1
done
cp=$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test 2>/dev/null || true)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
timeout $((seconds + 240)) java -cp "target/test-classes:target/classes:$cp" org.reaplab.web.bench.LoadBench "$port" "$server" "$seconds"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
