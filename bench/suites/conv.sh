# bench/run conv [--smoke] [--only lenet1|lenet2|lstm]
# LeNet-5's two convolutions at batch 64 (samples/lenet5_fashion.nn: layer 1 28x28x1 -> 6
# filters 5x5 same, layer 2 14x14x6 -> 16 filters 5x5 valid), each pass (forward, kernel +
# bias gradient, input gradient) timed on its own, and an LSTM layer, each in GFLOP/s and as a
# ratio to the square-GEMM throughput (m = n = k = 256 or 512, the better) measured in the
# same run on the same number of threads, e.g.
#   conv2d layer=lenet2 batch=64 pass=fwd ms=... gflops=... gemm_gflops=... ratio=...
# and the issue-3 figure for both layers together (layer 1 fwd + dK, layer 2 all three passes):
#   conv2d layer=lenet1+lenet2 batch=64 pass=needed(lenet1 fwd+dK, lenet2 fwd+dK+dIn) ms=... ratio=...
# Threads: NNC_THREADS (default 1, the figure of record: both sides on one core).
# Allocation check: java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar ConvJmh -prof gc
bench_build
bench_java -Dnnc.threads="${NNC_THREADS:-1}" nnc.bench.ConvBench "$@"
