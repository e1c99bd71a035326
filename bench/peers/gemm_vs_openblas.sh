#!/usr/bin/env bash
# Lapicque's managed SGEMM against OpenBLAS (Debian libopenblas0-pthread, reached by P/Invoke from the benchmark
# project only) on the shapes of issue 4, 1 and 2 threads, interleaved call by call in one process.
#
#   bench/peers/gemm_vs_openblas.sh              # OpenBLAS as installed (its DYNAMIC_ARCH picks the core)
#   bench/peers/gemm_vs_openblas.sh --all        # also with OpenBLAS forced to its AVX-512 kernels, the spike
#                                                # crossover and the micro-kernel ceiling
#
# OpenBLAS 0.3.21 (Debian 12) predates Zen 5 and dispatches to its Haswell (AVX2) kernels there;
# OPENBLAS_CORETYPE=SkylakeX selects its AVX-512 kernels, the stronger peer on this CPU. On a machine shared with
# other jobs, compare the "per CPU-second" columns (flops per second of CPU time actually held) and re-run a few times.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! ldconfig -p | grep -q 'libopenblas\.so\.0'; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq libopenblas0-pthread
  else
    echo "libopenblas.so.0 not found: run 'sudo apt-get install libopenblas0-pthread'" >&2
    exit 1
  fi
fi

dotnet build bench/Lapicque.Benchmarks -c Release -v q -nologo
run() { dotnet bench/Lapicque.Benchmarks/bin/Release/net10.0/Lapicque.Benchmarks.dll gemm "$@"; }

echo "== OpenBLAS as installed =="
run --reps 7
if [ "${1:-}" = "--all" ]; then
  echo "== OpenBLAS with its AVX-512 (SkylakeX) kernels =="
  OPENBLAS_CORETYPE=SkylakeX run --reps 7
  echo "== spike kernel vs dense SGEMM =="
  run --spike --reps 3 --threads 1
  echo "== micro-kernel ceiling =="
  run --micro --reps 10
fi
