#!/usr/bin/env bash
# Prepares the real-st-driver rig: a Debian kernel (from the linux-image .deb, via apt) and a busybox
# initramfs holding the modules the guest needs. Idempotent: the .deb is fetched once into the cache,
# the initramfs is rebuilt every run (it is small) so edits to guest-init.sh take effect.
#   SYSBTAPE_RIG_CACHE       cache dir (default: <repo>/.tmp/rig-cache)
#   SYSBTAPE_RIG_KERNEL_PKG  kernel package (default: whatever Debian's linux-image-amd64 depends on)
# Prints the cache dir on the last line; it then holds vmlinuz and initrd.gz.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${SYSBTAPE_RIG_CACHE:-$repo/.tmp/rig-cache}"
mkdir -p "$cache"
# Rig tests may run in parallel: one builder at a time per cache.
exec 9> "$cache/.lock"
flock 9

for tool in apt-get dpkg-deb modinfo cpio gzip busybox flock tar; do
  command -v "$tool" >/dev/null || { echo "rig: '$tool' is missing; run: bash test/install-test-deps.sh" >&2; exit 1; }
done

pkg="${SYSBTAPE_RIG_KERNEL_PKG:-}"
if [ -z "$pkg" ]; then
  if [ -f "$cache/kernel-pkg" ]; then
    pkg="$(cat "$cache/kernel-pkg")"
  else
    pkg="$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)"
  fi
fi
[ -n "$pkg" ] || { echo "rig: cannot resolve the kernel package (apt-cache depends linux-image-amd64); set SYSBTAPE_RIG_KERNEL_PKG" >&2; exit 1; }

deb="$(ls "$cache"/"${pkg}"_*.deb 2>/dev/null | head -n1 || true)"
if [ -z "$deb" ]; then
  echo "rig: downloading $pkg (Debian .deb) into $cache" >&2
  (cd "$cache" && apt-get download "$pkg" >&2) || {
    echo "rig: apt-get download $pkg failed (try: apt-get update)" >&2; exit 1; }
  deb="$(ls "$cache"/"${pkg}"_*.deb | head -n1)"
fi
echo "$pkg" > "$cache/kernel-pkg"

# Only the kernel and the module folders the guest can need (the whole package is ~400 MB unpacked).
tree="$cache/tree-$pkg"
if [ ! -f "$tree/.done" ]; then
  rm -rf "$tree"; mkdir -p "$tree"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tree" --wildcards --no-anchored \
    'boot/vmlinuz-*' '*/kernel/drivers/virtio/*' '*/kernel/drivers/scsi/*' '*/kernel/net/9p/*' \
    '*/kernel/fs/9p/*' '*/kernel/fs/netfs/*' '*/kernel/fs/fscache/*'
  touch "$tree/.done"
fi
modroot="$tree/lib/modules"
[ -d "$modroot" ] || modroot="$tree/usr/lib/modules"
kver="$(ls "$modroot" | head -n1)"
moddir="$modroot/$kver"
cp -f "$tree/boot/vmlinuz-$kver" "$cache/vmlinuz"

# Modules in load order: each one's dependencies (modinfo) before it.
wanted=(virtio_pci virtio_scsi st sg 9pnet_virtio 9p)
declare -A seen=()
order=()
find_ko() { find "$moddir/kernel" -name "$1.ko" -o -name "$1.ko.xz" -o -name "$1.ko.zst" | head -n1; }
add_mod() {
  local name="$1" file deps dep
  [ -n "${seen[$name]:-}" ] && return 0
  seen[$name]=1
  file="$(find_ko "$name")"
  [ -n "$file" ] || { echo "rig: module $name not found in $pkg" >&2; exit 1; }
  deps="$(modinfo -F depends "$file" | tr ',' ' ')"
  for dep in $deps; do add_mod "$dep"; done
  order+=("$name")
}
for m in "${wanted[@]}"; do add_mod "$m"; done

root="$cache/initramfs"
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,newroot,lib/modules}
cp "$(command -v busybox)" "$root/bin/busybox"
for m in "${order[@]}"; do
  file="$(find_ko "$m")"
  case "$file" in
    *.ko.xz) xz -dc "$file" > "$root/lib/modules/$m.ko" ;;
    *.ko.zst) zstd -qdc "$file" > "$root/lib/modules/$m.ko" ;;
    *) cp "$file" "$root/lib/modules/$m.ko" ;;
  esac
  echo "$m" >> "$root/lib/modules/order"
done
cp "$here/guest-init.sh" "$root/init"
chmod 755 "$root/init" "$root/bin/busybox"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1 > "$cache/initrd.gz.new")
mv "$cache/initrd.gz.new" "$cache/initrd.gz"
echo "rig: kernel $kver, modules: ${order[*]}" >&2
echo "$cache"
