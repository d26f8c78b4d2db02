#!/usr/bin/env bash
# ReapLab's explorer against SPIN on the same state graph: sharers-N under reap_kill_all_rfc
# (shared/spin/README.md). For each N it builds SPIN's pan from sharers.pml (-o2, -DNOREDUCE: SPIN's own
# reduction off, like for like), then runs pan and `reaplab explore --no-reduction` alternately, ROUNDS
# times each, and prints the best round of each: states, transitions, wall seconds of the whole command,
# CPU seconds, states/s (by wall time), peak RSS and ReapLab's speed as a multiple of SPIN's. Without SPIN (or gcc) it says so and
# prints ReapLab's figures alone.
#
#   bench/spin-vs-reaplab.sh                 N = 2..5, 3 rounds
#   bench/spin-vs-reaplab.sh 4 5             only N = 4 and 5
#   ROUNDS=1 THREADS=2 bench/spin-vs-reaplab.sh 5
#   REDUCTION=1 bench/spin-vs-reaplab.sh 5 6 7 8   ReapLab with its persistent-set reduction (no SPIN run):
#                                                  states kept and the reduction factor against the full
#                                                  graph's distinct states (known for N = 2..5, SPIN's counts)
#
# ReapLab runs as the command line does: bin/reaplab (class-data sharing archive, JVM settings per
# command) when `mvn package` has built target/cli, else `java -jar target/reaplab.jar`.
#
# Environment: SPIN_DIR (sharers.pml and sharers-N.yaml; default ../shared/spin next to the repository,
# else /work/shared/spin), JAR (default target/reaplab.jar, built if missing; setting it runs that jar
# with java -jar), JAVA_OPTS (extra JVM options for ReapLab), THREADS (explorer threads, default 1),
# ROUNDS (default 3), MAX_SECONDS (ReapLab's time budget, default 600), SPIN (the spin command, default spin).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
spin_dir=${SPIN_DIR:-}
for d in "$repo/../shared/spin" "$repo/../../shared/spin" /work/shared/spin; do
    [[ -z $spin_dir && -f $d/sharers.pml ]] && spin_dir=$(cd "$d" && pwd)
done
[[ -n $spin_dir ]] || { echo "no sharers.pml found: set SPIN_DIR" >&2; exit 2; }
jar=${JAR:-target/reaplab.jar}
[[ -f $jar ]] || mvn -q -B package -DskipTests
if [[ -z ${JAR:-} && -f target/cli/reaplab.jsa ]]; then
    reaplab=(env REAPLAB_JAVA_OPTS="${JAVA_OPTS:-}" bin/reaplab)
else
    # shellcheck disable=SC2206
    reaplab=(java ${JAVA_OPTS:-} -jar "$jar")
fi
rounds=${ROUNDS:-3}
threads=${THREADS:-1}
reduction=${REDUCTION:-0}
max_seconds=${MAX_SECONDS:-600}
ns=("$@"); [[ ${#ns[@]} -gt 0 ]] || ns=(2 3 4 5)

spin=${SPIN:-spin}
have_spin=1
if [[ $reduction == 1 ]]; then
    have_spin=0
    echo "ReapLab with its partial-order reduction: SPIN is not run (its reduction removes no state here)."
elif ! command -v "$spin" >/dev/null || ! command -v gcc >/dev/null; then
    have_spin=0
    echo "SPIN or gcc is not installed (apt-get install -y spin gcc): ReapLab's figures alone."
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# wall seconds, peak RSS (MB) and CPU seconds (user + system) of a command, from GNU time -v; the
# command's stdout goes to $work/out. CPU time says how much of a shared machine a run really got.
timed() {
    /usr/bin/time -v -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
    local wall rss cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time")
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/time")
    echo "$wall $rss $cpu"
}

best() { # keeps the round with the least wall time: "states transitions wall rss cpu"
    local cur=$1 new=$2
    if [[ -z $cur ]]; then echo "$new"; return; fi
    awk -v a="$cur" -v b="$new" 'BEGIN {split(a,x," "); split(b,y," "); print (y[3] < x[3] ? b : a)}'
}

rows=()
for n in "${ns[@]}"; do
    yaml="$spin_dir/sharers-$n.yaml"
    [[ -f $yaml ]] || { echo "no $yaml" >&2; exit 2; }
    if [[ $have_spin == 1 ]]; then
        ( cd "$work" && "$spin" -o2 -DN="$n" -a "$spin_dir/sharers.pml" >/dev/null \
            && gcc -O2 -DSAFETY -DMEMLIM=12000 -DNOREDUCE -o "pan$n" pan.c )
        bits=$(( n >= 5 ? 27 : 24 ))
    fi
    spin_best= ; rl_best=
    for ((r = 1; r <= rounds; r++)); do
        if [[ $have_spin == 1 ]]; then
            read -r wall rss cpu < <(cd "$work" && timed "./pan$n" -m100000 -w$bits)
            st=$(awk '/states, stored/ {print $1; exit}' "$work/out")
            tr=$(awk '/transitions \(/ {print $1; exit}' "$work/out")
            spin_best=$(best "$spin_best" "$st $tr $wall $rss $cpu")
        fi
        opts=(--variant reap_kill_all_rfc --json --max-states 2000000000 --max-seconds "$max_seconds" --threads "$threads")
        [[ $reduction == 1 ]] || opts+=(--no-reduction)
        read -r wall rss cpu < <(timed "${reaplab[@]}" explore "$yaml" "${opts[@]}")
        st=$(jq '.reports[0].distinctStates' "$work/out")
        tr=$(jq '.reports[0].transitions' "$work/out")
        done_=$(jq -r '.reports[0].complete' "$work/out")
        [[ $done_ == true ]] || st="$st(incomplete)"
        rl_best=$(best "$rl_best" "$st $tr $wall $rss $cpu")
    done
    rows+=("$n|$spin_best|$rl_best")
done

rate() { awk -v s="${1%%(*}" -v w="$2" 'BEGIN {printf "%.0f", (w > 0 ? s / w : 0)}'; }
echo
echo "sharers-N under reap_kill_all_rfc, best of $rounds round(s), wall time of the whole command, ReapLab threads=$threads$([[ $reduction == 1 ]] && echo ", reduction on" || echo ", no reduction on either side")"
if [[ $have_spin == 1 ]]; then
    printf '| N | tool | states | transitions | s | CPU s | states/s | peak MB | ReapLab/SPIN states/s |\n|---|---|---|---|---|---|---|---|---|\n'
else
    if [[ $reduction == 1 ]]; then
        printf '| N | tool | states | transitions | s | CPU s | states/s | peak MB | full graph | reduction |\n|---|---|---|---|---|---|---|---|---|---|\n'
    else
        printf '| N | tool | states | transitions | s | CPU s | states/s | peak MB |\n|---|---|---|---|---|---|---|---|\n'
    fi
fi
# distinct states of the full graph (SPIN -o2 and `explore --no-reduction` agree), for the reduction factor
full_states() { case $1 in 2) echo 12331 ;; 3) echo 102576 ;; 4) echo 987487 ;; 5) echo 10313484 ;; *) echo "" ;; esac; }
for row in "${rows[@]}"; do
    IFS='|' read -r n spin rl <<<"$row"
    read -r rs rt rw rm rc <<<"$rl"
    rr=$(rate "$rs" "$rw")
    if [[ $have_spin == 1 ]]; then
        read -r ss stt sw sm sc <<<"$spin"
        sr=$(rate "$ss" "$sw")
        ratio=$(awk -v a="$rr" -v b="$sr" 'BEGIN {printf "%.2f×", (b > 0 ? a / b : 0)}')
        printf '| %s | SPIN | %s | %s | %s | %s | %s | %s | |\n' "$n" "$ss" "$stt" "$sw" "$sc" "$sr" "$sm"
        printf '| %s | ReapLab | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$rs" "$rt" "$rw" "$rc" "$rr" "$rm" "$ratio"
    elif [[ $reduction == 1 ]]; then
        full=$(full_states "$n")
        factor=$( [[ -n $full && $rs != *incomplete* ]] && awk -v f="$full" -v r="$rs" 'BEGIN {printf "%.1f×", f / r}' || echo "–")
        printf '| %s | ReapLab | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$rs" "$rt" "$rw" "$rc" "$rr" "$rm" "${full:-unknown}" "$factor"
    else
        printf '| %s | ReapLab | %s | %s | %s | %s | %s | %s |\n' "$n" "$rs" "$rt" "$rw" "$rc" "$rr" "$rm"
    fi
done
