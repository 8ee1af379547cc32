# Shared by bench/run, bench/flood and bench/fuzz (sourced, not run).

# replace_section NAME FILE: put FILE's text between the <!-- NAME:begin --> and <!-- NAME:end -->
# markers of docs/BENCHMARKS.md (the markers are FILE's first and last lines); append it when the
# markers are absent.
replace_section() {
  local name=$1 file=$2 docs=${DOCS_FILE:-$ROOT/docs/BENCHMARKS.md} tmp
  tmp=$(mktemp "${TMPDIR:-/tmp}/section.XXXXXX")
  if grep -q "<!-- $name:begin" "$docs"; then
    awk -v section="$file" -v begin="<!-- $name:begin" -v end="<!-- $name:end" '
      index($0, begin) == 1 { while ((getline line < section) > 0) print line; skip = 1; next }
      index($0, end) == 1 { skip = 0; next }
      !skip { print }' "$docs" > "$tmp"
    cat "$tmp" > "$docs"
  else
    { echo; cat "$file"; } >> "$docs"
  fi
  rm -f "$tmp"
}

# build_classpath: compile main and test classes into $BUILD_DIR and set CP (test classpath).
build_classpath() {
  local cp_file="$BUILD_DIR/bench-classpath.txt"
  if [[ -z "${SKIP_BUILD:-}" || ! -f "$cp_file" ]]; then
    "${MVN:-mvn}" -q -B test-compile dependency:build-classpath \
        -DbuildDir="$BUILD_DIR" -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
  fi
  CP="$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$cp_file")"
}

machine_line() {
  echo "$(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM;" \
       "$(java -version 2>&1 | head -1); Linux $(uname -r)"
}
