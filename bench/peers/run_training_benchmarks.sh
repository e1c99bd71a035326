#!/usr/bin/env bash
# Side-by-side surrogate-gradient training step, Lapicque vs plain PyTorch (issue 4, section 7), for both networks:
#   fc:   784-1000-10 LIF                          (lapicque bench train-fc,   torch_surrogate.py --net fc)
#   conv: 12C5-MP2-64C5-MP2-FC10 LIF on 1x28x28    (lapicque bench train-conv, torch_surrogate.py --net conv)
# Both: beta 0.95, subtract reset, ATan 2, T = 25, batch 128, Adam, Bernoulli rate input, CE on counts, random data.
# Usage: bench/peers/run_training_benchmarks.sh [STEPS [WARMUP [THREADS [NETS]]]]   (defaults 20 3 2 "fc conv")
# Prints the JSON lines and a table per network: median and minimum time per step, peak memory, and the ratio
# PyTorch / Lapicque. The machine may be shared: the load average is printed before and after each run; compare
# the minimum times when it is high.
set -euo pipefail
cd "$(dirname "$0")/../.."
steps=${1:-20}
warmup=${2:-3}
threads=${3:-2}
nets=${4:-fc conv}

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "installing python3-torch (Debian) ..." >&2
  apt-get install -y python3-torch >/dev/null
fi

dotnet build src/Lapicque.Cli -c Release -v quiet -nologo >/dev/null
cli=src/Lapicque.Cli/bin/Release/net10.0/Lapicque.Cli.dll

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
for net in $nets; do
  echo "== $net: load average before $(cut -d' ' -f1-3 /proc/loadavg)"
  lap=$(dotnet "$cli" bench "train-$net" --steps "$steps" --warmup "$warmup" --threads "$threads" --json)
  echo "$lap"
  pt=$(OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads /usr/bin/python3 bench/peers/torch_surrogate.py --net "$net" --steps "$steps" --warmup "$warmup" --threads "$threads")
  echo "$pt"
  echo "   load average after $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/python3 - "$net" "$lap" "$pt" <<'PY'
import json, sys
net, lap, pt = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
print(f"{net:10} {'step median ms':>15} {'step min ms':>12} {'CPU min ms':>11} {'peak MiB':>9}")
for r in (lap, pt):
    print(f"{r['impl']:10} {r['step_ms_median']:15.1f} {r['step_ms_min']:12.1f} {r['cpu_ms_min']:11.1f} {r['peak_mib']:9.1f}")
print(f"{'ratio':10} {pt['step_ms_median'] / lap['step_ms_median']:15.2f} {pt['step_ms_min'] / lap['step_ms_min']:12.2f} "
      f"{pt['cpu_ms_min'] / lap['cpu_ms_min']:11.2f} {pt['peak_mib'] / lap['peak_mib']:9.2f}   (PyTorch / Lapicque; > 1 means Lapicque is faster / smaller)")
PY
done
