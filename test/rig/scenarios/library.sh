# A tape library on the real st + sg drivers (issue 20): tgt's media changer (SMC) beside its tape drive.
# Inventory by barcode (checked against Debian's mtx on the same /dev/sgN), catalog reconciliation,
# load by VOLSER, write + verify on the loaded cartridge, unload to its slot; refusals for a VOLSER not
# in the library, a full drive and an empty drive.
# For test/integration/rig/library.test.ts. Inputs in $RIG_OUT: set/ (a make-images image set).
. "$(dirname "$0")/../guest-lib.sh"
D=$(tape_dev 0) || exit 1
CH=""
for g in /sys/class/scsi_generic/sg*; do
  [ "$(cat "$g/device/type" 2>/dev/null)" = "8" ] && CH="/dev/$(basename "$g")"
done
echo "$CH" > "$RIG_OUT/changer-node"
[ -n "$CH" ] || { echo "no changer sg node" >&2; exit 1; }
cat=/tmp/rig-catalog.db
app_start
step mtx-before mtx -f "$CH" status
step lib-status app cli library status --tape "$D" --json
step lib-inv-unknown app cli --catalog "$cat" library inventory --changer "$CH" --json
step lib-inv-add app cli --catalog "$cat" library inventory --changer "$CH" --add-unknown --json
step lib-load-missing app cli library load NOPE01 --changer "$CH"
step lib-unload-empty app cli library unload --changer "$CH"
step lib-load app cli library load RIG302 --changer "$CH" --tape "$D" --json
step lib-load-full app cli library load RIG301 --changer "$CH" --tape "$D"
step mtx-loaded mtx -f "$CH" status
# The raw READ ELEMENT STATUS data (slots with volume tags; the loaded drive with tags and DVCID), read by
# sg_raw rather than our code, for the decoder to be checked on tgt's own bytes.
step raw-slots sg_raw -r 4096 -o "$RIG_OUT/res-slots.bin" "$CH" b8 12 03 e8 00 03 00 00 10 00 00 00
step raw-drive sg_raw -r 4096 -o "$RIG_OUT/res-drive.bin" "$CH" b8 14 01 f4 00 01 01 00 10 00 00 00
step lib-mt-loaded mt-st -f "$D" status
step lib-probe dd if="$D" of=/dev/null bs=512 count=1
# tgt's SSC, given a cartridge by its changer, answers the first read of a fresh tgtimg cartridge with an
# error rather than BLANK CHECK, so the contents check cannot call it blank: the step confirms it.
step lib-write app cli write --images "$RIG_OUT/set" --tape "$D" --confirm UNKNOWN_CONTENTS
step lib-verify app cli --catalog "$cat" verify --images "$RIG_OUT/set" --tape "$D" --json --record --volser RIG302
step lib-unload app cli library unload --changer "$CH" --tape "$D" --json
step mtx-after mtx -f "$CH" status
step lib-inv-after app cli --catalog "$cat" library inventory --changer "$CH" --rescan --json
# The changer given once in the settings file (HOME=/tmp in the guest): status then needs no --changer or sysfs.
step lib-settings app cli library settings --changer "$CH" --tape "$D"
step lib-status-settings app cli library status --json
app_stop
exit 0
