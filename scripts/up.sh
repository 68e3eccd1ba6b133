#!/usr/bin/env bash
# Brings up a single-node k8ts cluster in the foreground: set-up if needed,
# then `k8ts init`. Ctrl-C (SIGINT) or SIGTERM stops it; data is kept.
#
# Environment:
#   K8TS_DATA_DIR  data dir (default /var/lib/k8ts)
# Extra arguments are passed to `k8ts init` (e.g. --port 6443 --control-plane-only).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${K8TS_DATA_DIR:-/var/lib/k8ts}"

if [ ! -f "$repo/node_modules/.k8ts-setup-stamp" ] || [ ! -x "$repo/.cache/kubectl-1.20/usr/bin/kubectl" ]; then
  echo "==> first run: scripts/setup.sh"
  bash "$repo/scripts/setup.sh"
fi

echo "==> k8ts init --data-dir $data_dir $*"
exec "$repo/bin/k8ts" init --data-dir "$data_dir" "$@"
