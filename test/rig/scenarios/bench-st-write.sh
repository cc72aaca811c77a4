# bench/st-write.ts in the guest: the same bytes written to the same /dev/nstN by
# `dd ibs=512 obs=256k conv=sync` and by LinuxStDrive (guest/drive-check.ts write), alternating,
# $2 rounds. The input is copied to the guest's tmpfs first so 9p reads do not skew either side.
# Writes one line per run to $RIG_OUT/bench.txt: tool round wall_ms self_ms peak_rss_kib
. "$(dirname "$0")/../guest-lib.sh"
repo=$(cd "$(dirname "$0")/../../.." && pwd)
rounds=${2:-3}
D=$(tape_dev 0) || exit 1
cp "$RIG_OUT/bench.img" /tmp/bench.img
now_ms() { date +%s%3N; }
i=1
while [ "$i" -le "$rounds" ]; do
  mt-st -f "$D" rewind && mt-st -f "$D" setblk 512 || exit 1
  t0=$(now_ms)
  /usr/bin/time -f %M -o /tmp/rss dd if=/tmp/bench.img of="$D" ibs=512 obs=256k conv=sync 2> /tmp/dd.err || { cat /tmp/dd.err; exit 1; }
  t1=$(now_ms)
  # dd's own figure: "N bytes (…) copied, S s, R MB/s"
  self=$(sed -n 's/.* copied, \([0-9.]*\) s,.*/\1/p' /tmp/dd.err | awk '{ printf "%d", $1 * 1000 }')
  echo "dd $i $((t1 - t0)) $self $(cat /tmp/rss)" >> "$RIG_OUT/bench.txt"

  t0=$(now_ms)
  /usr/bin/time -f %M -o /tmp/rss "$repo/node_modules/.bin/node" $RIG_NODE_FLAGS "$repo/test/rig/guest/drive-check.ts" write "$D" /tmp/bench.img:512 > /tmp/app.json || { cat /tmp/app.json; exit 1; }
  t1=$(now_ms)
  # drive-check's own figure: the seconds spent writing (open and Node start-up excluded).
  self=$(sed -n 's/.*"seconds":\([0-9.e-]*\).*/\1/p' /tmp/app.json | awk '{ printf "%d", $1 * 1000 }')
  echo "linux-st-drive $i $((t1 - t0)) $self $(cat /tmp/rss)" >> "$RIG_OUT/bench.txt"
  i=$((i + 1))
done
exit 0
