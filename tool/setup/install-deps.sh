#!/usr/bin/env bash
# Installs the host tools that tests need, from Debian packages, and the npm packages of
# tool/setup/package.json into tool/setup/node_modules (git-ignored, pinned by package-lock.json).
# Idempotent: packages already present are not installed again. Without root (or without apt-get)
# it only reports what is missing; the tests that need a missing tool skip with a message naming it.
#
#   tool/setup/install-deps.sh          Debian packages, then npm packages
#   tool/setup/install-deps.sh --npm    only the npm packages (what the terminal oracle tests run)
#
#   qemu-system-x86  boots the pc-uefi image of the native kernel (tests in category "qemu")
#   ovmf             the UEFI firmware QEMU boots it with
#   lld              lld-link, which links the ahead-of-time compiled kernel into a PE/COFF EFI image
#   llvm             llvm-mc, which assembles the machine-code stubs (Stubs/x86_64.s) into COFF
#   mtools           FAT tools (mformat, mcopy) to make a bootable EFI system partition image
#   acpica-tools     iasl: the ACPI tests compare their decoding with iasl's disassembly
#   nodejs npm       the terminal decoder's oracle, xterm.js (npm @xterm/headless), runs in Node
#   ncurses-bin ncurses-term  infocmp and the linux/vt102 entries the terminal tests read
#   vttest dialog whiptail    re-recording the terminal test streams (Recordings/record.py)
#   tar              GNU tar, whose listing the tar reader's tests compare with
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"

install_npm() {
    if [ -f "$here/node_modules/@xterm/headless/package.json" ]; then
        echo "install-deps: npm packages present"
        return 0
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "install-deps: npm not found; the tests using npm packages will skip" >&2
        return 1
    fi
    echo "install-deps: installing npm packages into $here/node_modules"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
}

if [ "${1:-}" = "--npm" ]; then
    install_npm
    exit $?
fi

packages=(qemu-system-x86 ovmf lld llvm mtools acpica-tools nodejs npm ncurses-bin ncurses-term vttest dialog whiptail tar)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

install_debian() {
    if [ ${#missing[@]} -eq 0 ]; then
        echo "install-deps: all present (${packages[*]})"
        return 0
    fi
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "install-deps: missing ${missing[*]}; run this script as root on Debian to install them" >&2
        return 0
    fi
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/install-deps.log 2>&1; then
        # The package lists may be missing or stale on a fresh machine: update once and retry.
        apt-get update >>/tmp/install-deps.log 2>&1
        if ! apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/install-deps.log 2>&1; then
            echo "install-deps: apt-get failed (see /tmp/install-deps.log); tests needing ${missing[*]} will skip" >&2
            tail -5 /tmp/install-deps.log >&2
            return 0
        fi
    fi
    echo "install-deps: installed ${missing[*]}"
}

install_debian
install_npm || true
exit 0
