#!/usr/bin/env bash
# Runs every package's benchmarks (bench/*-bench.ts and bench/*.bench.ts) one after another, each in its own
# process so peak RSS figures are per benchmark. Usage: npm run bench [-- <package name filter>]
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
for f in packages/*/bench/*-bench.ts packages/*/bench/*.bench.ts apps/*/bench/*-bench.ts; do
  [ -e "$f" ] || continue
  case "$f" in *"$filter"*) ;; *) continue ;; esac
  pkg_dir="${f%%/bench/*}"
  echo
  echo "=== $f"
  (cd "$pkg_dir" && npx tsx --conditions=@rollq/source "bench/${f##*/bench/}")
done
