#!/usr/bin/env bash
# Side-by-side surrogate-gradient training step, Lapicque vs plain PyTorch (issue 4, section 7):
# 784-1000-10 LIF, beta 0.95, subtract reset, ATan 2, T = 25, batch 128, Adam, Bernoulli rate input, CE on counts.
# Usage: bench/peers/run_training_benchmarks.sh [STEPS [WARMUP [THREADS]]]   (defaults 20 3 2)
# Prints both JSON lines and a table: median time per step, peak memory, and the ratio PyTorch / Lapicque.
set -euo pipefail
cd "$(dirname "$0")/../.."
steps=${1:-20}
warmup=${2:-3}
threads=${3:-2}

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "installing python3-torch (Debian) ..." >&2
  apt-get install -y python3-torch >/dev/null
fi

dotnet build bench/Lapicque.Benchmarks -c Release -v quiet -nologo >/dev/null
dll=bench/Lapicque.Benchmarks/bin/Release/net10.0/Lapicque.Benchmarks.dll

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
lap=$(dotnet "$dll" train-fc-step --steps "$steps" --warmup "$warmup" --threads "$threads")
pt=$(OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads /usr/bin/python3 bench/peers/torch_surrogate.py --steps "$steps" --warmup "$warmup" --threads "$threads")
echo "$lap"
echo "$pt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$lap" "$pt" <<'EOF'
import json, sys
lap, pt = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{'':10} {'step median ms':>15} {'step min ms':>12} {'peak MiB':>9}")
for r in (lap, pt):
    print(f"{r['impl']:10} {r['step_ms_median']:15.1f} {r['step_ms_min']:12.1f} {r['peak_mib']:9.1f}")
print(f"{'ratio':10} {pt['step_ms_median'] / lap['step_ms_median']:15.2f} {pt['step_ms_min'] / lap['step_ms_min']:12.2f} "
      f"{pt['peak_mib'] / lap['peak_mib']:9.2f}   (PyTorch / Lapicque; > 1 means Lapicque is faster / smaller)")
EOF
