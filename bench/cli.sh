#!/usr/bin/env bash
# Wall time, CPU time and peak memory of the command line (issue #12 point 4 and the library target),
# each command run ROUNDS times in turn; prints the median and the best wall time, the median CPU
# seconds (user + system) and the largest peak RSS of each, with the load average before and after.
#
#   bench/cli.sh                   every command below, 5 rounds
#   ROUNDS=9 bench/cli.sh run      only the commands whose label starts with "run"
#
# Commands (bin/reaplab, i.e. the class-data sharing archive `mvn package` builds in target/cli):
#   run          run 01-proc-reader-race.yaml (a 33-step library scenario, its timeline printed)
#   check        check 01-proc-reader-race.yaml
#   explore-1    explore 01-proc-reader-race.yaml --variant baseline --threads 1; "overhead" is the wall
#                time minus the exploration's own seconds (the report's), i.e. what starting costs
#   library      explore src/main/resources/scenarios/*.yaml --all-variants (the library x 6 presets;
#                the issue's target: under 3 s wall)
#   library-full the same with --no-reduction (every state stored)
#
# Environment: ROUNDS (default 5), REAPLAB (the command, default bin/reaplab; e.g. "java -jar target/reaplab.jar").
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
[[ -f target/cli/reaplab.jsa ]] || mvn -q -B package -DskipTests
rounds=${ROUNDS:-5}
# shellcheck disable=SC2206
reaplab=(${REAPLAB:-bin/reaplab})
lib=src/main/resources/scenarios
first=$lib/01-proc-reader-race.yaml
only=("$@")

labels=(run check explore-1 library library-full)
declare -A cmd=(
    [run]="run $first"
    [check]="check $first"
    [explore-1]="explore $first --variant baseline --threads 1"
    [library]="explore $lib/*.yaml --all-variants"
    [library-full]="explore $lib/*.yaml --all-variants --no-reduction"
)
wanted() {
    [[ ${#only[@]} -eq 0 ]] && return 0
    local o
    for o in "${only[@]}"; do [[ $1 == "$o"* ]] && return 0; done
    return 1
}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "load before: $(uptime | sed 's/.*load average: //')   ($(nproc) cores, ${rounds} rounds, ${reaplab[*]})"

declare -A walls cpus rss overheads
for ((r = 0; r < rounds; r++)); do
    for l in "${labels[@]}"; do
        wanted "$l" || continue
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${reaplab[@]}" ${cmd[$l]} >"$work/out" 2>"$work/err" || true
        read -r wall user sys kb < <(tail -1 "$work/time") # after "Command exited with non-zero status 1"
        walls[$l]+="$wall "
        cpus[$l]+="$(echo "$user + $sys" | bc) "
        rss[$l]+="$((kb / 1024)) "
        if [[ $l == explore-1 ]]; then
            # the report's own seconds: "..., 0.21 s, 8,094 states/s"
            own=$(grep -o ', [0-9.]* s, ' "$work/out" | grep -o '[0-9.]*' | paste -sd+ | bc)
            overheads[$l]+="$(echo "$wall - ${own:-0}" | bc) "
        fi
        if [[ $r == 0 && $l == library* ]]; then
            grep -c ' under ' "$work/out" | sed "s/^/  $l: cells reported: /"
            tail -1 "$work/out" | sed "s/^/  $l: /"
        fi
    done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
minimum() { tr ' ' '\n' | grep . | sort -g | head -1; }
maximum() { tr ' ' '\n' | grep . | sort -g | tail -1; }
printf '%-13s %12s %10s %12s %9s %s\n' command "median wall" "best wall" "median CPU" "peak MB" ""
for l in "${labels[@]}"; do
    wanted "$l" || continue
    extra=""
    [[ -n ${overheads[$l]:-} ]] && extra="start-up overhead (wall - exploring) median $(echo "${overheads[$l]}" | median) s"
    printf '%-13s %10s s %8s s %10s s %9s %s\n' "$l" "$(echo "${walls[$l]}" | median)" "$(echo "${walls[$l]}" | minimum)" \
        "$(echo "${cpus[$l]}" | median)" "$(echo "${rss[$l]}" | maximum)" "$extra"
done
echo "load after: $(uptime | sed 's/.*load average: //')"
