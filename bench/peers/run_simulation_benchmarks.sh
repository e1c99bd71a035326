#!/usr/bin/env bash
# Times Lapicque's clock-driven simulator and Brian2 (cpp_standalone) on the three standard networks (CUBA, COBA,
# COBAHH: 4000 neurons, 2% connectivity, dt 0.1 ms, 1 s) on this machine in one go, and prints a table with the
# simulation times (set-up and compilation excluded) and the ratio Brian2 / Lapicque.
#
# Usage: bench/peers/run_simulation_benchmarks.sh [REPEAT]        (default 3 runs per engine, network and thread count)
# Environment: NETWORKS="cuba coba cobahh"  THREADS="1 2"  SEED=1  DURATION_MS=1000  OUT=bench-results.jsonl
#              SKIP_BUILD=1 (use the Release build already there)
#
# Threads 1 means Brian2 without OpenMP (its fastest single-thread build) and Lapicque with --threads 1; threads N > 1
# means Brian2 with N OpenMP threads and Lapicque with --threads N. Brian2 compiles once per network and thread
# count and then reruns the compiled program REPEAT times; Lapicque runs REPEAT fresh processes. Each row reports the
# best run, the spread (slowest / best) and the 1-minute load average when the row was measured: on a shared machine
# wall times are only comparable within a row.
#
# Brian2's OpenMP threads run with OMP_WAIT_POLICY=passive (set OMP_WAIT_POLICY=active to override): with the default
# busy-waiting, a 2-thread Brian2 run on a loaded 2-core machine takes 100 times longer than its 1-thread run, because
# every one of its many barriers per step waits for a preempted thread. Lapicque's worker team spins briefly and then
# blocks, which is what "passive" asks of OpenMP.
#
# What Brian2 reports is not the same clock in both modes: without OpenMP its run_s is the process CPU time of the run
# loop (std::clock), with OpenMP it is wall time (omp_get_wtime). So for threads 1 the script also measures Lapicque's
# CPU time of the simulation, as the CPU time of a full run minus that of a 1 ms run (start-up, JIT and set-up), and
# the table gives the ratio both ways; on a loaded machine the CPU-time ratio is the like-for-like one.
set -euo pipefail

REPEAT="${1:-3}"
NETWORKS="${NETWORKS:-cuba coba cobahh}"
THREADS="${THREADS:-1 2}"
SEED="${SEED:-1}"
DURATION_MS="${DURATION_MS:-1000}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-$(mktemp --suffix=.jsonl)}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
PY=/usr/bin/python3   # Debian's python3, where python3-brian lives (not a pyenv or venv python)

cd "$ROOT"
if ! "$PY" -c "import brian2" 2>/dev/null; then
    echo "Installing python3-brian (Brian2) ..." >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get install -y python3-brian g++ >&2
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
    echo "Building Lapicque (Release) ..." >&2
    dotnet build src/Lapicque.Cli/Lapicque.Cli.csproj -c Release -v quiet -nologo >&2
fi
LAPICQUE="$ROOT/src/Lapicque.Cli/bin/Release/net10.0/Lapicque.Cli"

load() { cut -d' ' -f1 /proc/loadavg; }

# CPU seconds (user + system) that a command takes, from getrusage of the child.
cpu_of() {
    "$PY" -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime)' "$@"
}

: > "$OUT"
for net in $NETWORKS; do
    for t in $THREADS; do
        bt="$t"
        if [ "$t" = "1" ]; then bt=0; fi
        echo "$net, $t thread(s): Brian2 (compiling, then $REPEAT runs) ..." >&2
        b2=$("$PY" bench/peers/brian2_networks.py "$net" --seed "$SEED" --duration-ms "$DURATION_MS" --threads "$bt" --repeat "$REPEAT" 2>/dev/null | tail -n 1)
        echo "{\"engine\":\"brian2\",\"threads\":$t,\"load\":$(load),\"result\":$b2}" >> "$OUT"
        echo "$net, $t thread(s): Lapicque ($REPEAT runs) ..." >&2
        for ((r = 0; r < REPEAT; r++)); do
            lq=$("$LAPICQUE" bench "$net" --seed "$SEED" --duration "$DURATION_MS" --threads "$t" --json)
            echo "{\"engine\":\"lapicque\",\"threads\":$t,\"load\":$(load),\"result\":$lq}" >> "$OUT"
        done
        if [ "$t" = "1" ]; then
            echo "$net, 1 thread: Lapicque CPU time ($REPEAT pairs of runs) ..." >&2
            for ((r = 0; r < REPEAT; r++)); do
                full=$(cpu_of "$LAPICQUE" bench "$net" --seed "$SEED" --duration "$DURATION_MS" --threads 1 --json)
                base=$(cpu_of "$LAPICQUE" bench "$net" --seed "$SEED" --duration 1 --threads 1 --json)
                echo "{\"engine\":\"lapicque-cpu\",\"threads\":1,\"load\":$(load),\"result\":{\"network\":\"$net\",\"cpu_s\":$(printf "%.6f" "$(echo "$full - $base" | bc -l)")}}" >> "$OUT"
            done
        fi
    done
done

"$PY" - "$OUT" <<'PYEOF'
import json, sys
from collections import defaultdict
rows = defaultdict(lambda: {"brian2": [], "lapicque": [], "cpu": [], "load": [], "rate": {}})
order = []
for line in open(sys.argv[1]):
    d = json.loads(line)
    r = d["result"]
    key = (r.get("network") or r.get("workload"), d["threads"])
    if key not in rows:
        order.append(key)
    row = rows[key]
    row["load"].append(d["load"])
    if d["engine"] == "lapicque-cpu":
        row["cpu"].append(r["cpu_s"])
        continue
    row["rate"][d["engine"]] = r["rate_hz"]
    row[d["engine"]] += r["runs_s"] if d["engine"] == "brian2" else [r["run_s"]]

print()
print(f"{'network':8} {'thr':>3} {'Brian2 best s':>13} {'spread':>6} {'Lapicque best s':>15} {'spread':>6} "
      f"{'Brian2/Lapicque':>15} {'Lq CPU s':>8} {'B2/Lq CPU':>9} {'rate B2 Hz':>10} {'rate Lq Hz':>10} {'load':>11}")
for key in order:
    row = rows[key]
    b, l = min(row["brian2"]), min(row["lapicque"])
    cpu = f"{min(row['cpu']):.3f}" if row["cpu"] else "-"
    cpu_ratio = f"{b / min(row['cpu']):.2f}x" if row["cpu"] else "-"
    print(f"{key[0]:8} {key[1]:>3} {b:>13.3f} {max(row['brian2']) / b:>6.2f} {l:>15.3f} {max(row['lapicque']) / l:>6.2f} "
          f"{b / l:>14.2f}x {cpu:>8} {cpu_ratio:>9} {row['rate']['brian2']:>10.2f} {row['rate']['lapicque']:>10.2f} "
          f"{min(row['load']):>5.1f}-{max(row['load']):<5.1f}")
print("\nBrian2 times: CPU time of its run loop with 1 thread (no OpenMP), wall time with more (OpenMP).")
print("Lapicque times: wall time of the run; Lq CPU s: its CPU time (1 thread only). Ratios of the best runs.")
print(f"Raw results: {sys.argv[1]}")
PYEOF
