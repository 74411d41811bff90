# SPDX-License-Identifier: GPL-2.0
#
# pidfd process-lifecycle series for Debian's linux-source-6.12: see
# README.md.  Everything generated goes under build/.

KERNEL ?= build/kernel/arch/x86/boot/bzImage
CMD ?= uname -r
export VNG_OPTS

.PHONY: run check check-debug check-configs check-distro check-oracle deb man bench shell \
	vm-run export export-debian tree build selftests pidfd-run deps clean

# Build the patched kernel and pidfd-run, boot the kernel, take the tour.
run: build pidfd-run
	scripts/vm-run.sh -k $(KERNEL) -t 900 \
		"$(CURDIR)/scripts/tour.sh $(CURDIR)/build/kernel/pidfd-run/pidfd-run"

# The test command: host checks, build, boot, pidfd selftests in the guest.
check: deps
	scripts/check.sh

# The same on a debug kernel (KASAN, lockdep, kmemleak...), with longer
# stress and fuzz runs: 85 to 100 minutes here, most of them in the guest.
check-debug: deps
	scripts/check.sh --debug

# The touched files built with CGROUPS, COREDUMP or PID_NS off and for
# i386 (W=1), every commit of the series compiled alone, sparse against
# the base; in build/configs/.
check-configs: deps tree
	scripts/check-configs.sh

# The series under Debian's own configs (linux-config-6.12): W=1 and
# sparse for amd64, cloud-amd64 and rt-amd64, and cloud-amd64 built,
# booted and tested; STEPS="objs cloud rt" adds rt-amd64.  In build/distro/.
check-distro: deps tree
	scripts/check-distro.sh $(STEPS)

# Mainline as an oracle: the same clone3() and PIDFD_GET_INFO scenarios on
# the patched kernel and on Debian's newest linux-source-7.2 (forky/sid),
# outputs compared, differences allowed only as listed in docs/oracle.md.
# In build/oracle/; 33 minutes from scratch (two kernel builds) on a
# busy 2-core machine, under 3 once both kernels are built.
check-oracle: deps
	scripts/check-oracle.sh

# That cloud-amd64-based kernel as Debian packages, in build/deb/.
deb: deps tree
	scripts/check-distro.sh deb

# man/ patched onto trixie's man-pages, linted; in build/man/ for man -l.
man: deps
	scripts/check-man.sh

# Spawn/exit/reap cost on the patched and the unpatched kernel, booted
# alternately under QEMU -icount; table and chart in build/bench/.
bench: deps tree
	scripts/bench.sh

# Run CMD (default: uname -r) in a guest booted on KERNEL.  CMD is passed
# as written: make does not expand the $ in it.
vm-run: export VM_CMD := $(value CMD)
vm-run:
	scripts/vm-run.sh -k $(KERNEL) "$$VM_CMD"

# An interactive shell in a guest booted on KERNEL.
shell:
	scripts/vm-run.sh -k $(KERNEL)

# build/linux: the base tree with patches/ applied, one commit a patch.
tree:
	scripts/prepare-tree.sh $(if $(FORCE),--force)

build: deps tree
	scripts/build-kernel.sh build/linux build/kernel config/pidfd.config

# The pidfd selftests and pidfd-run, built against the patched kernel's
# uapi headers: build/kernel/kselftest/pidfd/, build/kernel/pidfd-run/.
selftests: build
	scripts/build-tests.sh build/linux build/kernel

# tools/pidfd-run, the command-line tool for the new flags (with the tests).
pidfd-run: selftests

# Write build/linux's commits back to patches/.
export:
	scripts/export-patches.sh

# patches/ as a Debian patch directory with DEP-3 headers, in
# build/debian-patches/ (features/all/pidfd-lifecycle/ and a series fragment).
export-debian:
	scripts/export-debian.sh

deps:
	scripts/install-deps.sh

# Remove everything generated under build/: all but build/linux (the
# developer's tree) and build/dl (the downloads).  Under the build lock:
# it waits for a running build or timed boot.
clean:
	bash -c '. scripts/lib.sh && with_build_lock clean_build' clean
