#!/usr/bin/env bash
# Sets up a fresh machine for rollq: the XGBoost C library (Debian's libxgboost0, used by the GBDT / XGBModel
# models through FFI), the LightGBM C library (lib_lightgbm.so from PyPI's lightgbm wheel, for LGBModel), the
# MongoDB test server (Java + Maven), the npm workspace from the committed lockfile, and a build of every
# package so that `npx rollq` works. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ldconfig -p 2>/dev/null | grep -q 'libxgboost\.so'; then
  echo "setup: installing libxgboost0 (Debian) for the GBDT model" >&2
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libxgboost0 >/dev/null
fi

# LightGBM (Qlib's LGBModel trains with it): lib_lightgbm.so out of PyPI's lightgbm wheel (a binary inside a
# registry package), unpacked into a cache outside the repository, where the model looks for it (after
# ROLLQ_LIGHTGBM_LIB). Nothing downloads at run time; quick once cached.
LIGHTGBM_VERSION=4.7.0 # = LIGHTGBM_VERSION in packages/model/src/gbdt/lightgbm-lib.ts (a test checks)
lgb_dir="${XDG_CACHE_HOME:-$HOME/.cache}/rollq/lightgbm-$LIGHTGBM_VERSION"
if [ ! -s "$lgb_dir/lib_lightgbm.so" ]; then
  echo "setup: installing lib_lightgbm.so from PyPI's lightgbm==$LIGHTGBM_VERSION wheel into $lgb_dir" >&2
  lgb_tmp=$(mktemp -d)
  trap 'rm -rf "$lgb_tmp"' EXIT
  PIP="python3 -m pip"
  $PIP --version >/dev/null 2>&1 || PIP=pip3
  $PIP download --quiet --disable-pip-version-check --no-deps --only-binary=:all: "lightgbm==$LIGHTGBM_VERSION" -d "$lgb_tmp"
  python3 - "$lgb_tmp" "$lgb_dir" <<'PY'
import glob, os, sys, zipfile
tmp, dest = sys.argv[1:]
(whl,) = glob.glob(os.path.join(tmp, "lightgbm-*.whl"))
os.makedirs(dest, exist_ok=True)
with zipfile.ZipFile(whl) as z:
    for src, name in (("lightgbm/VERSION.txt", "VERSION.txt"), ("lightgbm/lib/lib_lightgbm.so", "lib_lightgbm.so")):
        with z.open(src) as f, open(os.path.join(dest, name + ".part"), "wb") as out:
            out.write(f.read())
        os.replace(os.path.join(dest, name + ".part"), os.path.join(dest, name))  # the library last: it marks a whole install
PY
fi
# The wheel links the system's OpenMP runtime (libgomp.so.1, Debian's libgomp1; libxgboost0 pulls it in too).
if ldd "$lgb_dir/lib_lightgbm.so" | grep -q 'not found'; then
  echo "setup: installing libgomp1 (Debian) for LightGBM" >&2
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgomp1 >/dev/null
fi

# The MongoDB-protocol test server (mongo-java-server behind tools/mongo-test-server/'s launcher) for the
# MongoDB task pool and recorder store tests: Java 17 and Maven from Debian when missing, then the jar built
# once into ~/.cache/rollq/mongo-test-server/ (a few seconds; Maven Central the first time).
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "setup: installing Java 17 and Maven (Debian) for the MongoDB test server" >&2
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless maven >/dev/null
fi
echo "setup: building the MongoDB test server (tools/mongo-test-server.sh build)" >&2
bash tools/mongo-test-server.sh build

# `npm ci`: exactly the locked versions, and the working tree stays clean (the lockfile lists every
# optional platform build of nx, rollup and biome, which the registry now serves).
echo "setup: installing npm packages (npm ci)" >&2
npm ci --no-audit --no-fund --loglevel=error

echo "setup: building packages" >&2
NX_DAEMON=false npx nx run-many -t build --output-style=static >/dev/null
echo "setup: done" >&2
