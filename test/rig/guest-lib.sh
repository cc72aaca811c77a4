# Shell helpers for rig scenario scripts (sourced; runs in the guest, chrooted into the host's root).
# RIG_OUT is the writable scratch dir shared with the host at the same path.
# V8 in the emulated (TCG) guest twice aborted in Runtime_WasmTriggerTierUp while Node's type
# stripping (a wasm module) ran: keep wasm on its baseline compiler there. Host runs are unaffected.
RIG_NODE_FLAGS='--no-wasm-tier-up --no-wasm-dynamic-tiering'

: "${RIG_OUT:?RIG_OUT is not set (run this inside the rig guest)}"
mkdir -p "$RIG_OUT/steps" "$RIG_OUT/ctl"
RIG_REQ=0

# step NAME CMD...: runs CMD, records NAME.out, NAME.err and NAME.rc for the host-side test to assert on.
step() {
  _name=$1; shift
  _t0=$(date +%s%3N)
  "$@" > "$RIG_OUT/steps/$_name.out" 2> "$RIG_OUT/steps/$_name.err"
  _rc=$?
  _ms=$(( $(date +%s%3N) - _t0 ))
  echo "$_rc" > "$RIG_OUT/steps/$_name.rc"
  echo "step $_name: rc=$_rc ${_ms}ms"
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

# dd_readback DEV TAPEBLKSZ PREFIX: the independent read-back of a four-file mksysb tape with mt-st and
# dd only. Files go to $RIG_OUT/readback/PREFIX-N; steps are named PREFIX-*.
#  - fixed mode, 256 KiB reads (bigger than a block), one dd per file (each stops at its filemark);
#  - one more read at end of data; rewind + fsf 3 + status + file 4 again;
#  - variable mode reads of exactly the record size: "N+0 records in" and no error means every
#    record of the file has that size (bigger ones fail with ENOMEM, smaller ones count as partial).
dd_readback() {
  # Each call is guarded (rc 124) so a tape left in a bad state cannot eat the whole run's timeout.
  _dev=$1 _bs=$2 _p=$3
  mkdir -p "$RIG_OUT/readback"
  step "$_p-rewind" timeout 60 mt-st -f "$_dev" rewind
  step "$_p-setblk-512" timeout 60 mt-st -f "$_dev" setblk 512
  for _f in 1 2 3; do step "$_p-read-$_f" timeout 60 dd if="$_dev" of="$RIG_OUT/readback/$_p-$_f" bs=256k; done
  step "$_p-setblk-4" timeout 60 mt-st -f "$_dev" setblk "$_bs"
  step "$_p-read-4" timeout 60 dd if="$_dev" of="$RIG_OUT/readback/$_p-4" bs=256k
  step "$_p-read-eod" timeout 60 dd if="$_dev" of=/dev/null bs=256k
  step "$_p-rewind-fsf" timeout 60 mt-st -f "$_dev" rewind
  step "$_p-fsf-3" timeout 60 mt-st -f "$_dev" fsf 3
  step "$_p-status-fsf" timeout 60 mt-st -f "$_dev" status
  step "$_p-read-4-fsf" timeout 60 dd if="$_dev" of="$RIG_OUT/readback/$_p-4-fsf" bs=256k
  step "$_p-rewind-var" timeout 60 mt-st -f "$_dev" rewind
  step "$_p-setblk-0" timeout 60 mt-st -f "$_dev" setblk 0
  for _f in 1 2 3; do step "$_p-records-$_f" timeout 60 dd if="$_dev" of=/dev/null bs=512; done
  step "$_p-records-4" timeout 60 dd if="$_dev" of=/dev/null bs="$_bs"
  step "$_p-rewind-end" timeout 60 mt-st -f "$_dev" rewind
}

# app_start: starts one long-lived `drive-check.ts serve` (LinuxStDrive in the project's code) fed through
# FIFOs; app CMD ARGS… then sends it one command and prints its JSON answer. app_stop ends it.
app_start() {
  _repo=$(cd "$(dirname "$0")/../../.." && pwd)
  mkfifo /tmp/app.in /tmp/app.out
  "$_repo/node_modules/.bin/node" $RIG_NODE_FLAGS "$_repo/test/rig/guest/drive-check.ts" serve < /tmp/app.in > /tmp/app.out 2> "$RIG_OUT/app-server.err" &
  APP_PID=$!
  exec 8> /tmp/app.in
  exec 9< /tmp/app.out
}
app() {
  echo "$*" >&8
  # A hung call is caught by the rig's overall timeout; a dead server gives EOF here.
  if read -r _line <&9; then
    printf '%s\n' "$_line"
    case "$_line" in *'"ok":true'*) return 0 ;; *) return 1 ;; esac
  fi
  echo "drive-check server gave no answer (see app-server.err)" >&2
  return 125
}
app_stop() {
  exec 8>&-
  # The server must end by itself once its input closes (a leftover handle, e.g. an ioctl worker,
  # would keep it alive); record whether it did, then make sure it is gone.
  _i=0
  while kill -0 "$APP_PID" 2>/dev/null && [ "$_i" -lt 300 ]; do sleep 0.1; _i=$((_i + 1)); done
  if kill -0 "$APP_PID" 2>/dev/null; then
    echo "drive-check server still running 30 s after its input closed" > "$RIG_OUT/steps/app-server-exit.err"
    echo 1 > "$RIG_OUT/steps/app-server-exit.rc"
    kill -9 "$APP_PID" 2>/dev/null
  else
    : > "$RIG_OUT/steps/app-server-exit.err"
    echo 0 > "$RIG_OUT/steps/app-server-exit.rc"
  fi
  : > "$RIG_OUT/steps/app-server-exit.out"
  wait "$APP_PID" 2>/dev/null
  exec 9<&-
}
