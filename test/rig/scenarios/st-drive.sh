# The project's LinuxStDrive (koffi ioctl worker + plain fd I/O) on the real st driver, checked against
# mt-st and dd. For test/integration/rig/st-drive.test.ts.
# Inputs in $RIG_OUT/images: 1 2 3 4 (boot, mkinsttape, dummy TOC, mksysb) and tapeblksz.
# Cartridges: tape_dev 0 = roomy, tape_dev 1 = too small for the image set.
. "$(dirname "$0")/../guest-lib.sh"
img="$RIG_OUT/images"
bs=$(cat "$img/tapeblksz")
D=$(tape_dev 0) || exit 1
small=$(tape_dev 1) || exit 1
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
app_stop
exit 0
