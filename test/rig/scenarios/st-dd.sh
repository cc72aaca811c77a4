# The manual mksysb flow on the real st driver with mt-st and dd only (no project code): proves the rig
# and records what the real driver does, for test/integration/rig/st-rig.test.ts to assert on.
# Inputs in $RIG_OUT/images: 1_boot 2_mkinsttape 3_toc 4_mksysb, and tapeblksz (image 4's block size).
# Cartridges: tape_dev 0 = roomy, tape_dev 1 = too small for the image set.
. "$(dirname "$0")/../guest-lib.sh"
img="$RIG_OUT/images"
bs=$(cat "$img/tapeblksz")
D=$(tape_dev 0) || exit 1
small=$(tape_dev 1) || exit 1
rb="$RIG_OUT/readback"
mkdir -p "$rb"

step status-loaded mt-st -f "$D" status
step setblk-512 mt-st -f "$D" setblk 512
step status-setblk mt-st -f "$D" status
for f in 1_boot 2_mkinsttape 3_toc; do
  step "write-$f" dd if="$img/$f" of="$D" ibs=512 obs=256k conv=sync
done
step setblk-4 mt-st -f "$D" setblk "$bs"
step write-4_mksysb dd if="$img/4_mksysb" of="$D" ibs="$bs" obs=$((bs * 64)) conv=sync
step status-written mt-st -f "$D" status

# Read-back in fixed mode with a buffer much bigger than a block; each dd stops at its filemark.
step rewind mt-st -f "$D" rewind
step setblk-512-read mt-st -f "$D" setblk 512
for f in 1_boot 2_mkinsttape 3_toc; do
  step "read-$f" dd if="$D" of="$rb/$f" bs=256k
done
step setblk-4-read mt-st -f "$D" setblk "$bs"
step "read-4_mksysb" dd if="$D" of="$rb/4_mksysb" bs=256k
step read-past-eod dd if="$D" of=/dev/null bs=256k
step status-eod mt-st -f "$D" status

# fsf 3 from BOT lands at the start of file 4 (file number 3).
step rewind-fsf mt-st -f "$D" rewind
step fsf-3 mt-st -f "$D" fsf 3
step status-fsf mt-st -f "$D" status
step read-4-after-fsf dd if="$D" of="$rb/4_mksysb.fsf" bs=256k

# Record sizes: in variable mode each read() returns one tape block; a block larger than the read
# count fails (ENOMEM), a smaller one counts as a partial record. So "N+0 records in" with no error
# means every block of the file is exactly the read size.
step rewind-var mt-st -f "$D" rewind
step setblk-0 mt-st -f "$D" setblk 0
for f in 1_boot 2_mkinsttape 3_toc; do
  step "records-$f" dd if="$D" of=/dev/null bs=512
done
step "records-4_mksysb" dd if="$D" of=/dev/null bs="$bs"
step rewind-end mt-st -f "$D" rewind

# Write protection: tgt's readonly=1 is the cartridge's write-protect tab.
host_request tgt-update 1 readonly=1 > /dev/null
step status-wp mt-st -f "$D" status
step write-wp dd if="$img/3_toc" of="$D" bs=512
host_request tgt-update 1 readonly=0 > /dev/null

# No cartridge: online=0. Status (O_NONBLOCK) must answer at once.
host_request tgt-update 1 online=0 > /dev/null
step status-empty timeout 60 mt-st -f "$D" status
host_request tgt-update 1 online=1 > /dev/null
step status-reloaded mt-st -f "$D" status

# A cartridge too small for the image set: the write of file 4 must fail with ENOSPC.
step small-setblk-512 mt-st -f "$small" setblk 512
for f in 1_boot 2_mkinsttape 3_toc; do
  step "small-write-$f" dd if="$img/$f" of="$small" ibs=512 obs=256k conv=sync
done
step small-setblk-4 mt-st -f "$small" setblk "$bs"
step small-write-4_mksysb dd if="$img/4_mksysb" of="$small" ibs="$bs" obs=$((bs * 64)) conv=sync
step small-status mt-st -f "$small" status
exit 0
