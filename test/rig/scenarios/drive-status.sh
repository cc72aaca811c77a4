# `sysbtape drive status` on the real st + sg drivers over tgt's tape emulation (issue 17): what tgt
# answers and refuses, checked against sg3-utils on the same /dev/sgN; a saved bundle decoded again
# with --from-raw; and a write through the same drive afterwards.
# For test/integration/rig/drive-status.test.ts. Inputs in $RIG_OUT: set/ (a make-images image set).
. "$(dirname "$0")/../guest-lib.sh"
D=$(tape_dev 0) || exit 1
sgdir="/sys/class/scsi_tape/${D#/dev/}/device/scsi_generic"
sg="/dev/$(ls "$sgdir" | head -n 1)"
echo "$sg" > "$RIG_OUT/sg-node"
app_start
step ds-text app cli drive status --tape "$D"
step ds-json app cli drive status --tape "$D" --json --save-raw "$RIG_OUT/bundle"
step sg-inq sg_inq "$sg"
step sg-vpd sg_vpd --page=sn "$sg"
step sg-modes sg_modes --page=0x3f "$sg"
step sg-logs sg_logs --page=0x2e "$sg"
step sg-read-attr sg_read_attr "$sg"
step ds-from-raw app cli drive status --from-raw "$RIG_OUT/bundle" --json
# SQLite cannot lock a file on the 9p share (disk I/O error): the catalog lives in the guest's own /tmp.
cat=/tmp/rig-catalog.db
step ds-tape-add app cli --catalog "$cat" tape add RIG201 --media L6
step ds-checks app health-checks "$D" "$cat" RIG201
step ds-mam-write app mam-write "$D" RIG201L6
# A never-written tgt cartridge reads as EIO without end of data: not provably blank, so it is confirmed.
step ds-write app cli write --images "$RIG_OUT/set" --tape "$D" --confirm UNKNOWN_CONTENTS
# verify --record goes through reverifyCartridge: TapeAlert after the read-back (refused by tgt: no flags, still a pass).
step ds-verify app cli --catalog "$cat" verify --images "$RIG_OUT/set" --tape "$D" --json --record --volser RIG201
step ds-after app cli drive status --tape "$D" --json
app_stop
exit 0
