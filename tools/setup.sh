#!/usr/bin/env bash
# Sets up a fresh machine for rollq: the XGBoost C library (Debian's libxgboost0, used by the GBDT model
# through FFI), the npm workspace from the committed lockfile, and a build of every package so that
# `npx rollq` works. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ldconfig -p 2>/dev/null | grep -q 'libxgboost\.so'; then
  echo "setup: installing libxgboost0 (Debian) for the GBDT model" >&2
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libxgboost0 >/dev/null
fi

# `npm ci`: exactly the locked versions, and the working tree stays clean (the lockfile lists every
# optional platform build of nx, rollup and biome, which the registry now serves).
echo "setup: installing npm packages (npm ci)" >&2
npm ci --no-audit --no-fund --loglevel=error

echo "setup: building packages" >&2
NX_DAEMON=false npx nx run-many -t build --output-style=static >/dev/null
echo "setup: done" >&2
