#!/usr/bin/env bash
# The browser benchmarks (LongRunBenchmarkIT, VerdictsFirstVisitBenchmarkIT): headless chromium against the
# app, figures printed and written to target/benchmark/*.txt (the README's table quotes them). They are not
# part of `mvn -B verify`: the bench profile runs only them, after compiling and packaging, unit tests skipped.
#
#   bench/browser.sh
#
# Environment: REAPLAB_CHROMIUM (default /usr/bin/chromium), as for the browser tests.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
rm -rf target/benchmark
mvn -B -Pbench verify "$@"
echo
for f in target/benchmark/*.txt; do
    echo "== $f"
    cat "$f"
done
