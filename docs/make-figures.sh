#!/usr/bin/env bash
# Regenerates every figure of the user guide (docs/figures/) from a fresh Release build.
# Each command below is quoted verbatim in docs/neurons.md or docs/simulation.md; the run folders go to runs/docs/
# (ignored by git) and the figures are copied into docs/figures/. Run from anywhere: ./docs/make-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/Lapicque.Cli -c Release

# The CLI as a user runs it from the repository; --no-build because it was built just above.
lapicque() {
    dotnet run --project src/Lapicque.Cli -c Release --no-build -- "$@" > /dev/null
}

rm -rf runs/docs
mkdir -p docs/figures/neurons docs/figures/simulation

# --- docs/neurons.md: one neuron of each model ---------------------------------------------------------------------
lapicque neuron lif --current 20 --onset 20 --offset 180 --duration 200 --dt 0.05 --param ThresholdMv=15 --param RefractoryMs=2 --out runs/docs/neurons/lif
lapicque neuron cubalif --current 0.4 --onset 20 --offset 150 --duration 200 --dt 0.1 --param ThresholdMv=15 --out runs/docs/neurons/cubalif
lapicque neuron if --current 0.5 --onset 20 --offset 180 --duration 200 --dt 0.1 --out runs/docs/neurons/if
lapicque neuron li --current 10 --onset 20 --offset 120 --duration 200 --dt 0.1 --out runs/docs/neurons/li
lapicque neuron alif --current 1.5 --onset 20 --offset 420 --duration 500 --dt 0.1 --out runs/docs/neurons/alif
lapicque neuron qif --current 1 --onset 20 --duration 200 --dt 0.05 --out runs/docs/neurons/qif
lapicque neuron klos-qif --current 0.01 --onset 20 --duration 200 --dt 0.05 --out runs/docs/neurons/klos-qif
lapicque neuron theta --current 1 --onset 20 --offset 20.01 --duration 50 --dt 0.01 --out runs/docs/neurons/theta
lapicque neuron izhikevich --preset RS --current 10 --onset 20 --offset 220 --duration 250 --dt 0.1 --out runs/docs/neurons/izhikevich-rs
lapicque neuron izhikevich --preset IB --current 10 --onset 20 --offset 220 --duration 250 --dt 0.1 --out runs/docs/neurons/izhikevich-ib
lapicque neuron izhikevich --preset CH --current 10 --onset 20 --offset 220 --duration 250 --dt 0.1 --out runs/docs/neurons/izhikevich-ch
lapicque neuron izhikevich --preset FS --current 10 --onset 20 --offset 220 --duration 250 --dt 0.1 --out runs/docs/neurons/izhikevich-fs
lapicque neuron izhikevich --preset LTS --current 10 --onset 20 --offset 220 --duration 250 --dt 0.1 --out runs/docs/neurons/izhikevich-lts
lapicque neuron izhikevich --preset RZ --current 10 --onset 20 --offset 220 --duration 250 --dt 0.1 --out runs/docs/neurons/izhikevich-rz
lapicque neuron izhikevich --preset TC --current -10 --onset 0 --offset 100 --duration 250 --dt 0.1 --out runs/docs/neurons/izhikevich-tc
lapicque neuron izhikevich --preset RS --current 10 --onset 20 --offset 220 --duration 250 --dt 1 --param Integrator=HalfStep --out runs/docs/neurons/izhikevich-rs-paper
lapicque neuron hh --current 10 --onset 10 --duration 110 --dt 0.01 --out runs/docs/neurons/hh
lapicque neuron traub-miles --current 200 --onset 20 --duration 220 --dt 0.01 --out runs/docs/neurons/traub-miles
lapicque neuron adex --current 1000 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex
lapicque neuron adex --preset tonic --current 500 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex-tonic
lapicque neuron adex --preset adapting --current 500 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex-adapting
lapicque neuron adex --preset initial-burst --current 400 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex-initial-burst
lapicque neuron adex --preset regular-bursting --current 210 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex-regular-bursting
lapicque neuron adex --preset delayed-accelerating --current 300 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex-delayed-accelerating
lapicque neuron adex --preset delayed-regular-bursting --current 110 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex-delayed-regular-bursting
lapicque neuron adex --preset transient --current 180 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex-transient
lapicque neuron adex --preset irregular --current 160 --onset 20 --duration 520 --dt 0.1 --out runs/docs/neurons/adex-irregular

for run in runs/docs/neurons/*/; do
    name=$(basename "$run")
    cp "$run/trace.svg" "docs/figures/neurons/$name.svg"
done

# --- docs/simulation.md: the CUBA benchmark network ----------------------------------------------------------------
lapicque simulate examples/cuba.json --out runs/docs/simulation/cuba

for figure in raster isi traces; do
    cp "runs/docs/simulation/cuba/$figure.svg" "docs/figures/simulation/cuba-$figure.svg"
done


# --- docs/plasticity.md: figures of the measured STDP data (CSV written by the plasticity tests' protocols) ----------
lapicque plot docs/plasticity/stdp_windows.csv --x delay_ms --y pair_additive,pair_multiplicative_w0.3,triplet_visual_a2a_single_pair,kheradpisheh_w0.5 --title "STDP windows: weight change after one pre-post pairing" --xlabel "post - pre delay (ms)" --ylabel "weight change" --out docs/figures/plasticity/stdp-windows.svg
lapicque plot docs/plasticity/triplet_frequency.csv --x frequency_hz --y dw_plus10ms,dw_minus10ms --where preset=VisualCortexAllToAll --markers --title "Triplet STDP (visual cortex, all-to-all): 60 pairings" --xlabel "pairing frequency (Hz)" --ylabel "weight change" --out docs/figures/plasticity/triplet-frequency.svg
lapicque plot docs/plasticity/distal_reward_1s.csv --x time_s --y rewarded_weight,mean_other_weight,max_other_weight --title "Distal reward (R-STDP): the rewarded synapse learns from reward alone" --xlabel "time (s)" --ylabel "weight" --out docs/figures/plasticity/distal-reward.svg

# --- docs/plasticity.md: Diehl & Cook, two epochs of MNIST with 100 and 400 neurons (about 20 and 40 minutes) ----------
lapicque train examples/mnist-diehl-cook.json --out runs/docs/plasticity/mnist-diehl-cook
lapicque evaluate runs/docs/plasticity/mnist-diehl-cook
cp runs/docs/plasticity/mnist-diehl-cook/receptive-fields.svg docs/figures/plasticity/diehlcook-100-fields.svg
lapicque train examples/mnist-diehl-cook-400.json --out runs/docs/plasticity/mnist-diehl-cook-400
lapicque evaluate runs/docs/plasticity/mnist-diehl-cook-400
cp runs/docs/plasticity/mnist-diehl-cook-400/receptive-fields.svg docs/figures/plasticity/diehlcook-400-fields.svg
lapicque plot docs/plasticity/diehlcook_curve.csv --x images_trained --y test_accuracy,label_accuracy --markers --title "Diehl & Cook, 100 neurons: accuracy against images trained" --xlabel "training images" --ylabel "accuracy" --out docs/figures/plasticity/diehlcook-curve.svg

# --- docs/exact-gradient.md: the exact-gradient experiments (concept figure, single neuron, recurrent network) ----------
mkdir -p docs/figures/exact
lapicque exact concept --out runs/docs/exact/concept
lapicque exact single --out runs/docs/exact/single
lapicque exact recurrent --out runs/docs/exact/recurrent
cp runs/docs/exact/concept/concept.svg docs/figures/exact/concept.svg
cp runs/docs/exact/single/single-neuron.svg docs/figures/exact/single-neuron.svg
cp runs/docs/exact/recurrent/recurrent.svg docs/figures/exact/recurrent.svg

# --- docs/conversion.md: the MNIST CNN converted to IF neurons (trains the ANN first; times on the page) ---------------
lapicque train examples/mnist-ann-cnn.json --out runs/docs/conversion/mnist-ann-cnn
lapicque convert runs/docs/conversion/mnist-ann-cnn/checkpoints/last.safetensors --steps 10,25,50,100,200 --out runs/docs/conversion/mnist-cnn
mkdir -p docs/figures/conversion
cp runs/docs/conversion/mnist-cnn/accuracy_vs_steps.svg docs/figures/conversion/mnist-cnn-accuracy.svg
cp runs/docs/conversion/mnist-cnn/synops_vs_steps.svg docs/figures/conversion/mnist-cnn-synops.svg
cp runs/docs/conversion/mnist-cnn/conversion.csv docs/figures/conversion/mnist-cnn.csv

# --- docs/encoding.md: the spike encoders (the MNIST image reads LAPICQUE_DATA) -------------------------------------------
mkdir -p docs/figures/encoding
lapicque encode rate --values 0.05,0.25,0.5,0.75,1 --steps 100 --seed 1 --out runs/docs/encoding/rate
lapicque encode poisson --values 0.05,0.25,0.5,0.75,1 --steps 1000 --param MaxRateHz=40 --seed 1 --out runs/docs/encoding/poisson
lapicque encode latency --values 0.05,0.25,0.5,0.75,1 --steps 50 --out runs/docs/encoding/latency
lapicque encode latency --values 0.05,0.25,0.5,0.75,1 --steps 50 --param Mode=Logarithmic --param Threshold=0.02 --out runs/docs/encoding/latency-log
lapicque encode population --values 0.2,0.7 --steps 100 --param NeuronsPerFeature=12 --seed 1 --out runs/docs/encoding/population
lapicque encode delta --sine 100 --steps 200 --param Threshold=0.05 --out runs/docs/encoding/delta
lapicque encode rate --dataset mnist --index 0 --steps 50 --seed 1 --out runs/docs/encoding/mnist-rate
for name in rate poisson latency latency-log population; do
    cp "runs/docs/encoding/$name/raster.svg" "docs/figures/encoding/$name.svg"
done
cp runs/docs/encoding/delta/signal.svg docs/figures/encoding/delta-signal.svg
cp runs/docs/encoding/delta/raster.svg docs/figures/encoding/delta-raster.svg
cp runs/docs/encoding/mnist-rate/image.svg docs/figures/encoding/mnist-rate.svg

# --- docs/training.md: surrogate-gradient training on MNIST (needs --data; about 5 and 20 minutes on 2 idle cores) --------
mkdir -p docs/figures/training
: "${LAPICQUE_DATA:?set LAPICQUE_DATA to the data folder}"
lapicque train examples/mnist-fc.json --data "$LAPICQUE_DATA" --out runs/docs/training/mnist-fc
lapicque train examples/mnist-conv.json --data "$LAPICQUE_DATA" --out runs/docs/training/mnist-conv
for figure in accuracy raster; do
    cp "runs/docs/training/mnist-fc/figures/$figure.svg" "docs/figures/training/mnist-fc-$figure.svg"
done
for figure in accuracy confusion raster rates-conv1 rates-conv2; do
    cp "runs/docs/training/mnist-conv/figures/$figure.svg" "docs/figures/training/mnist-conv-$figure.svg"
done

echo "figures written to docs/figures/"
