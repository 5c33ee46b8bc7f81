#!/usr/bin/env python3
"""PyTorch peer of samples/iris.nn, for `bench/run models`.

Same workload as the nnc sample: a 4-256-256-256-3 MLP (ReLU hidden layers, softmax
output, categorical cross-entropy), Adam(lr 0.001, Keras epsilon 1e-7), batch 30,
shuffled, 100 epochs over the standardized iris CSV. Prints one `key=value` line per
figure so the suite script can compute ratios:

  import_s         time to import torch (the fixed cost of every torch process)
  train_s          in-process training time (data already in tensors)
  train_acc        training accuracy after the last epoch (sanity: same task learnt)
  predict_eager_median_us / _p99_us        one-sample forward, eager mode, no_grad, over the rows in turn
  predict_script_median_us / _p99_us       the same through TorchScript (torch.jit.trace)

Usage: torch_iris.py CSV [--epochs N] [--threads N|default] [--predict-iters N]
The thread setting matters: with two cores Debian's torch oversubscribes unless
OPENBLAS_NUM_THREADS=1 is set in the environment and torch.set_num_threads(1) is used;
the suite runs both settings and reports the better one.
"""
import argparse
import os
import time

t_import0 = time.perf_counter()
import torch  # noqa: E402
import numpy as np  # noqa: E402
t_import = time.perf_counter() - t_import0


def load_iris(path):
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    x = raw[:, :4]
    y = raw[:, 4].astype(np.int64)
    # standardize with population statistics, as the nnc data pipeline does
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    onehot = np.eye(3)[y]
    return torch.tensor(x, dtype=torch.float32), torch.tensor(onehot, dtype=torch.float32), y


def make_model():
    # Keras' default initialisation: glorot_uniform kernels, zero biases.
    layers = []
    sizes = [4, 256, 256, 256, 3]
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def train(model, x, y, epochs, batch):
    opt = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
    n = x.shape[0]
    gen = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        perm = torch.randperm(n, generator=gen)
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            logits = model(x[idx])
            # softmax + categorical cross-entropy, fused as Keras/nnc do for a softmax output
            loss = -(y[idx] * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()


def latency_us(fn, samples, iters):
    """One-sample calls over the rows in turn, as nnc's ModelBenchmark times them."""
    for i in range(min(iters, 2000)):  # warm-up
        fn(samples[i % len(samples)])
    times = np.empty(iters)
    for i in range(iters):
        s = samples[i % len(samples)]
        t0 = time.perf_counter_ns()
        fn(s)
        times[i] = time.perf_counter_ns() - t0
    return float(np.median(times)) / 1000.0, float(np.percentile(times, 99)) / 1000.0


def blas_library():
    """The BLAS shared library this process loaded (Debian's torch links the generic libblas.so.3,
    which is the slow reference BLAS unless an optimised one such as libopenblas0 provides it)."""
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    real = sorted({os.path.realpath(p) for p in libs})
    return ",".join(os.path.basename(os.path.dirname(p)) + "/" + os.path.basename(p) for p in real) or "none"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=30)
    ap.add_argument("--threads", default="default")
    ap.add_argument("--predict-iters", type=int, default=20000)
    args = ap.parse_args()
    if args.threads != "default":
        torch.set_num_threads(int(args.threads))
    torch.manual_seed(0)
    x, y, labels = load_iris(args.csv)
    model = make_model()

    t0 = time.perf_counter()
    train(model, x, y, args.epochs, args.batch_size)
    t_train = time.perf_counter() - t0

    model.eval()
    with torch.no_grad():
        acc = float((model(x).argmax(dim=1).numpy() == labels).mean())
        # softmax is part of the model's output in nnc's predict, so include it here too
        eager = lambda s: torch.softmax(model(s), dim=1)
        samples = [x[i:i + 1].clone() for i in range(x.shape[0])]
        e_med, e_p99 = latency_us(eager, samples, args.predict_iters)
        scripted = torch.jit.trace(torch.nn.Sequential(model, torch.nn.Softmax(dim=1)), samples[0])
        scripted = torch.jit.freeze(scripted.eval()) if hasattr(torch.jit, "freeze") else scripted
        s_med, s_p99 = latency_us(scripted, samples, args.predict_iters)

    print(f"torch_version={torch.__version__}")
    print(f"threads={torch.get_num_threads()}")
    print(f"blas={blas_library()}")
    print(f"import_s={t_import:.4f}")
    print(f"train_s={t_train:.4f}")
    print(f"train_acc={acc:.4f}")
    print(f"predict_eager_median_us={e_med:.2f}")
    print(f"predict_eager_p99_us={e_p99:.2f}")
    print(f"predict_script_median_us={s_med:.2f}")
    print(f"predict_script_p99_us={s_p99:.2f}")


if __name__ == "__main__":
    main()
