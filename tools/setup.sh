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
# @tensorflow/tfjs-node's install script only downloads (from outside the registries): package.json's
# allowScripts denies it. An npm without that policy (npm 10, Node 20's own) would run it and fail; there,
# install without scripts, then rebuild every other package that has one.
echo "setup: installing npm packages (npm ci)" >&2
if npm config ls -l 2>/dev/null | grep -q '^allow-scripts '; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  mapfile -t scripted < <(npm query ':attr(scripts, [preinstall]), :attr(scripts, [install]), :attr(scripts, [postinstall])' |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const n of new Set(JSON.parse(s).map((p) => p.name))) if (n !== "@tensorflow/tfjs-node") console.log(n);
    })')
  if [ ${#scripted[@]} -gt 0 ]; then npm rebuild --loglevel=error "${scripted[@]}" >/dev/null; fi
fi

# >>> tfjs-node: the TensorFlow native backend of the neural models (MLP / GRU / LSTM) >>>
# @tensorflow/tfjs-node's own install script downloads libtensorflow from a host outside the package
# registries (package.json's allowScripts denies it). Instead: the TensorFlow C library out of PyPI's
# tensorflow-cpu wheel (pinned by sha256; only the two .so files and the 14 C headers the addon needs are kept,
# in a cache outside the repository), linked into the package's deps/, and the addon built once from the
# package's own C++ sources by node-gyp against the local Node headers (then cached too). Nothing downloads at
# run time. Any failure is one line here, and the models fall back to the wasm backend (and say so once).
TF_VERSION=2.21.0
TF_WHEEL_SHA256=2b847d217b02ee7731ed91431daf3250daa0196c3c94614d23be27232e6e5b6c
TFJS_NODE_VERSION=4.22.0 # = @tensorflow/tfjs-node in packages/model/package.json
tf_dir="${XDG_CACHE_HOME:-$HOME/.cache}/rollq/tensorflow-cpu-$TF_VERSION"
tf_log=$(mktemp)
if ! TF_VERSION=$TF_VERSION TF_WHEEL_SHA256=$TF_WHEEL_SHA256 TFJS_NODE_VERSION=$TFJS_NODE_VERSION tf_dir=$tf_dir \
  bash -euo pipefail -s >&2 2>"$tf_log" <<'SH'
# progress on stdout (the terminal), errors on stderr (the last line is the reason setup prints)
fail() { echo "$*" >&2; exit 1; }
[ "$(uname -m)" = x86_64 ] || fail "the tensorflow-cpu wheel is x86_64 only, this machine is $(uname -m)"
pkg=node_modules/@tensorflow/tfjs-node
[ -f "$pkg/package.json" ] || fail "$pkg is missing (npm ci did not install it)"
have=$(node -p "require('./$pkg/package.json').version")
[ "$have" = "$TFJS_NODE_VERSION" ] || fail "$pkg is $have, this block is for $TFJS_NODE_VERSION"
if [ ! -s "$tf_dir/lib/libtensorflow_cc.so.2" ]; then
  echo "setup: fetching the TensorFlow C library from PyPI's tensorflow-cpu==$TF_VERSION wheel (274 MB, once) into $tf_dir"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  PIP="python3 -m pip"
  $PIP --version >/dev/null 2>&1 || PIP=pip3
  echo "tensorflow-cpu==$TF_VERSION --hash=sha256:$TF_WHEEL_SHA256" >"$tmp/requirements.txt"
  $PIP download --quiet --disable-pip-version-check --no-deps --require-hashes --only-binary=:all: \
    --python-version 3.11 --platform manylinux_2_27_x86_64 -r "$tmp/requirements.txt" -d "$tmp" >&2 ||
    fail "pip could not download tensorflow-cpu==$TF_VERSION"
  python3 - "$tmp" "$tf_dir" <<'PY'
import glob, os, shutil, sys, zipfile
tmp, dest = sys.argv[1:]
(whl,) = glob.glob(os.path.join(tmp, "tensorflow_cpu-*.whl"))
# the 14 headers binding/*.cc include, directly or through each other
headers = [f"tensorflow/c/{h}.h" for h in ("c_api", "c_api_macros", "tf_attrtype", "tf_buffer", "tf_datatype",
                                             "tf_status", "tf_tensor", "tf_tstring")]
headers += ["tensorflow/c/eager/c_api.h", "xla/tsl/c/tsl_status.h"]
headers += [f"{d}/platform/ctstring{s}.h" for d in ("tensorflow/core", "tsl") for s in ("", "_internal")]
with zipfile.ZipFile(whl) as z:
    for h in headers:
        out = os.path.join(dest, "include", h)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open("tensorflow/include/" + h) as f, open(out, "wb") as o:
            shutil.copyfileobj(f, o)
    os.makedirs(os.path.join(dest, "lib"), exist_ok=True)
    # the framework first, libtensorflow_cc.so.2 last: it marks a whole install
    for so in ("libtensorflow_framework.so.2", "libtensorflow_cc.so.2"):
        part = os.path.join(dest, "lib", so + ".part")
        with z.open("tensorflow/" + so) as f, open(part, "wb") as o:
            shutil.copyfileobj(f, o, 1 << 24)
        os.replace(part, os.path.join(dest, "lib", so))
PY
fi
# npm ci recreated the package: link the library and headers in, the names binding.gyp links against, and the
# marker file (libtensorflow.so.2.9.1) that makes the package's install.js skip its download.
mkdir -p "$pkg/deps/lib"
ln -sfn "$tf_dir/include" "$pkg/deps/include"
for so in libtensorflow_cc.so.2 libtensorflow_framework.so.2; do ln -sf "$tf_dir/lib/$so" "$pkg/deps/lib/$so"; done
ln -sf libtensorflow_cc.so.2 "$pkg/deps/lib/libtensorflow.so"
ln -sf libtensorflow_cc.so.2 "$pkg/deps/lib/libtensorflow.so.2.9.1"
ln -sf libtensorflow_framework.so.2 "$pkg/deps/lib/libtensorflow_framework.so"
addon_cache="$tf_dir/tfjs-node-$TFJS_NODE_VERSION-node-$(node -p 'process.versions.modules')"
if [ ! -s "$addon_cache/tfjs_binding.node" ]; then
  echo "setup: building the tfjs-node addon against TensorFlow $TF_VERSION (node-gyp, once)"
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  [ -f "$node_prefix/include/node/node_api.h" ] || fail "no Node headers in $node_prefix/include/node (install Node's headers)"
  (cd "$pkg" && npx --no-install node-pre-gyp install --build-from-source --nodedir="$node_prefix" >build.log 2>&1) ||
    fail "node-gyp could not build the addon (see $pkg/build.log)"
  built=$(ls "$pkg"/lib/napi-v*/tfjs_binding.node | tail -n1)
  mkdir -p "$addon_cache"
  printf '%s\n' "$(basename "$(dirname "$built")")" >"$addon_cache/napi-dir"
  cp "$built" "$addon_cache/tfjs_binding.node.part"
  mv "$addon_cache/tfjs_binding.node.part" "$addon_cache/tfjs_binding.node"
else
  mkdir -p "$pkg/lib/$(cat "$addon_cache/napi-dir")"
  cp "$addon_cache/tfjs_binding.node" "$pkg/lib/$(cat "$addon_cache/napi-dir")/tfjs_binding.node"
fi
TF_CPP_MIN_LOG_LEVEL=2 node -e "require('@tensorflow/tfjs-node')" 2>/dev/null || fail "the built addon does not load"
echo "setup: TensorFlow native backend ready (tfjs-node $TFJS_NODE_VERSION on TensorFlow $TF_VERSION)"
SH
then
  echo "setup: TensorFlow native backend not installed ($(tail -n1 "$tf_log")); the neural models use wasm" >&2
fi
rm -f "$tf_log"
# <<< tfjs-node <<<

echo "setup: building packages" >&2
NX_DAEMON=false npx nx run-many -t build --output-style=static >/dev/null
echo "setup: done" >&2
