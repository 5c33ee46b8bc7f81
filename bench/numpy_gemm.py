#!/usr/bin/env python3
"""numpy (OpenBLAS) SGEMM timing server for bench/run kernels.

The Java harness starts one of these per thread count, with OPENBLAS_NUM_THREADS set (BLAS
fixes its pool size at load time), and interleaves its own timed rounds with numpy's so both
see the same machine load. Protocol, one request per line on stdin, one answer per line:

  round m=M n=N k=K op=XY SECONDS   ->  "WALL CPU": GFLOP/s of one timed round of about
                                       SECONDS, by wall clock and by this thread's CPU time
                                       (the latter meaningful with one BLAS thread only)
  (op: N or T for A and B; the first request for a shape allocates and warms up)

The harness removes OPENBLAS_CORETYPE from the environment so OpenBLAS picks its own kernels.

Also usable by hand: `echo "round m=512 n=512 k=512 op=NN 0.2" | python3 numpy_gemm.py`.
"""
import sys
import time

import numpy as np

_cases = {}


def _prepare(key):
    f = dict(part.split("=") for part in key.split())
    m, n, k = int(f["m"]), int(f["n"]), int(f["k"])
    ta, tb = f["op"][0] == "T", f["op"][1] == "T"
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (k, m) if ta else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if tb else (k, n)).astype(np.float32)
    a = a.T if ta else a  # a transposed view: numpy passes the transpose flag to BLAS
    b = b.T if tb else b
    c = np.empty((m, n), dtype=np.float32)
    t0 = time.perf_counter()
    reps = 0
    while reps < 10 or time.perf_counter() - t0 < 0.1:
        np.matmul(a, b, out=c)
        reps += 1
    case = (a, b, c, 2.0 * m * n * k, (time.perf_counter() - t0) / reps)
    _cases[key] = case
    return case


def _round(key, seconds):
    a, b, c, flops, per_call = _cases.get(key) or _prepare(key)
    calls = max(1, int(seconds / per_call))
    st = time.perf_counter()
    cpu = time.thread_time()
    for _ in range(calls):
        np.matmul(a, b, out=c)
    wall = time.perf_counter() - st
    cpu = max(time.thread_time() - cpu, 1e-9)
    return flops * calls / wall / 1e9, flops * calls / cpu / 1e9


def main():
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] != "round" or len(parts) != 6:
            print("error: expected 'round m=M n=N k=K op=XY SECONDS'", flush=True)
            continue
        wall, cpu = _round(" ".join(parts[1:5]), float(parts[5]))
        print(f"{wall:.3f} {cpu:.3f}", flush=True)


if __name__ == "__main__":
    main()
