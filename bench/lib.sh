# Helpers sourced by bench/run for every suite.
. "$NNC_ROOT/bin/find-jdk"
nnc_find_jdk
nnc_maven_env

BENCH_JAR=$BENCH_DIR/target/benchmarks.jar

# Builds the benchmark jar when it is missing or older than a source file of runtime/ or bench/.
bench_build() {
  if [ -f "$BENCH_JAR" ] && [ -z "$(find "$NNC_ROOT/runtime/src" "$NNC_ROOT/bench/src" \
        "$NNC_ROOT/runtime/pom.xml" "$NNC_ROOT/bench/pom.xml" -newer "$BENCH_JAR" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "bench: building the benchmark jar..." >&2
  (cd "$NNC_ROOT" && mvn -B -ntp -q -pl bench -am package -DskipTests >&2)
}

# Runs a Java main class from the benchmark jar with the Vector API module.
bench_java() {
  "$NNC_JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector -XX:+UseParallelGC -XX:-BackgroundCompilation \
    -cp "$BENCH_JAR" "$@" 2> >(grep -v 'Using incubator modules' >&2)
}

# Prints the python3 (of /usr/bin/python3 and the one on PATH) whose numpy multiplies fastest,
# or nothing when neither imports numpy. Speed decides, not order: a distribution's numpy may be
# linked to the reference BLAS (about 1 GFLOP/s), which would be no yardstick at all.
bench_python() {
  local py best="" best_g=0 g
  # NNC_BENCH_PYTHON=PATH picks the reference explicitly (the fastest-wins probe below can flip
  # between two OpenBLAS builds of nearly equal speed from run to run).
  if [ -n "${NNC_BENCH_PYTHON:-}" ]; then
    echo "bench: numpy reference: $NNC_BENCH_PYTHON (numpy $("$NNC_BENCH_PYTHON" -c 'import numpy; print(numpy.__version__)'))" >&2
    printf '%s' "$NNC_BENCH_PYTHON"
    return 0
  fi
  for py in /usr/bin/python3 "$(command -v python3 2>/dev/null || true)"; do
    [ -n "$py" ] && [ -x "$py" ] || continue
    g=$(OPENBLAS_NUM_THREADS=1 "$py" -c '
import time, numpy as np
a = np.ones((256, 256), np.float32); c = np.empty_like(a)
np.matmul(a, a, out=c); t = time.perf_counter()
for _ in range(10): np.matmul(a, a, out=c)
print(int(10 * 2 * 256**3 / (time.perf_counter() - t) / 1e9 * 10))' 2>/dev/null) || continue
    if [ -n "$g" ] && [ "$g" -gt "$best_g" ]; then
      best=$py
      best_g=$g
    fi
  done
  if [ -n "$best" ]; then
    echo "bench: numpy reference: $best (numpy $("$best" -c 'import numpy; print(numpy.__version__)'))" >&2
    printf '%s' "$best"
  fi
}
