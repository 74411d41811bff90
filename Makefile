# SPDX-License-Identifier: GPL-2.0
#
# pidfd process-lifecycle series for Debian's linux-source-6.12: see
# README.md.  Everything generated goes under build/.

KERNEL ?= build/kernel/arch/x86/boot/bzImage
CMD ?= uname -r
export CMD VNG_OPTS

.PHONY: run check shell vm-run export tree build selftests deps clean

# Build the patched kernel, boot it, show the series at work.
run: selftests
	scripts/vm-run.sh -k $(KERNEL) -t 600 "$(CURDIR)/scripts/run-demo.sh"

# The test command: host checks, build, boot, pidfd selftests in the guest.
check: deps
	scripts/check.sh

# Run CMD (default: uname -r) in a guest booted on KERNEL.
vm-run:
	scripts/vm-run.sh -k $(KERNEL) "$$CMD"

# An interactive shell in a guest booted on KERNEL.
shell:
	scripts/vm-run.sh -k $(KERNEL)

# build/linux: the base tree with patches/ applied, one commit a patch.
tree:
	scripts/prepare-tree.sh $(if $(FORCE),--force)

build: deps tree
	scripts/build-kernel.sh build/linux build/kernel config/pidfd.config

# The pidfd selftests, built against the patched kernel's uapi headers.
selftests: build
	$(MAKE) -C build/linux/tools/testing/selftests TARGETS=pidfd O=$(CURDIR)/build/kernel

# Write build/linux's commits back to patches/.
export:
	scripts/export-patches.sh

deps:
	scripts/install-deps.sh

clean:
	rm -rf build/kernel build/logs
