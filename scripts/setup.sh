#!/usr/bin/env bash
# The one set-up command for a fresh Debian machine (run as root or with sudo).
# Installs the Debian packages k8ts needs now and soon, the npm dependencies
# (building better-sqlite3 from source), and unpacks Debian's kubectl 1.20 into
# .cache/ for the compatibility tests. Idempotent: a second run only checks.
#
# Environment:
#   K8TS_SKIP_APT=1   skip the Debian packages (e.g. a machine without apt)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup.sh: run as root (or install sudo): apt-get needs it" >&2; exit 1
  fi
fi

# What the project uses now (etcd for the store comparison, tmux for tests of
# interactive commands, python3-kubernetes as a second client) and soon
# (containerd/runc/CNI/iptables for the node agent, a registry and a static
# busybox for images built without network access).
PACKAGES=(containerd runc containernetworking-plugins iptables etcd-server etcd-client
          iproute2 tmux python3-kubernetes docker-registry busybox-static)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    note "apt-get update"
    $SUDO apt-get update -qq
    apt_updated=1
  fi
}

# ---------------------------------------------------------------- Debian packages
step "Debian packages"
if [ "${K8TS_SKIP_APT:-0}" = 1 ] || ! command -v apt-get >/dev/null; then
  note "skipped (K8TS_SKIP_APT=1 or no apt-get): install ${PACKAGES[*]} yourself"
else
  missing=()
  for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
  if [ "${#missing[@]}" -eq 0 ]; then
    note "all ${#PACKAGES[@]} packages already installed"
  else
    apt_update_once
    available=()
    for p in "${missing[@]}"; do
      if apt-cache show "$p" >/dev/null 2>&1; then available+=("$p")
      else note "WARNING: package $p is not available from this machine's apt sources; skipping it"; fi
    done
    if [ "${#available[@]}" -gt 0 ]; then
      note "installing: ${available[*]}"
      # policy-rc.d keeps package scripts from starting daemons (containerd,
      # etcd, docker-registry): k8ts and the tests start what they need.
      policy=/usr/sbin/policy-rc.d
      created_policy=0
      if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
        $SUDO chmod +x "$policy"; created_policy=1
      fi
      status=0
      $SUDO apt-get install -y -qq --no-install-recommends "${available[@]}" >/tmp/k8ts-setup-apt.log 2>&1 || status=$?
      [ "$created_policy" -eq 1 ] && $SUDO rm -f "$policy"
      if [ "$status" -ne 0 ]; then
        tail -20 /tmp/k8ts-setup-apt.log >&2
        echo "setup.sh: apt-get install failed (log: /tmp/k8ts-setup-apt.log)" >&2; exit 1
      fi
      note "done"
    fi
  fi
fi

# ---------------------------------------------------------------- npm dependencies
step "npm dependencies"
if ! git ls-files --error-unmatch package-lock.json >/dev/null 2>&1; then
  note "WARNING: package-lock.json is not committed; builds are not reproducible"
fi
# The stamp records what node_modules was built from, so a second run is instant
# and a changed lockfile or Node.js version triggers a clean install.
stamp=node_modules/.k8ts-setup-stamp
want="$(node --version) $(sha256sum package-lock.json 2>/dev/null | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
   && [ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
  note "node_modules is up to date"
else
  # package.json's "allowScripts" approves better-sqlite3's node-gyp build and
  # esbuild's install script; npm 11 runs them during ci/install.
  if [ -f package-lock.json ]; then
    note "npm ci (builds better-sqlite3 from source; takes a few minutes)"
    npm ci --no-audit --no-fund
  else
    note "npm install (no lockfile)"
    npm install --no-audit --no-fund
  fi
  if [ ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
    echo "setup.sh: better-sqlite3 was not built (install scripts blocked?); see package.json allowScripts" >&2
    exit 1
  fi
  echo "$want" >"$stamp"
fi
node -e "const D=require('better-sqlite3'); new D(':memory:').close()" \
  || { echo "setup.sh: better-sqlite3 does not load" >&2; exit 1; }
note "better-sqlite3 loads"

# ---------------------------------------------------------------- kubectl 1.20
# Debian's kubernetes-client (kubectl 1.20) is unpacked, never installed:
# installing it would replace /usr/bin/kubectl (1.32). Tests run both.
step "kubectl 1.20 (Debian kubernetes-client, unpacked into .cache/)"
kube120="$repo/.cache/kubectl-1.20"
if [ -x "$kube120/usr/bin/kubectl" ]; then
  note "already present"
else
  command -v apt-get >/dev/null || { echo "setup.sh: apt-get is needed to fetch kubernetes-client" >&2; exit 1; }
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # apt-get download runs as the _apt user when it can; give it a writable dir.
  chmod 777 "$tmp"
  if ! (cd "$tmp" && apt-get download -qq kubernetes-client >/dev/null 2>&1); then
    apt_update_once
    (cd "$tmp" && apt-get download -qq kubernetes-client)
  fi
  rm -rf "$kube120"; mkdir -p "$kube120"
  dpkg-deb -x "$tmp"/kubernetes-client_*.deb "$kube120"
fi
note "$("$kube120/usr/bin/kubectl" version --client --short 2>/dev/null || "$kube120/usr/bin/kubectl" version --client)"
note "kubectl 1.20: $kube120/usr/bin/kubectl"
if command -v kubectl >/dev/null; then
  note "kubectl (system): $(command -v kubectl)"
else
  note "WARNING: no kubectl on PATH; the e2e tests need /usr/bin/kubectl (1.32)"
fi

step "test images (scripts/build-images.sh: pause and busybox OCI archives in .cache/images)"
bash "$repo/scripts/build-images.sh"

step "setup complete"
