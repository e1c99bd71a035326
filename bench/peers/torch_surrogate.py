#!/usr/bin/python3
"""Plain-PyTorch peer of Lapicque's surrogate-gradient training step (issue 4, section 7).

--net fc (default): 784-1000-10 LIF, Adam lr 5e-4.
--net conv: 12C5-MP2-64C5-MP2-FC10 LIF on 1x28x28 (examples/mnist-conv.json; no biases), Adam lr 1e-3: each
convolution (5x5, stride 1, no padding) is followed by 2x2 max pooling and a LIF layer.
Both: beta 0.95, subtract reset, ATan surrogate (snnTorch's definition, alpha 2), T = 25, batch 128, Bernoulli
rate input from U(0,1) intensities, cross-entropy on spike counts (the same workload as `lapicque bench
train-fc|train-conv`).
Random data: the timing does not depend on the pixel values beyond the input spike density, and U(0,1)
intensities give the density of the issue's workload.

The forward pass follows Lapicque's LifLayer (src/Lapicque/Learning/Surrogate/LifLayer.cs), not snnTorch's Leaky:
    x[t] = beta * v[t-1] + I[t]          (v[-1] = 0, threshold 1, no bias in the linear layers)
    s[t] = H(x[t] - 1)                    (backward: ATan surrogate at x[t] - 1)
    v[t] = x[t] - s[t]                    (reset in the step of the spike; the reset is detached, as
                                           Lapicque's default SpikingOptions.DetachReset = true)
snnTorch's Leaky instead subtracts the threshold one step later (reset from v[t-1], undecayed); the arithmetic
per step is the same, so the timing is not affected by that difference.
Weights: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) as Lapicque's FanInUniform (fan_in = C_in * 5 * 5 for a convolution).
The conv network, like Lapicque, runs each layer over the whole sequence at once: the convolutions and pooling
take all T * B images in one call, and only the LIF recurrence loops over T.

Measures the wall time (and the process CPU time) per training step (encode + forward + backward + Adam update), median over --steps
steps after --warmup steps, and peak resident memory (resource.getrusage ru_maxrss); prints one JSON line.
Run with Debian's interpreter: /usr/bin/python3 bench/peers/torch_surrogate.py --threads 2
"""
import argparse
import json
import math
import resource
import statistics
import time

import torch


class ATanSpike(torch.autograd.Function):
    """Heaviside forward; snnTorch's ATan surrogate backward: (alpha/2) / (1 + (pi/2 * alpha * x)^2)."""

    alpha = 2.0

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        a = ATanSpike.alpha
        u = (math.pi / 2 * a) * x
        return grad * (a / 2) / (1 + u * u)


spike = ATanSpike.apply


class FcSnn(torch.nn.Module):
    def __init__(self, inputs=784, hidden=1000, outputs=10, beta=0.95, threshold=1.0):
        super().__init__()
        self.fc1 = torch.nn.Linear(inputs, hidden, bias=False)
        self.fc2 = torch.nn.Linear(hidden, outputs, bias=False)
        for layer, fan_in in ((self.fc1, inputs), (self.fc2, hidden)):
            bound = 1.0 / math.sqrt(fan_in)
            torch.nn.init.uniform_(layer.weight, -bound, bound)
        self.beta = beta
        self.threshold = threshold

    def lif(self, current, v):
        x = self.beta * v + current
        s = spike(x - self.threshold)
        return s, x - s.detach() * self.threshold

    def forward(self, spikes):
        # spikes: [T, B, 784], time-major as Lapicque. Layer by layer over the whole sequence, as Lapicque does:
        # one GEMM for all T*B rows, then the LIF recurrence over T.
        t_steps, batch, _ = spikes.shape
        cur1 = self.fc1(spikes)
        v1 = torch.zeros(batch, cur1.shape[-1])
        s1 = []
        for t in range(t_steps):
            s, v1 = self.lif(cur1[t], v1)
            s1.append(s)
        cur2 = self.fc2(torch.stack(s1))
        v2 = torch.zeros(batch, cur2.shape[-1])
        counts = torch.zeros(batch, cur2.shape[-1])
        for t in range(t_steps):
            s, v2 = self.lif(cur2[t], v2)
            counts = counts + s
        return counts


def lif_sequence(current, beta, threshold):
    """The LIF recurrence over T of a [T, B, ...] input current; returns the spikes [T, B, ...]."""
    v = torch.zeros_like(current[0])
    out = []
    for t in range(current.shape[0]):
        x = beta * v + current[t]
        s = spike(x - threshold)
        v = x - s.detach() * threshold
        out.append(s)
    return torch.stack(out)


class ConvSnn(torch.nn.Module):
    def __init__(self, beta=0.95, threshold=1.0):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 12, 5, bias=False)
        self.conv2 = torch.nn.Conv2d(12, 64, 5, bias=False)
        self.fc = torch.nn.Linear(64 * 4 * 4, 10, bias=False)
        for layer, fan_in in ((self.conv1, 25), (self.conv2, 12 * 25), (self.fc, 64 * 16)):
            bound = 1.0 / math.sqrt(fan_in)
            torch.nn.init.uniform_(layer.weight, -bound, bound)
        self.beta = beta
        self.threshold = threshold

    def forward(self, spikes):
        # spikes: [T, B, 784]. Each layer over all T * B images at once, the recurrence over T.
        t_steps, batch, _ = spikes.shape
        x = spikes.reshape(t_steps * batch, 1, 28, 28)
        c1 = torch.nn.functional.max_pool2d(self.conv1(x), 2)
        s1 = lif_sequence(c1.reshape(t_steps, batch, 12, 12, 12), self.beta, self.threshold)
        c2 = torch.nn.functional.max_pool2d(self.conv2(s1.reshape(t_steps * batch, 12, 12, 12)), 2)
        s2 = lif_sequence(c2.reshape(t_steps, batch, 64 * 16), self.beta, self.threshold)
        s3 = lif_sequence(self.fc(s2), self.beta, self.threshold)
        return s3.sum(0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--net", choices=("fc", "conv"), default="fc")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=20, help="timed training steps")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--time-steps", type=int, default=25)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = FcSnn() if args.net == "fc" else ConvSnn()
    opt = torch.optim.Adam(model.parameters(), lr=5e-4 if args.net == "fc" else 1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    # A pool of random batches (U(0,1) intensities, random labels), cycled, as a data loader would.
    pool = [(torch.rand(args.batch, 784), torch.randint(0, 10, (args.batch,))) for _ in range(8)]

    times = []
    cpu = []  # process CPU time per step (all threads): steadier than wall time on a loaded machine
    for i in range(args.warmup + args.steps):
        x, y = pool[i % len(pool)]
        t0 = time.perf_counter()
        c0 = time.process_time()
        spikes = torch.bernoulli(x.unsqueeze(0).expand(args.time_steps, -1, -1))
        counts = model(spikes)
        loss = loss_fn(counts, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        elapsed = time.perf_counter() - t0
        cpu_elapsed = time.process_time() - c0
        if i >= args.warmup:
            times.append(elapsed * 1e3)
            cpu.append(cpu_elapsed * 1e3)

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({
        "impl": "pytorch",
        "net": args.net,
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "time_steps": args.time_steps,
        "warmup": args.warmup,
        "steps": args.steps,
        "step_ms_median": round(statistics.median(times), 2),
        "step_ms_min": round(min(times), 2),
        "step_ms_max": round(max(times), 2),
        "cpu_ms_median": round(statistics.median(cpu), 2),
        "cpu_ms_min": round(min(cpu), 2),
        "peak_mib": round(peak_kb / 1024, 1),
        "last_loss": round(loss.item(), 4),
    }))


if __name__ == "__main__":
    main()
