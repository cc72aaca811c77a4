#!/usr/bin/env bash
# Installs the Debian packages the tests use. Needs root (or sudo); safe to run again.
#   openssh-server  real sshd on 127.0.0.1 for the SSH tests
#   simh            mtdump, the independent reader of SIMH .tap files
#   mt-st           the st driver's mt, used by the real-driver rig
#   chromium        the browser the UI tests drive through playwright-core
#   tgt, qemu-system-x86, busybox-static  the real st driver rig (tgtd + QEMU guest)
#   qemu-block-extra  QEMU's iscsi:// block driver (the rig's tape LUN); kmod for modinfo
#   sg3-utils, sdparm  independent decoders of the SCSI responses `drive status` reads (and sg_* in the rig guest)
#   poppler-utils   pdftotext, to read the restore card's text back from its PDF
#   mtx             the independent reader of a tape library's changer (the rig's library scenario)
#   openssl         a certificate for the test SMTP server's STARTTLS (notifications)
set -euo pipefail
packages=(openssh-server openssh-client simh mt-st chromium tgt qemu-system-x86 busybox-static kmod cpio qemu-block-extra sg3-utils sdparm poppler-utils mtx openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "test packages: all installed"; exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "test packages: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "test packages: installed"
