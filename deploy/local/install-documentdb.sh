#!/usr/bin/env bash
# Builds and installs the PostgreSQL 15 extensions FerretDB 2 stores its documents through, idempotently:
#   DocumentDB (FerretDB's fork, tag v0.106.0-ferretdb-2.5.0: the pair of FerretDB v2.5.0), pg_cron 1.6.3, pgvector 0.8.0.
# Sources: a local mirror directory ($VENDOR_DIR, default ../shared/vendor beside the clone, when it exists) or the
# projects' own tag archives on GitHub; either way each tarball is checked against the SHA-256 pinned below, or, for
# a download whose compression differs, against the git commit the tag names (git archive records it).
# The shared objects go where PostgreSQL 15 loads extensions from (the system's pkglibdir, ≈ 15 MB).
# Sourced by install.sh (function install_documentdb); needs env.sh and lib.sh first.
# shellcheck shell=bash

PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
VENDOR_DIR="${VENDOR_DIR:-$ROOT/../shared/vendor}"

# name | file | download URL | sha256 of the vendored git archive | commit of the tag
DOCUMENTDB_SOURCES=(
  "documentdb|documentdb-0.106.0-ferretdb-2.5.0.tar.gz|https://github.com/FerretDB/documentdb/archive/refs/tags/v0.106.0-ferretdb-2.5.0.tar.gz|3ba0408eee7c3bc67933da50034092ee77e2aa79b61234c1216b0a1ffac21df1|beb9d25d9845477c85559d3293cd1f929cdf2b9c"
  "pg_cron|pg_cron-1.6.3.tar.gz|https://github.com/citusdata/pg_cron/archive/refs/tags/v1.6.3.tar.gz|3580f4034021e62e459f9f7ab1f625774bfc534a9256844545da85d6f99c2f5b|9d0576c64edd90fb3d8ac30763296a8106315638"
  "pgvector|pgvector-0.8.0.tar.gz|https://github.com/pgvector/pgvector/archive/refs/tags/v0.8.0.tar.gz|93df40ccdaaaa267d1275c1e6e773004a0e5ff8e14227934a4ec7e8205d0f608|2627c5ff775ae6d7aef0c430121ccf857842d2f2"
)
DOCUMENTDB_VERSION_WANTED="0.106-0"
PG_CRON_VERSION_WANTED="1.6"
PGVECTOR_VERSION_WANTED="0.8.0"

# The version an extension's installed control file declares ("" when not installed).
installed_extension_version() {
  local control
  control="$("$PG_CONFIG" --sharedir)/extension/$1.control"
  [ -f "$control" ] && sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$control" | head -n1
}

documentdb_installed() {
  local lib; lib="$("$PG_CONFIG" --pkglibdir)"
  [ "$(installed_extension_version documentdb)" = "$DOCUMENTDB_VERSION_WANTED" ] \
    && [ "$(installed_extension_version documentdb_core)" = "$DOCUMENTDB_VERSION_WANTED" ] \
    && [ "$(installed_extension_version pg_cron)" = "$PG_CRON_VERSION_WANTED" ] \
    && [ "$(installed_extension_version vector)" = "$PGVECTOR_VERSION_WANTED" ] \
    && [ -f "$lib/pg_documentdb.so" ] && [ -f "$lib/pg_documentdb_core.so" ] && [ -f "$lib/pg_cron.so" ] && [ -f "$lib/vector.so" ]
}

# Debian's build dependencies. postgresql-server-dev-15 is pinned to the installed server's version (an unpinned
# install would upgrade the server under running clusters); so is postgresql-15-rum's security build, which needs
# a server ≥ 15.20.
install_documentdb_debian() {
  local server_version rum_pin=() missing=() p
  server_version="$(dpkg-query -W -f='${Version}' postgresql-15 2>/dev/null)" || die documentdb "postgresql-15 is not installed"
  for p in postgresql-server-dev-15 postgresql-15-rum postgresql-15-postgis-3 libbson-dev libpcre2-dev libintelrdfpmath-dev libkrb5-dev pkg-config make gcc; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if dpkg -s postgresql-15-cron >/dev/null 2>&1; then
    # Debian's pg_cron 1.4.2 cannot schedule in seconds, which DocumentDB does ("invalid schedule: 2 seconds").
    log documentdb "removing Debian's postgresql-15-cron (1.4): pg_cron 1.6 is built below"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq postgresql-15-cron >&2
  fi
  [ ${#missing[@]} -gt 0 ] || return 0
  local pinned=()
  for p in "${missing[@]}"; do
    case "$p" in
      postgresql-server-dev-15) pinned+=("postgresql-server-dev-15=$server_version" "libpq-dev=$(dpkg-query -W -f='${Version}' libpq5)") ;;
      postgresql-15-rum)
        if dpkg --compare-versions "$server_version" lt 15.20; then rum_pin=("postgresql-15-rum=1.3.13-1+b1"); else rum_pin=(postgresql-15-rum); fi
        pinned+=("${rum_pin[@]}") ;;
      *) pinned+=("$p") ;;
    esac
  done
  log documentdb "installing Debian packages: ${pinned[*]}"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade "${pinned[@]}" >&2 \
    || die documentdb "apt-get install failed: ${pinned[*]}"
}

# Copies or downloads one source tarball into $1 and checks it. Prints the path.
fetch_source() {
  local dir="$1" name="$2" file="$3" url="$4" sha="$5" commit="$6" target got
  target="$dir/$file"
  if [ -f "$VENDOR_DIR/$file" ]; then
    cp "$VENDOR_DIR/$file" "$target"
  else
    log documentdb "downloading $name from $url (no $VENDOR_DIR/$file)"
    curl -fsSL --retry 3 -o "$target" "$url" || die documentdb "download of $url failed; put $file into $VENDOR_DIR (VENDOR_DIR=…)"
  fi
  got="$(sha256sum "$target" | cut -d' ' -f1)"
  if [ "$got" != "$sha" ]; then
    # A download may be compressed differently from the vendored archive; git archive records the commit it was
    # made from, which must be the tag's.
    local recorded
    recorded="$(gzip -dc "$target" | git get-tar-commit-id 2>/dev/null || true)"
    [ "$recorded" = "$commit" ] || die documentdb "$file: sha256 $got is not the pinned $sha and its recorded commit '${recorded:-none}' is not $commit"
  fi
  printf '%s' "$target"
}

build_documentdb() {
  local work="$1" src
  src="$work/documentdb-0.106.0-ferretdb-2.5.0"
  # 1) pkg-config has no file for Debian's Intel decimal math library: write one.
  mkdir -p "$work/pkgconfig"
  cat >"$work/pkgconfig/intelmathlib.pc" <<'PC'
Name: intelmathlib
Description: Intel decimal floating-point math library (Debian libintelrdfpmath-dev)
Version: 2.0
Cflags: -I/usr/include
Libs: -lbidgcc000
PC
  export PKG_CONFIG_PATH="$work/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
  # 2) Debian 12's libbson 1.23 lacks BSON_SUBTYPE_SENSITIVE (0x08), and a switch on bson_subtype_t with a case
  #    outside the enum fails under -Werror=switch: define it and switch on an int.
  local f="$src/pg_documentdb/src/operators/bson_expression_type_operators.c"
  if ! grep -q 'define BSON_SUBTYPE_SENSITIVE' "$f"; then
    # After the file's last #include (bson types come in through io/bson_core.h).
    awk -v last="$(grep -n '^ *#include' "$f" | tail -n1 | cut -d: -f1)" \
      '{ print } NR == last { print "#ifndef BSON_SUBTYPE_SENSITIVE"; print "#define BSON_SUBTYPE_SENSITIVE 0x08"; print "#endif" }' \
      "$f" >"$f.patched" && mv "$f.patched" "$f"
  fi
  sed -i 's/switch (subtype)$/switch ((int) subtype)/' "$f"
  # 3) Built from a tarball, not a checkout, the extension would report "gitref: unknown" and FerretDB warns at
  #    every start that the versions do not match: write what the fork's script writes from a checkout of the tag.
  local sha10
  sha10="$(printf '%s' "${DOCUMENTDB_SOURCES[0]##*|}" | cut -c1-10)"
  sed -i -e "s|GIT_VERSION=\"unknown\"|GIT_VERSION=\"HEAD\"|" \
         -e "s|BUILD_VER=\" buildId:unknown\"|BUILD_VER=\" buildId:0\"|" \
         -e "s|GIT_SHA=\" sha:unknown\"|GIT_SHA=\" sha:$sha10\"|" "$src/scripts/generate_extension_version.sh"
  local jobs; jobs="$(nproc 2>/dev/null || echo 2)"
  for part in pg_documentdb_core pg_documentdb; do
    make -C "$src/$part" -j"$jobs" PG_CONFIG="$PG_CONFIG" with_llvm=no >&2 || die documentdb "make $part failed"
    as_root make -C "$src/$part" install PG_CONFIG="$PG_CONFIG" with_llvm=no >&2 || die documentdb "make install $part failed"
  done
}

install_documentdb() {
  if documentdb_installed; then
    log documentdb "DocumentDB $DOCUMENTDB_VERSION_WANTED, pg_cron $PG_CRON_VERSION_WANTED, pgvector $PGVECTOR_VERSION_WANTED present in $("$PG_CONFIG" --pkglibdir)"
    return
  fi
  local t work entry name file url sha commit tarball jobs
  t=$(now_ms)
  install_documentdb_debian
  [ -x "$PG_CONFIG" ] || die documentdb "$PG_CONFIG missing after installing postgresql-server-dev-15"
  work="$(mktemp -d)"
  jobs="$(nproc 2>/dev/null || echo 2)"
  log documentdb "building DocumentDB, pg_cron and pgvector for PostgreSQL $("$PG_CONFIG" --version | cut -d' ' -f2) (about two minutes on 2 cores)"
  for entry in "${DOCUMENTDB_SOURCES[@]}"; do
    IFS='|' read -r name file url sha commit <<<"$entry"
    tarball="$(fetch_source "$work" "$name" "$file" "$url" "$sha" "$commit")"
    tar -xzf "$tarball" -C "$work"
  done
  make -C "$work/pg_cron-1.6.3" -j"$jobs" PG_CONFIG="$PG_CONFIG" with_llvm=no >&2 && as_root make -C "$work/pg_cron-1.6.3" install PG_CONFIG="$PG_CONFIG" with_llvm=no >&2 \
    || die documentdb "pg_cron build failed"
  make -C "$work/pgvector-0.8.0" -j"$jobs" PG_CONFIG="$PG_CONFIG" with_llvm=no OPTFLAGS="" >&2 && as_root make -C "$work/pgvector-0.8.0" install PG_CONFIG="$PG_CONFIG" with_llvm=no OPTFLAGS="" >&2 \
    || die documentdb "pgvector build failed"
  ( build_documentdb "$work" ) || { rm -rf "$work"; die documentdb "DocumentDB build failed"; }
  rm -rf "$work"
  documentdb_installed || die documentdb "built, but the installed control files or libraries are not the expected versions"
  log documentdb "built and installed in $(elapsed "$t")"
}
