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

# Prints the first python3 that imports numpy, or nothing.
bench_python() {
  local py
  for py in /usr/bin/python3 "$(command -v python3 2>/dev/null || true)"; do
    [ -n "$py" ] && [ -x "$py" ] || continue
    if "$py" -c 'import numpy' >/dev/null 2>&1; then
      printf '%s' "$py"
      return 0
    fi
  done
}
