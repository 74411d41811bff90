#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/install-deps.sh
#
# Install, as root on Debian 12, what the workbench needs: the kernel build
# dependencies, gcc-multilib (the 32-bit selftests), stress-ng, QEMU, udev
# (virtme-ng's guest runs the host's udevd) and virtme-ng, which bookworm
# lacks: it comes from trixie, pinned low so that nothing else is taken
# from there.  The trixie entry uses the same
# archive (URI) as the machine's own Debian entry, whatever mirror that is.
# Quick when all is installed already.
set -e
. "$(dirname "$0")/lib.sh"

pkgs="build-essential bc bison flex libelf-dev libssl-dev cpio kmod rsync
      python3 python3-ply python3-git git xz-utils qemu-system-x86 udev
      libcap-dev gnuplot-nox sparse quilt mandoc groff debhelper stress-ng procps
      gcc-multilib"

missing=
for p in $pkgs virtme-ng; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all installed"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || die "missing:$missing; run as root"

if ! grep -rqsE '^Suites:.*[[:space:]]trixie([[:space:]]|$)|^deb[[:space:]].*[[:space:]]trixie[[:space:]]' \
	/etc/apt/sources.list /etc/apt/sources.list.d/; then
	uri=$(debian_uri)
	[ -n "$uri" ] || die "no apt entry for Debian's main suite to take the archive's URI from"
	cat >/etc/apt/sources.list.d/trixie.sources <<SRC
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
# Only what is asked for by name from trixie comes from there.
cat >/etc/apt/preferences.d/trixie-low <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $pkgs
apt-get install -y -q --no-install-recommends virtme-ng/trixie
echo "install-deps: installed:$missing"
