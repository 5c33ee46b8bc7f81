#!/usr/bin/env bash
# Whole-model benchmark: samples/iris.nn trained and queried by nnc, side by side with a
# PyTorch peer doing the same work (bench/peers/torch_iris.py), printed as ratios nnc/torch
# (below 1 means nnc is faster).
#
#   bench/run models            full workload (100 epochs, 20k predict samples), ~1 min
#   bench/run models --smoke    a few epochs, a few predictions: seconds, for CI
#
# Figures: in-process training time (the training loop of the first training in a fresh JVM,
# and the median of further trainings in the same JVM; the time before the first epoch, printed
# as the nnc setup line, includes the JIT warm-up and step rehearsal), whole-process
# wall time of a `train` command, one-sample predict latency (median and p99; both sides
# predict the training rows in turn, preprocessed as the model saw them). Torch's
# in-process figure is its first training (its kernels are compiled ahead of time). The peer is measured at its best thread
# setting (OPENBLAS_NUM_THREADS=1 + torch.set_num_threads(1) versus torch's default).
# When Python's torch is missing (CI), the nnc side is printed alone and the peer is
# said to be absent. PYTHON selects the interpreter that has torch (default: the
# system's python3, which is where Debian's python3-torch lives).
set -u
root=${NNC_ROOT:-$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)}
. "$root/bin/find-jdk"
nnc_find_jdk || exit 2

smoke=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --rounds) shift ;;  # the dispatcher's common option; this suite runs each figure as described above
    *) echo "models: unknown argument $1 (--smoke)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$smoke" ]; then epochs=3; iters=2000; warm=1; else epochs=100; iters=20000; warm=3; fi

sample="$root/samples/iris.nn"
csv="$root/samples/data/iris.csv"
jar="$root/dist/target/nnc.jar"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Build the jar (bin/nnc does it when stale) and make sure the sample compiles.
"$root/bin/nnc" check "$sample" >/dev/null || { echo "models: samples/iris.nn does not check" >&2; exit 1; }

get() { sed -n "s/^$1=//p" "$2" | head -1; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.4f\", $1 }"; }   # awk, not bc: CI images may lack bc
less() { awk "BEGIN { exit !($1 < $2) }"; }

# ---- nnc side -------------------------------------------------------------------------
# In-process figures come from nnc.driver.ModelBenchmark (compiles the sample, trains it,
# then times single-sample inference through the runtime API in a plain loop).
# Same JVM options as `bin/nnc train` (bin/jvm-options).
. "$root/bin/jvm-options"
"$NNC_JAVA_HOME/bin/java" "${NNC_JVM_BASE[@]}" "${NNC_JVM_RUN[@]}" \
  -cp "$jar" nnc.driver.ModelBenchmark "$sample" --epochs "$epochs" --predict-iters "$iters" --warm-runs "$warm" \
  > "$tmp/nnc.txt" 2> >(grep -v '^WARNING: Using incubator modules' >&2) || {
  echo "models: the nnc benchmark failed" >&2; exit 1; }

# Whole process: the launcher as a user runs it, best of 3 (first run also fills the CDS archive).
best_wall=""
for i in 1 2 3; do
  t0=$(now)
  "$root/bin/nnc" train "$sample" --epochs "$epochs" --weights-out "$tmp/w.safetensors" >/dev/null 2>&1 || {
    echo "models: bin/nnc train failed" >&2; exit 1; }
  t=$(calc "$(now) - $t0")
  if [ -z "$best_wall" ] || less "$t" "$best_wall"; then best_wall=$t; fi
done
echo "nnc_wall_s=$best_wall" >> "$tmp/nnc.txt"

# ---- torch side -----------------------------------------------------------------------
py=${PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=$(command -v python3 || true)
peer=""
if [ -n "$py" ] && "$py" -c 'import torch, numpy' 2>/dev/null; then
  peer=1
  run_peer() {  # $1 = label, rest = env assignments; writes $tmp/torch-$1.txt
    local label=$1; shift
    local t0 t
    t0=$(now)
    env "$@" "$py" "$root/bench/peers/torch_iris.py" "$csv" --epochs "$epochs" \
      --predict-iters "$iters" ${THREADS_ARG:-} > "$tmp/torch-$label.txt" || return 1
    t=$(calc "$(now) - $t0")
    # Whole-process wall time of a training-only run (no predict loop), comparable to `nnc train`.
    t0=$(now)
    env "$@" "$py" "$root/bench/peers/torch_iris.py" "$csv" --epochs "$epochs" \
      --predict-iters 1 ${THREADS_ARG:-} > /dev/null || return 1
    echo "wall_s=$(calc "$(now) - $t0")" >> "$tmp/torch-$label.txt"
  }
  THREADS_ARG="--threads 1" run_peer single OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 || peer=""
  THREADS_ARG="" run_peer default || peer=""
fi

# ---- report -----------------------------------------------------------------------------
n_train=$(get train_s "$tmp/nnc.txt"); n_warm=$(get train_warm_s "$tmp/nnc.txt"); n_acc=$(get train_acc "$tmp/nnc.txt")
n_med=$(get predict_median_us "$tmp/nnc.txt"); n_p99=$(get predict_p99_us "$tmp/nnc.txt")
n_wall=$(get nnc_wall_s "$tmp/nnc.txt")
echo "models: iris 4-256-256-256-3, adam, batch 30, $epochs epochs$([ -n "$smoke" ] && echo ' (smoke)')"
echo "cores: $(nproc); timings on a possibly shared machine are for orientation only"
echo "nnc: $(get setup_s "$tmp/nnc.txt") s in the fresh JVM before its first epoch (front end, data, code generation, JIT warm-up and step rehearsal; in the whole-process figure, not in the in-process one)"
if [ -z "$peer" ]; then
  echo "peer: PyTorch is absent (no python3 with torch); nnc side only"
  printf '%-32s %12s\n' figure nnc
  printf '%-32s %12.4f\n' "train in-process (s)" "$n_train"
  printf '%-32s %12.4f\n' "train in-process, warm JVM (s)" "$n_warm"
  printf '%-32s %12.4f\n' "train whole process (s)" "$n_wall"
  printf '%-32s %12.2f\n' "predict 1 sample median (us)" "$n_med"
  printf '%-32s %12.2f\n' "predict 1 sample p99 (us)" "$n_p99"
  printf '%-32s %12.4f\n' "training accuracy" "$n_acc"
  exit 0
fi

# Best peer setting: the one with the lower in-process training time (reported as such).
s=$tmp/torch-single.txt; d=$tmp/torch-default.txt
if ! less "$(get train_s "$d")" "$(get train_s "$s")"; then best=$s; label="1 thread, OPENBLAS_NUM_THREADS=1"; else best=$d; label="torch default threads"; fi
for f in "$s" "$d"; do
  echo "torch $(basename "$f" .txt | sed 's/torch-//'): train $(get train_s "$f") s, import $(get import_s "$f") s, wall $(get wall_s "$f") s, eager $(get predict_eager_median_us "$f")/$(get predict_eager_p99_us "$f") us, script $(get predict_script_median_us "$f")/$(get predict_script_p99_us "$f") us (median/p99), acc $(get train_acc "$f")"
done
echo "peer: PyTorch $(get torch_version "$best") at its best setting ($label), BLAS $(get blas "$best")"
case "$(get blas "$best")" in
  *openblas*|*mkl*|*blis*) ;;
  *) echo "peer: warning: torch runs on the reference BLAS, about 10x slower than OpenBLAS on matrix products;" \
          "install an optimised one (Debian: libopenblas0) to measure the peer at its best" ;;
esac
t_train=$(get train_s "$best"); t_wall=$(get wall_s "$best")
# For latency the peer's best mode is TorchScript when it is faster than eager.
em=$(get predict_eager_median_us "$best"); sm=$(get predict_script_median_us "$best")
if less "$sm" "$em"; then t_med=$sm; t_p99=$(get predict_script_p99_us "$best"); mode=torchscript
else t_med=$em; t_p99=$(get predict_eager_p99_us "$best"); mode=eager; fi
ratio() { awk "BEGIN { printf \"%.3f\", $1 / $2 }"; }
printf '%-32s %12s %12s %10s\n' figure nnc torch nnc/torch
printf '%-32s %12.4f %12.4f %10s\n' "train in-process (s)" "$n_train" "$t_train" "$(ratio "$n_train" "$t_train")"
printf '%-32s %12.4f %12.4f %10s\n' "train in-process, warm JVM (s)" "$n_warm" "$t_train" "$(ratio "$n_warm" "$t_train")"
printf '%-32s %12.4f %12.4f %10s\n' "train whole process (s)" "$n_wall" "$t_wall" "$(ratio "$n_wall" "$t_wall")"
printf '%-32s %12.2f %12.2f %10s\n' "predict median (us, $mode)" "$n_med" "$t_med" "$(ratio "$n_med" "$t_med")"
printf '%-32s %12.2f %12.2f %10s\n' "predict p99 (us, $mode)" "$n_p99" "$t_p99" "$(ratio "$n_p99" "$t_p99")"
printf '%-32s %12.4f %12.4f\n' "training accuracy" "$n_acc" "$(get train_acc "$best")"
