#!/usr/bin/env bash
# Runs a benchmark main from src/test (default SimulationBench) on the test classpath.
#   bench/run.sh                         steps/s and state copies/s over the library
#   bench/run.sh SimulationBench 5       5 s per measurement
set -euo pipefail
cd "$(dirname "$0")/.."
main=${1:-SimulationBench}; shift || true
mvn -q -o test-compile >/dev/null 2>&1 || mvn -q test-compile
cp=$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test 2>/dev/null || mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
class=$(cd src/test/java && grep -rl "class $main\b" . | head -1 | sed 's|^\./||; s|\.java$||; s|/|.|g')
exec java -cp "target/test-classes:target/classes:$cp" "$class" "$@"
