#!/bin/sh
# Host tools the tests use as oracles. Idempotent; Debian packages are installed only when run as
# root and missing. Tests that need a tool skip with a message when it is absent.
#   tar: GNU tar, whose listing the tar reader's tests compare with (os/test/Framework.Os.Tar.Tests).
set -eu

need_apt=""
command -v tar >/dev/null 2>&1 && tar --version 2>/dev/null | grep -q 'GNU tar' || need_apt="$need_apt tar"

if [ -n "$need_apt" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get install -y $need_apt
    else
        echo "install-deps: missing:$need_apt (run as root on Debian to install)" >&2
    fi
fi
