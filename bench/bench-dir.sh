# Sourced by the benchmarks: their data folders. A benchmark empties its folder at each start, so it only ever removes a
# folder that it made itself (marked by the file .aloe-bench) or an empty one; any other folder named by
# ALOE_BENCH_DIR (a home, the repository) is refused with exit code 2.

# Exits 2 unless $1 is missing, empty or a benchmark's folder.
require_bench_dir() {
  local dir="$1"
  if [[ -e "$dir" && ! -f "$dir/.aloe-bench" ]] && [[ ! -d "$dir" || -n "$(ls -A "$dir")" ]]; then
    echo "$dir exists and is not a benchmark's data folder (it has no .aloe-bench file): choose another folder for the benchmark" >&2
    exit 2
  fi
}

# Removes $1 (after require_bench_dir) and makes it again, empty and marked as a benchmark's folder.
fresh_bench_dir() {
  local dir="$1"
  require_bench_dir "$dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  touch "$dir/.aloe-bench"
}
