#!/usr/bin/env bash
# Builds the pc-uefi image of the native kernel:
#   build/pc-uefi/esp/EFI/BOOT/BOOTX64.EFI   (boot it with boot.sh)
# Steps: C# -> IL (dotnet build of Framework.Kernel.Native.PcUefi.csproj, no standard library),
# IL -> COFF object (ilc, the SDK's ahead-of-time compiler), stubs (llvm-mc), link (lld-link).
# Usage: build.sh [--out DIR]     Needs: dotnet, llvm-mc, lld-link (tool/setup/install-deps.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
out="$repo/build/pc-uefi"
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        *) echo "build.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
for tool in llvm-mc lld-link; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "build.sh: '$tool' is missing; run tool/setup/install-deps.sh" >&2
        exit 4
    fi
done
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$out/obj" "$out/esp/EFI/BOOT"

# 1. The ahead-of-time compiler, restored from NuGet in the version this SDK uses for PublishAot.
if ! log="$(dotnet restore "$here/toolchain/IlcToolchain.csproj" -v q 2>&1)"; then
    printf '%s\n' "$log" >&2; echo "build.sh: restoring ilc failed" >&2; exit 3
fi
packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
version="$(dotnet msbuild "$here/toolchain/IlcToolchain.csproj" -getProperty:BundledNETCoreAppPackageVersion 2>/dev/null)"
ilc="$packages/runtime.linux-x64.microsoft.dotnet.ilcompiler/$version/tools/ilc"
if [ ! -x "$ilc" ]; then
    ilc="$(ls -d "$packages"/runtime.linux-x64.microsoft.dotnet.ilcompiler/*/tools/ilc 2>/dev/null | sort -V | tail -1)"
fi
[ -x "$ilc" ] || { echo "build.sh: ilc not found under $packages" >&2; exit 3; }

# 2. C# -> IL: the core library, the kernel core and the platform in one assembly.
if ! log="$(dotnet build "$here/Framework.Kernel.Native.PcUefi.csproj" -c Release -nologo -v q -tl:off -clp:NoSummary -o "$out/il" 2>&1)"; then
    printf '%s\n' "$log" >&2; echo "build.sh: compiling the kernel failed" >&2; exit 1
fi

# 3. IL -> native: Windows/COFF conventions are the UEFI ones.
"$ilc" "$out/il/Framework.Kernel.Native.PcUefi.dll" -o "$out/obj/kernel.obj" \
    --systemmodule:Framework.Kernel.Native.PcUefi --targetos:windows --targetarch:x64 -O \
    --map:"$out/obj/kernel.map.xml" >"$out/obj/ilc.log" 2>&1 || { cat "$out/obj/ilc.log" >&2; exit 1; }

# 4. Stubs and link.
llvm-mc -filetype=obj -triple=x86_64-pc-windows-msvc "$here/Stubs/x86_64.s" -o "$out/obj/stubs.obj"
lld-link "$out/obj/kernel.obj" "$out/obj/stubs.obj" /subsystem:efi_application /entry:EfiMain \
    /nodefaultlib /out:"$out/esp/EFI/BOOT/BOOTX64.EFI" /map:"$out/obj/kernel.map" >"$out/obj/link.log" 2>&1 \
    || { cat "$out/obj/link.log" >&2; exit 1; }
size=$(stat -c %s "$out/esp/EFI/BOOT/BOOTX64.EFI")
echo "build.sh: $out/esp/EFI/BOOT/BOOTX64.EFI ($size bytes)"

# 5. A FAT disk image of the EFI system partition (mtools), the form a real machine boots from.
if command -v mformat >/dev/null 2>&1 && command -v mcopy >/dev/null 2>&1; then
    rm -f "$out/esp.img"
    dd if=/dev/zero of="$out/esp.img" bs=1M count=4 status=none
    mformat -i "$out/esp.img" ::
    mmd -i "$out/esp.img" ::/EFI ::/EFI/BOOT
    mcopy -i "$out/esp.img" "$out/esp/EFI/BOOT/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
    echo "build.sh: $out/esp.img (FAT image of the EFI system partition)"
fi
