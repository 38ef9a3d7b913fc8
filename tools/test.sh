#!/usr/bin/env bash
# The project's test command (README, .ci/run): lint and format check (biome), then typecheck and test every nx project, one at a time (the
# suites train real models; two cores are shared), then print one closing line `N passed, N failed`
# summed over every project's vitest summary.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0
# lint and format first: `biome ci` fails on any lint error or unformatted file (fix with `npm run lint:fix`)
echo "lint: biome ci"
if ! npx biome ci --error-on-warnings --reporter=summary . ; then
  echo
  echo "tests: 0 passed, 1 failed (lint: run \`npm run lint:fix\`, then fix what it cannot)"
  exit 1
fi
log=$(mktemp)
npx nx run-many -t typecheck test --parallel=1 --output-style=stream "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# vitest prints e.g. "      Tests  12 failed | 140 passed (152)" or "Tests  152 passed (152)"
passed=$(grep -E '^\S*\s+Tests\s' "$log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^\S*\s+Tests\s' "$log" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
