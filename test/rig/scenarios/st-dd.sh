# The manual mksysb flow on the real st driver with mt-st and dd only (no project code): proves the rig
# and records what the real driver does, for test/integration/rig/st-dd.test.ts to assert on.
# Inputs in $RIG_OUT/images: 1 2 3 4 (boot, mkinsttape, dummy TOC, mksysb) and tapeblksz (image 4's block size).
# Cartridges: tape_dev 0 = roomy, tape_dev 1 = too small for the image set.
. "$(dirname "$0")/../guest-lib.sh"
img="$RIG_OUT/images"
bs=$(cat "$img/tapeblksz")
D=$(tape_dev 0) || exit 1
small=$(tape_dev 1) || exit 1

step status-loaded mt-st -f "$D" status
step setblk-512 mt-st -f "$D" setblk 512
step status-setblk mt-st -f "$D" status
for f in 1 2 3; do
  step "write-$f" dd if="$img/$f" of="$D" ibs=512 obs=256k conv=sync
done
step setblk-4 mt-st -f "$D" setblk "$bs"
step write-4 dd if="$img/4" of="$D" ibs="$bs" obs=$((bs * 64)) conv=sync
step status-written mt-st -f "$D" status
dd_readback "$D" "$bs" dd

# Write protection: tgt's readonly=1 is the cartridge's write-protect tab.
host_request tgt-update 1 readonly=1 > /dev/null
step status-wp mt-st -f "$D" status
step write-wp dd if="$img/3" of="$D" bs=512
host_request tgt-update 1 readonly=0 > /dev/null

# No cartridge: online=0. Status (O_NONBLOCK) must answer at once.
host_request tgt-update 1 online=0 > /dev/null
step status-empty timeout 60 mt-st -f "$D" status
host_request tgt-update 1 online=1 > /dev/null
step status-reloaded mt-st -f "$D" status

# A cartridge too small for the image set: the write of file 4 must fail with ENOSPC.
step small-setblk-512 mt-st -f "$small" setblk 512
for f in 1 2 3; do
  step "small-write-$f" dd if="$img/$f" of="$small" ibs=512 obs=256k conv=sync
done
step small-setblk-4 mt-st -f "$small" setblk "$bs"
step small-write-4 dd if="$img/4" of="$small" ibs="$bs" obs=$((bs * 64)) conv=sync
step small-status mt-st -f "$small" status
exit 0
