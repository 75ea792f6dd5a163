#!/usr/bin/env bash
# Installs the host tools that tests use as oracles. Idempotent: installs only what is missing.
#   iasl (Debian acpica-tools): the ACPI tests compare their decoding with iasl's disassembly.
set -euo pipefail

packages=()
command -v iasl >/dev/null 2>&1 || packages+=(acpica-tools)

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: root is needed to install: ${packages[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
