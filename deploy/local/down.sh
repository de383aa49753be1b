#!/usr/bin/env bash
# Stops the services, then the infrastructure. Data stays in .local/data (remove it to start afresh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/services.sh" stop
bash "$HERE/infra.sh" stop
