#!/usr/bin/env bash
# Boots the pc-uefi image in QEMU (OVMF firmware, no KVM) and watches its serial output.
# Usage: boot.sh [--esp DIR] [--scenario NAME] [--until REGEX] [--timeout SECONDS] [--log FILE]
#   --scenario  passed to the kernel through QEMU's fw_cfg (opt/genode/scenario): selftest, hello, kernel-fault
#   --until     extended regex that means success (default: the selftest PASS marker; '' checks nothing)
#   --timeout   wall-clock seconds before QEMU is killed (default 60)
# Prints the serial log; exits 0 when --until matched, 1 when it did not (timeout, FAIL or panic),
# 4 when QEMU or OVMF is missing.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
esp="$repo/build/pc-uefi/esp"
scenario="selftest"
until_re='selftest: result: PASS'
timeout=60
log=""
while [ $# -gt 0 ]; do
    case "$1" in
        --esp) esp="$2"; shift 2 ;;
        --scenario) scenario="$2"; shift 2 ;;
        --until) until_re="$2"; shift 2 ;;
        --timeout) timeout="$2"; shift 2 ;;
        --log) log="$2"; shift 2 ;;
        *) echo "boot.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
qemu="$(command -v qemu-system-x86_64 || true)"
ovmf=""
for f in /usr/share/ovmf/OVMF.fd /usr/share/OVMF/OVMF.fd /usr/share/qemu/OVMF.fd; do
    [ -f "$f" ] && { ovmf="$f"; break; }
done
if [ -z "$qemu" ] || [ -z "$ovmf" ]; then
    echo "boot.sh: qemu-system-x86_64 or OVMF is missing; run tool/setup/install-deps.sh" >&2
    exit 4
fi
[ -f "$esp/EFI/BOOT/BOOTX64.EFI" ] || { echo "boot.sh: no image in $esp (run build.sh)" >&2; exit 2; }
[ -n "$log" ] || log="$(dirname "$esp")/serial-$scenario.log"
rm -f "$log"
# The firmware may write to the boot disk; boot from a private copy. The FAT image (build.sh with
# mtools) is preferred; a directory is served by QEMU's virtual FAT driver.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -f "$(dirname "$esp")/esp.img" ]; then
    cp "$(dirname "$esp")/esp.img" "$work/esp.img"
    drive="format=raw,file=$work/esp.img"
else
    cp -r "$esp" "$work/esp"
    drive="format=raw,file=fat:rw:$work/esp"
fi
start=$(date +%s%N)
timeout --kill-after=5 "$timeout" "$qemu" -nodefaults -machine q35 -m 256M -cpu max -bios "$ovmf" \
    -drive "$drive" -display none -monitor none -serial file:"$log" \
    -no-reboot -net none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -fw_cfg name=opt/genode/scenario,string="$scenario" >/dev/null 2>"$work/qemu.err"
status=$?
end=$(date +%s%N)
tr -d '\r' <"$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' >"$work/clean.log"
cat "$work/clean.log"
echo "boot.sh: qemu exited with $status after $(( (end - start) / 1000000 )) ms" >&2
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "boot.sh: timeout after $timeout s" >&2
fi
if [ -z "$until_re" ] || grep -Eq "$until_re" "$work/clean.log"; then
    exit 0
fi
echo "boot.sh: '$until_re' did not appear" >&2
[ -s "$work/qemu.err" ] && cat "$work/qemu.err" >&2
exit 1
