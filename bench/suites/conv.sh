# bench/run conv [--smoke]
# LeNet-5's two convolutions at batch 64 (forward + backward; the first layer skips the input
# gradient, as a network's first layer does) and an LSTM layer, each in GFLOP/s and as a ratio
# to the GEMM throughput measured in the same run at m = n = k = 256, e.g.
#   conv2d layer=lenet2 batch=64 pass=fwd+bwd fwd_ms=... bwd_ms=... gflops=... gemm_gflops=... ratio=...
# Allocation check: java --add-modules=jdk.incubator.vector -jar bench/target/benchmarks.jar ConvJmh -prof gc
bench_build
bench_java nnc.bench.ConvBench "$@"
