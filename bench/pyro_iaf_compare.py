"""Pyro's AutoIAFNormal on the banana of bench/flow_guides.sh, for a side by
side with ppl's auto_iaf_normal (bench/pyro_iaf_compare.sh runs both).
Needs Debian's python3-torch and Pyro's source on PYTHONPATH (not part of
ppl). Prints steps/s and the mean ELBO over the last 10% of the steps."""
import sys
import time

import torch
import pyro
import pyro.distributions as dist
from pyro.infer import SVI, Trace_ELBO
from pyro.infer.autoguide import AutoIAFNormal
from pyro.optim import ClippedAdam

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
pyro.set_rng_seed(1)


def banana():
    x1 = pyro.sample("x1", dist.Normal(0.0, 2.0))
    pyro.sample("x2", dist.Normal(0.5 * (x1 * x1 - 4.0), 1.0))


guide = AutoIAFNormal(banana, hidden_dim=[16, 16], num_transforms=3)
optim = ClippedAdam({"lr": 0.01, "lrd": 0.1 ** (1.0 / steps), "clip_norm": 1e10})
svi = SVI(banana, guide, optim, Trace_ELBO())
losses = []
start = time.perf_counter()
for step in range(steps):
    losses.append(svi.step())
seconds = time.perf_counter() - start
tail = losses[-steps // 10:]
print(f"pyro AutoIAFNormal (3 flows, hidden 16,16): {steps / seconds:.0f} steps/s, "
      f"ELBO {-sum(tail) / len(tail):.3f} (mean of the last {len(tail)} steps)")
