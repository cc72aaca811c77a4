# The project's LinuxStDrive (koffi ioctl worker + plain fd I/O) on the real st driver, checked against
# mt-st and dd; then `sysbtape write` + `sysbtape verify` (the CLI a user runs) on /dev/nstN.
# For test/integration/rig/st-drive.test.ts.
# Inputs in $RIG_OUT: images/{1,2,3,4,tapeblksz} (drive checks) and set/ (a make-images image set)
# and set.tapeblksz holding its record-4 block size.
# Cartridges: tape_dev 0 = roomy, tape_dev 1 = too small for the image sets, tape_dev 2 = the CLI's.
. "$(dirname "$0")/../guest-lib.sh"
img="$RIG_OUT/images"
bs=$(cat "$img/tapeblksz")
D=$(tape_dev 0) || exit 1
small=$(tape_dev 1) || exit 1
C=$(tape_dev 2) || exit 1
repo=$(cd "$(dirname "$0")/../../.." && pwd)
sysbtape() { "$repo/node_modules/.bin/node" $RIG_NODE_FLAGS "$repo/bin/sysbtape.js" "$@"; }
app_start
files="$img/1:512 $img/2:512 $img/3:512 $img/4:$bs"

step app-status-loaded app status "$D"
step mt-status-loaded mt-st -f "$D" status
# shellcheck disable=SC2086
step app-write app write "$D" $files
step app-status-written app status "$D"
step mt-status-written mt-st -f "$D" status
dd_readback "$D" "$bs" app

# The same files read back through LinuxStDrive, one open per file (nst keeps the position).
step drive-rewind mt-st -f "$D" rewind
for n in 1 2 3; do step "drive-read-$n" app read "$D" 512 "$RIG_OUT/readback/drive-$n"; done
step "drive-read-4" app read "$D" "$bs" "$RIG_OUT/readback/drive-4"
step drive-rewind-end mt-st -f "$D" rewind
step drive-setblk-512 mt-st -f "$D" setblk 512
step app-status-blk app status "$D"
step mt-status-blk mt-st -f "$D" status

host_request tgt-update 1 readonly=1 > /dev/null
step app-status-wp app status "$D"
step mt-status-wp mt-st -f "$D" status
step app-open-wp app open "$D" write
host_request tgt-update 1 readonly=0 > /dev/null

host_request tgt-update 1 online=0 > /dev/null
step app-status-empty app status "$D"
step mt-status-empty mt-st -f "$D" status
step app-open-empty app open "$D" read
host_request tgt-update 1 online=1 > /dev/null

# shellcheck disable=SC2086
step app-small-write app write "$small" $files
step mt-status-small mt-st -f "$small" status

# The CLI on the real driver: `sysbtape write` as an operator runs it (its own process, bin/sysbtape.js);
# the other CLI calls run the same code in the drive-check server's process (`app cli …` = sysbtape …),
# because each CLI start costs close to a minute under TCG.
set="$RIG_OUT/set"
setbs=$(cat "$RIG_OUT/set.tapeblksz")
# tgt answers a read of a never-written cartridge with EIO and no end-of-data status, so SysbTape cannot
# prove it blank and asks (an LTO drive reports BLANK CHECK: end of data at the start, which is blank).
step cli-write sysbtape write --images "$set" --tape "$C" --confirm UNKNOWN_CONTENTS
step cli-verify app cli verify --images "$set" --tape "$C" --json
dd_readback "$C" "$setbs" cli
step cli-status mt-st -f "$C" status

# Refusals must come before anything is written: the cartridge listing at the end still holds the
# four files of cli-write and nothing else.
host_request tgt-update 3 readonly=1 > /dev/null
step cli-write-wp app cli write --images "$set" --tape "$C"
host_request tgt-update 3 readonly=0 > /dev/null
host_request tgt-update 3 online=0 > /dev/null
step cli-write-empty app cli write --images "$set" --tape "$C"
step cli-verify-empty app cli verify --images "$set" --tape "$C"
host_request tgt-update 3 online=1 > /dev/null

step cli-write-small app cli write --images "$set" --tape "$small" --confirm UNKNOWN_CONTENTS
step cli-status-small mt-st -f "$small" status
app_stop
exit 0
