#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: scripts/guest-selftests.sh SRC OUT [TARGETS]
#
# Runs inside the guest (see scripts/check.sh): the kselftests of TARGETS
# (default: pidfd) of the tree SRC, built on the host with O=OUT, run the
# way a kernel developer runs them.  Under TCG a test is allowed
# KSELFTEST_TIMEOUT seconds (default 600) instead of kselftest's 45.
[ $# -ge 2 ] || { echo "usage: $0 SRC OUT [TARGETS]" >&2; exit 2; }
echo "guest: running on $(uname -r), $(nproc) cpus"
export kselftest_override_timeout=${KSELFTEST_TIMEOUT:-600}
make -s -C "$1/tools/testing/selftests" TARGETS="${3:-pidfd}" O="$2" run_tests
echo "guest: selftests done"
