# bench/run kernels [--smoke] [--rounds N] [--threads 1,2]
# GEMM throughput on square and training shapes, side by side with numpy (OpenBLAS) when
# python3 with numpy is installed: one line per shape and thread count, e.g.
#   gemm m=512 n=512 k=512 op=NN threads=2 gflops=261.3 numpy_gflops=262.0 ratio=1.00
bench_build
args=("$@")
py=$(bench_python)
if [ -n "$py" ]; then
  args+=(--python "$py" --numpy-script "$BENCH_DIR/numpy_gemm.py")
else
  echo "bench: python3 with numpy not found; printing our figures only" >&2
fi
bench_java nnc.bench.GemmBench "${args[@]}"
# The products of one iris training step and of a one-sample prediction through SmallGemm,
# the GEMM entry point of generated code (no numpy peer: these are nnc's own call shapes).
small=()
for a in "$@"; do case "$a" in --smoke) small+=(--smoke) ;; esac; done
bench_java nnc.bench.SmallGemmBench "${small[@]}"
