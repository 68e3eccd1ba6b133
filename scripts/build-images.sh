#!/usr/bin/env bash
# Builds k8ts's test images as OCI image archives without any registry or
# network access, from what Debian installs: a static pause binary (compiled
# from scripts/images/pause.c; busybox's sleep as a fallback without gcc) and
# busybox-static with its applet links. Output: .cache/images/<name>.tar, each
# loadable with `k8ts image import` (or `ctr images import`). The node agent
# imports every archive of .cache/images/ and DIR/agent/images/ at start.
#
# Reproducible: fixed mtimes, owners and ordering, so the digests only change
# when the inputs do. Idempotent: an archive newer than its inputs is kept.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${K8TS_IMAGES_DIR:-$repo/.cache/images}"
mkdir -p "$out"
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"

PAUSE_IMAGE="k8ts.local/pause:3.10"
BUSYBOX_IMAGE="k8ts.local/busybox:1.35"

sha() { sha256sum "$1" | cut -d' ' -f1; }

# oci_archive NAME REF ROOTFS CONFIG_JSON_FRAGMENT OUT.tar
oci_archive() {
  local name="$1" ref="$2" rootfs="$3" cfg="$4" dest="$5"
  local work; work="$(mktemp -d)"
  mkdir -p "$work/layout/blobs/sha256"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=posix \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      -C "$rootfs" -cf "$work/layer.tar" .
  local layer; layer="$(sha "$work/layer.tar")"
  local lsize; lsize="$(stat -c %s "$work/layer.tar")"
  mv "$work/layer.tar" "$work/layout/blobs/sha256/$layer"
  printf '{"architecture":"%s","os":"linux","config":%s,"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"k8ts scripts/build-images.sh (%s)"}]}' \
    "$arch" "$cfg" "$layer" "$name" >"$work/config.json"
  local config; config="$(sha "$work/config.json")"
  local csize; csize="$(stat -c %s "$work/config.json")"
  mv "$work/config.json" "$work/layout/blobs/sha256/$config"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config" "$csize" "$layer" "$lsize" >"$work/manifest.json"
  local manifest; manifest="$(sha "$work/manifest.json")"
  local msize; msize="$(stat -c %s "$work/manifest.json")"
  mv "$work/manifest.json" "$work/layout/blobs/sha256/$manifest"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"%s","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest" "$msize" "$arch" "$ref" "${ref##*:}" >"$work/layout/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$work/layout/oci-layout"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/layout" -cf "$dest.tmp" .
  mv "$dest.tmp" "$dest"
  rm -rf "$work"
  echo "    $ref -> $dest"
}

base_files() {
  local root="$1"
  mkdir -p "$root"/{etc,tmp,proc,sys,dev,root,var/www}
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

# ---------------------------------------------------------------- pause
pause_tar="$out/pause.tar"
if [ ! -f "$pause_tar" ] || [ "$repo/scripts/images/pause.c" -nt "$pause_tar" ] || [ "$0" -nt "$pause_tar" ]; then
  root="$(mktemp -d)"
  base_files "$root"
  if command -v gcc >/dev/null && gcc -static -Os -o "$root/pause" "$repo/scripts/images/pause.c" 2>/dev/null; then
    strip "$root/pause" 2>/dev/null || true
    entry='["/pause"]'
  else
    # Fallback: busybox sleeps forever as PID 1 (it does not reap zombies as pause does).
    cp /bin/busybox "$root/pause"
    entry='["/pause","sleep","2147483647"]'
  fi
  oci_archive pause "$PAUSE_IMAGE" "$root" "{\"Entrypoint\":$entry,\"WorkingDir\":\"/\"}" "$pause_tar"
  rm -rf "$root"
else
  echo "    $PAUSE_IMAGE is up to date ($pause_tar)"
fi

# ---------------------------------------------------------------- busybox
busybox_tar="$out/busybox.tar"
bb=/bin/busybox
if [ ! -x "$bb" ]; then echo "build-images.sh: busybox-static is not installed" >&2; exit 1; fi
if [ ! -f "$busybox_tar" ] || [ "$bb" -nt "$busybox_tar" ] || [ "$0" -nt "$busybox_tar" ]; then
  root="$(mktemp -d)"
  base_files "$root"
  mkdir -p "$root/bin"
  cp "$bb" "$root/bin/busybox"
  for applet in $("$bb" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  mkdir -p "$root/usr/bin" "$root/sbin" "$root/usr/sbin"
  printf '<html><body>k8ts busybox</body></html>\n' >"$root/var/www/index.html"
  oci_archive busybox "$BUSYBOX_IMAGE" "$root" \
    '{"Cmd":["sh"],"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"WorkingDir":"/"}' "$busybox_tar"
  rm -rf "$root"
else
  echo "    $BUSYBOX_IMAGE is up to date ($busybox_tar)"
fi
