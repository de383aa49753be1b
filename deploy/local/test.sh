#!/usr/bin/env bash
# Quick start, command 2: every check and every test, against the real infrastructure.
# Installs what is missing, starts the infrastructure if it is not running (and stops it again afterwards),
# builds, lints (module boundaries, layers), type-checks, finds unused code and dependencies (knip), checks dependency licences, then runs jest twice:
# unit tests and the integration/end-to-end tests against real Kafka, FerretDB, Redis and SMTP.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
t0=$(date +%s)
bash "$HERE/install.sh"
# shellcheck source=env.sh
. "$HERE/env.sh"
cd "$ROOT"
we_started_infra=0
if ! bash "$HERE/infra.sh" status >/dev/null 2>&1; then
  bash "$HERE/infra.sh" start
  we_started_infra=1
fi
cleanup() { if [ "$we_started_infra" = 1 ] && [ "${KEEP_INFRA:-0}" != 1 ]; then bash "$HERE/infra.sh" stop || true; fi; }
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
step "build";             npm run --silent build
step "lint (module boundaries, layers)"; npx nx show projects >/dev/null && npx eslint .
step "type-check (tests included)"; npx tsc -p tsconfig.json
step "unused files, exports and dependencies (knip)"; npx knip --no-progress --no-config-hints
step "dependency licences"; node deploy/build/check-licenses.mts
step "event catalogue is current"; node dist/libs/contracts/src/catalogue-cli.js "$ROOT" >/dev/null && git diff --exit-code --stat -- docs/events.md docs/schemas || {
  echo "docs/events.md or docs/schemas is out of date: run 'npm run events:catalogue' and commit the result"; exit 1; }
step "API documents are current"; node dist/libs/http-contracts/src/api-catalogue-cli.js "$ROOT" >/dev/null && git diff --exit-code --stat -- docs/api docs/asyncapi.json || {
  echo "docs/api or docs/asyncapi.json is out of date: run 'npm run api:catalogue' and commit the result"; exit 1; }
step "Kafka ACLs are current"; node dist/libs/contracts/src/acls-cli.js "$ROOT" >/dev/null && git diff --exit-code --stat -- docs/kafka-acls.md || {
  echo "docs/kafka-acls.md is out of date: run 'npm run kafka:acls' and commit the result"; exit 1; }
step "access matrix is current"; node dist/libs/auth/src/access-matrix-cli.js "$ROOT" >/dev/null && git diff --exit-code --stat -- docs/access-matrix.md || {
  echo "docs/access-matrix.md is out of date: run 'npm run access:matrix' and commit the result"; exit 1; }
# Two jest runs, each printing its summary: the unit tests on both cores (pure, no shared state), then the integration
# and end-to-end tests one file at a time (they share the one Kafka, FerretDB, Redis and SMTP server, restart some of
# them, and start service processes and Chromium: two at once would fight over 2 cores).
step "jest: unit (two workers)"
npx jest --ci --selectProjects unit --maxWorkers=2 --passWithNoTests "$@"
step "jest: integration + end-to-end (one file at a time)"
npx jest --ci --selectProjects integration --runInBand --passWithNoTests "$@"
printf '\nAll checks passed in %s s.\n' "$(( $(date +%s) - t0 ))"
