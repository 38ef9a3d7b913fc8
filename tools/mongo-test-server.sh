#!/usr/bin/env bash
# A real MongoDB-protocol server on loopback for rollq's tests (mongo-java-server 1.47.0 + H2, through the
# launcher in tools/mongo-test-server/; why this server: shared/research/mongo-server.md in the project's notes).
#
#   tools/mongo-test-server.sh build            build the jar once (cached outside the repo, keyed by its sources)
#   tools/mongo-test-server.sh start [--memory] start one (a fresh data folder), print its mongodb:// URL
#   tools/mongo-test-server.sh url              print the URL of the running one
#   tools/mongo-test-server.sh stop             stop it and remove its data folder
#   tools/mongo-test-server.sh jar              print the jar's path (building it if needed)
#
# ROLLQ_MONGO_TEST_HOME picks the folder that holds the running server's pid, URL and data
# (default: ${TMPDIR:-/tmp}/rollq-mongo-test-server-$UID). Needs Java 17 and Maven (tools/setup.sh installs them).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$here/mongo-test-server"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/rollq/mongo-test-server"
home="${ROLLQ_MONGO_TEST_HOME:-${TMPDIR:-/tmp}/rollq-mongo-test-server-$(id -u)}"

die() { echo "mongo-test-server: $*" >&2; exit 2; }

source_hash() {
  (cd "$src" && find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

jar_path() { echo "$cache_root/$(source_hash)/mongo-test-server.jar"; }

build() {
  local jar; jar="$(jar_path)"
  [[ -f "$jar" ]] && return 0
  command -v java >/dev/null || die "java not found: install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless), or run tools/setup.sh"
  command -v mvn >/dev/null || die "mvn not found: install Maven (Debian: apt-get install maven), or run tools/setup.sh"
  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/rollq-mongo-build.XXXXXX")"
  cp -r "$src/pom.xml" "$src/src" "$work/"
  # Online the first time (Maven Central), offline-capable afterwards from ~/.m2.
  if ! (cd "$work" && mvn -q -B package -DskipTests >"$work/build.log" 2>&1); then
    cat "$work/build.log" >&2
    die "the Maven build failed (log above); check that Maven Central is reachable for the first build"
  fi
  mkdir -p "$(dirname "$jar")"
  cp "$work/target/mongo-test-server.jar" "$jar.tmp.$$" && mv "$jar.tmp.$$" "$jar"
  rm -rf "$work"
}

running_pid() {
  [[ -f "$home/pid" ]] || return 1
  local pid; pid="$(cat "$home/pid")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

start() {
  local backend=(--h2 "$home/data/db.h2")
  [[ "${1:-}" == "--memory" ]] && backend=(--memory)
  if running_pid >/dev/null; then cat "$home/url"; return 0; fi
  build
  rm -rf "$home"; mkdir -p "$home/data"
  # -Xmx1g was enough for the whole test set (research notes); Serial GC keeps a 2-core machine free.
  nohup java -Xmx1g -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -jar "$(jar_path)" --host 127.0.0.1 --port "${ROLLQ_MONGO_TEST_PORT:-0}" "${backend[@]}" \
    >"$home/stdout.log" 2>"$home/stderr.log" &
  echo $! >"$home/pid"
  local line=""
  for _ in $(seq 1 300); do
    line="$(grep -m1 '^listening ' "$home/stdout.log" 2>/dev/null || true)"
    [[ -n "$line" ]] && break
    kill -0 "$(cat "$home/pid")" 2>/dev/null || { cat "$home/stderr.log" >&2; die "the server exited during start (log above)"; }
    sleep 0.1
  done
  [[ -n "$line" ]] || die "the server did not start within 30 s (logs in $home)"
  echo "mongodb://${line#listening }/" >"$home/url"
  cat "$home/url"
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$home"
}

case "${1:-}" in
  build) build ;;
  jar) build; jar_path ;;
  start) shift; start "$@" ;;
  url) running_pid >/dev/null || die "no server is running (start one: tools/mongo-test-server.sh start)"; cat "$home/url" ;;
  stop) stop ;;
  *) die "usage: tools/mongo-test-server.sh build|start [--memory]|url|stop|jar" ;;
esac
