# Shell helpers for rig scenario scripts (sourced; runs in the guest, chrooted into the host's root).
# RIG_OUT is the writable scratch dir shared with the host at the same path.
: "${RIG_OUT:?RIG_OUT is not set (run this inside the rig guest)}"
mkdir -p "$RIG_OUT/steps" "$RIG_OUT/ctl"
RIG_REQ=0

# step NAME CMD...: runs CMD, records NAME.out, NAME.err and NAME.rc for the host-side test to assert on.
step() {
  _name=$1; shift
  "$@" > "$RIG_OUT/steps/$_name.out" 2> "$RIG_OUT/steps/$_name.err"
  _rc=$?
  echo "$_rc" > "$RIG_OUT/steps/$_name.rc"
  echo "step $_name: rc=$_rc"
  return 0
}

# host_request WORDS...: asks the host (test/rig/rig.ts) to act, e.g. "tgt-update 1 readonly=1"; prints its reply.
host_request() {
  RIG_REQ=$((RIG_REQ + 1))
  _n=$(printf '%04d' "$RIG_REQ")
  printf '%s\n' "$*" > "$RIG_OUT/ctl/.req-$_n"
  mv "$RIG_OUT/ctl/.req-$_n" "$RIG_OUT/ctl/req-$_n"
  _i=0
  while [ ! -e "$RIG_OUT/ctl/ack-$_n" ]; do
    sleep 0.1; _i=$((_i + 1))
    if [ "$_i" -gt 600 ]; then echo "host request timed out: $*" >&2; return 1; fi
  done
  _reply=$(cat "$RIG_OUT/ctl/ack-$_n")
  case "$_reply" in
    ok*) printf '%s\n' "$_reply" | tail -n +2 ;;
    *) echo "host request failed: $_reply" >&2; return 1 ;;
  esac
}

# tape_dev INDEX: the /dev/nstN of the rig's INDEX-th cartridge (QEMU scsi-id INDEX), found through sysfs.
tape_dev() {
  for _d in /sys/class/scsi_tape/nst*; do
    case "$_d" in *[0-9]) ;; *) continue ;; esac
    _addr=$(basename "$(readlink -f "$_d/device")")
    case "$_addr" in *:*:"$1":0) echo "/dev/$(basename "$_d")"; return 0 ;; esac
  done
  echo "no tape with scsi id $1" >&2
  return 1
}
