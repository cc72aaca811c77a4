#!/bin/busybox sh
# /init of the rig's guest: loads virtio-scsi + st + sg + 9p, mounts the host's / read-only (9p tag
# hostroot) and the run's scratch dir writable at the same path (9p tag scratch), then chroots into
# the host's root and runs the scenario script, so the guest runs the project's own files and Node.
# Kernel command line: rig.script=<abs path> rig.out=<abs scratch dir> [rig.arg=<one word>]
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

say() { echo "rig-init: $*" > /dev/ttyS0; }
finish() {
  sync
  say "power off"
  poweroff -f
  sleep 5
}

script='' out='' arg=''
for word in $(cat /proc/cmdline); do
  case "$word" in
    rig.script=*) script="${word#rig.script=}" ;;
    rig.out=*) out="${word#rig.out=}" ;;
    rig.arg=*) arg="${word#rig.arg=}" ;;
  esac
done

for m in $(cat /lib/modules/order); do
  insmod "/lib/modules/$m.ko" 2>/dev/null || say "insmod $m failed"
done

# msize: bigger 9p messages make reading node and node_modules over 9p much faster.
opts=trans=virtio,version=9p2000.L,msize=524288
mount -t 9p -o "$opts,ro,cache=loose" hostroot /newroot || { say "cannot mount hostroot"; finish; }
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
# The guest's /tmp is a fresh tmpfs, which would hide a checkout that lives under the host's /tmp
# (a CI clone, say): hold the script's top folder under /tmp aside by a bind mount, then put it back.
top=''
case "$script" in
  /tmp/*)
    top="/tmp/$(echo "${script#/tmp/}" | cut -d/ -f1)"
    mkdir -p /keep
    mount -o bind "/newroot$top" /keep || say "cannot hold $top aside"
    ;;
esac
mount -t tmpfs -o mode=1777 tmp /newroot/tmp
if [ -n "$top" ]; then
  mkdir -p "/newroot$top"
  mount -o bind /keep "/newroot$top" || say "cannot bind $top back"
fi
mount -t tmpfs run /newroot/run 2>/dev/null
mkdir -p /newroot/dev/shm 2>/dev/null
mount -t tmpfs -o mode=1777 shm /newroot/dev/shm 2>/dev/null
# The scratch share is how results and host requests cross; cache=none so both sides see writes at once.
# Mounted last: a scratch dir under /tmp must sit on top of the guest's tmpfs, not under it.
mkdir -p "/newroot$out" 2>/dev/null
mount -t 9p -o "$opts,cache=none" scratch "/newroot$out" || { say "cannot mount scratch at $out"; finish; }

# st and sg nodes appear once the SCSI scan has finished; wait briefly for them.
i=0
while [ ! -e /newroot/dev/nst0 ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done

say "running $script"
chroot /newroot /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/tmp TMPDIR=/tmp LANG=C.UTF-8 RIG_OUT="$out" RIG_ARG="$arg" NODE_COMPILE_CACHE=/tmp/node-compile-cache \
  /bin/sh -c 'cd "$RIG_OUT" && exec /bin/sh "$0" "$RIG_OUT" "$RIG_ARG"' "$script" \
  > "/newroot$out/guest.log" 2>&1
rc=$?
dmesg > "/newroot$out/dmesg.log" 2>/dev/null
echo "$rc" > "/newroot$out/guest.rc"
say "script exited $rc"
umount "/newroot$out" 2>/dev/null
finish
