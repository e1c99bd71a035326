#!/usr/bin/env python3
"""Brian2 versions of the three standard benchmark networks (Brette et al. 2007, after Vogels & Abbott 2005), built as
Lapicque's examples/cuba.json, coba.json and cobahh.json are, for timing and firing-rate comparison.

Usage: python3 brian2_networks.py cuba|coba|cobahh [--seed N] [--duration-ms 1000] [--threads 2] [--target standalone|runtime]
                                  [--repeat N]

Prints one JSON line: {"network", "seed", "rate_hz", "setup_s", "run_s", "runs_s", "target", "threads"}; run_s is the
simulation time only (for cpp_standalone it is Brian2's own timing of the run loop, without code generation and
compilation), the best of --repeat runs of the compiled program (all of them in runs_s). --threads 0 builds without OpenMP.
Needs Debian's python3-brian (apt-get install python3-brian) and a C++ compiler.
"""
import argparse
import json
import os
import shutil
import tempfile
import time


def build(name, b2):
    from brian2 import mV, ms, nS, umetre, cm, ufarad, siemens, msiemens
    common = dict(Vt=-50 * mV, Vr=-60 * mV, taum=20 * ms, taue=5 * ms, taui=10 * ms)
    if name == "cuba":
        ns = dict(common, El=-49 * mV, we=60 * 0.27 / 10 * mV, wi=-20 * 4.5 / 10 * mV)
        eqs = """dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
                 dge/dt = -ge / taue : volt
                 dgi/dt = -gi / taui : volt"""
        P = b2.NeuronGroup(4000, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * ms, method="exact", namespace=ns)
        P.v = "Vr + rand() * (Vt - Vr)"
    elif name == "coba":
        ns = dict(common, El=-60 * mV, Ee=0 * mV, Ei=-80 * mV, we=6.0 / 10.0, wi=67.0 / 10.0)
        # Conductances relative to the leak (10 nS), as in Lapicque's coba.json.
        eqs = """dv/dt = (ge * (Ee - v) + gi * (Ei - v) - (v - El)) / taum : volt (unless refractory)
                 dge/dt = -ge / taue : 1
                 dgi/dt = -gi / taui : 1"""
        P = b2.NeuronGroup(4000, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * ms, method="euler", namespace=ns)
        P.v = "Vr + rand() * (Vt - Vr)"
        P.ge = "randn() * 1.5 + 4"
        P.gi = "randn() * 12 + 20"
    elif name == "cobahh":
        area = 20000 * umetre ** 2
        ns = dict(Cm=(1 * ufarad * cm ** -2) * area, gl=(5e-5 * siemens * cm ** -2) * area, El=-60 * mV, EK=-90 * mV,
                  ENa=50 * mV, g_na=(100 * msiemens * cm ** -2) * area, g_kd=(30 * msiemens * cm ** -2) * area,
                  VT=-63 * mV, taue=5 * ms, taui=10 * ms, Ee=0 * mV, Ei=-80 * mV, we=6 * nS, wi=67 * nS)
        eqs = """dv/dt = (gl*(El-v) + ge*(Ee-v) + gi*(Ei-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK))/Cm : volt
                 dm/dt = alpha_m*(1-m) - beta_m*m : 1
                 dn/dt = alpha_n*(1-n) - beta_n*n : 1
                 dh/dt = alpha_h*(1-h) - beta_h*h : 1
                 dge/dt = -ge*(1./taue) : siemens
                 dgi/dt = -gi*(1./taui) : siemens
                 alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
                 beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
                 alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
                 beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
                 alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
                 beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz"""
        P = b2.NeuronGroup(4000, eqs, threshold="v > -20*mV", refractory=3 * ms, method="exponential_euler", namespace=ns)
        P.v = "El + (randn() * 5 - 5)*mV"
        P.ge = "(randn() * 1.5 + 4) * 10.*nS"
        P.gi = "(randn() * 12 + 20) * 10.*nS"
    else:
        raise SystemExit(f"unknown network {name!r}; expected cuba, coba or cobahh")
    Ce = b2.Synapses(P[:3200], P, on_pre="ge += we", namespace=ns)
    Ci = b2.Synapses(P[3200:], P, on_pre="gi += wi", namespace=ns)
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)
    M = b2.SpikeMonitor(P)
    return b2.Network(P, Ce, Ci, M), M


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("network")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--duration-ms", type=float, default=1000.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--target", choices=["standalone", "runtime"], default="standalone")
    ap.add_argument("--repeat", type=int, default=1, help="runs of the compiled standalone program; the best is run_s")
    a = ap.parse_args()
    import brian2 as b2
    b2.prefs.core.default_float_dtype = __import__("numpy").float64
    workdir = None
    if a.target == "standalone":
        workdir = tempfile.mkdtemp(prefix="brian2_" + a.network + "_")
        b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
        b2.prefs.devices.cpp_standalone.openmp_threads = a.threads
    else:
        b2.prefs.codegen.target = "cython"
    b2.seed(a.seed)
    b2.defaultclock.dt = 0.1 * b2.ms
    t0 = time.perf_counter()
    net, M = build(a.network, b2)
    net.run(a.duration_ms * b2.ms, profile=(a.target == "standalone"))
    if a.target == "standalone":
        b2.device.build(directory=workdir, compile=True, run=True, debug=False)
        total = time.perf_counter() - t0
        # Brian2 reports the time spent in the run loop itself.
        runs = [float(b2.device._last_run_time)]
        setup_s = total - runs[0]
        # Later runs reuse the compiled program: same seed, same network, same work.
        for _ in range(a.repeat - 1):
            b2.device.run(directory=workdir, with_output=False, run_args=[])
            runs.append(float(b2.device._last_run_time))
        run_s = min(runs)
    else:
        total = time.perf_counter() - t0
        run_s, setup_s = total, 0.0
        runs = [run_s]
    rate = M.num_spikes / 4000.0 / (a.duration_ms / 1000.0)
    print(json.dumps(dict(network=a.network, seed=a.seed, rate_hz=rate, setup_s=setup_s, run_s=run_s, runs_s=runs,
                          target=a.target,
                          threads=a.threads)))
    if workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
