#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Terminal signals for test-pidfd-run.sh: what a command under pidfd-run gets.

usage: tty-signals.py watch LOG [--own-pgrp]
       tty-signals.py run LOG STEP... -- PIDFD_RUN [OPTION...] -- COMMAND...

watch is the command: it blocks the signals that pidfd-run passes on,
writes "ready" to LOG, then a line for each of them it receives, such as
"SIGINT SI_KERNEL" (from a terminal) or "SIGINT SI_USER from pidfd-run",
until SIGUSR1, and exits 0 (1 if no signal came for 5 * WAIT_SECS).  With
--own-pgrp it first leaves pidfd-run's process group.

run starts PIDFD_RUN as the session leader of a new pseudo-terminal, whose
foreground process group it is, waits for "ready" in LOG, does the STEPs in
order, sends SIGUSR1 to pidfd-run, and prints LOG and "exit N", pidfd-run's
exit status.  The STEPs:

  intr, quit     type the interrupt (^C) or quit (^\\) key, then wait until
                 the command has logged a signal
  intr-stopped, quit-stopped
                 the same while pidfd-run is stopped: pidfd-run goes on only
                 once the command has taken the terminal's signal, so that a
                 copy pidfd-run passes on cannot merge with it, still pending,
                 and is seen in LOG
  hangup         close the terminal: the kernel sends SIGHUP to its session
                 leader, pidfd-run, alone

Waits are bounded by WAIT_SECS (default 10) seconds; a signal that did not
come shows as a "no signal after STEP" line.
"""
import os
import pty
import signal
import sys
import time

WAIT_SECS = float(os.environ.get("WAIT_SECS", "10"))
PASSED_ON = {signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM,
             signal.SIGUSR1, signal.SIGUSR2}
SI_CODES = {0: "SI_USER", 0x80: "SI_KERNEL", -1: "SI_QUEUE"}
KEYS = {"intr": b"\x03", "quit": b"\x1c"}


def watch(log, own_pgrp):
    signal.pthread_sigmask(signal.SIG_BLOCK, PASSED_ON)
    if own_pgrp:
        os.setpgid(0, 0)
    parent = os.getppid()
    with open(log, "a", buffering=1) as out:
        out.write("ready\n")
        while True:
            si = signal.sigtimedwait(PASSED_ON, 5 * WAIT_SECS)
            if si is None:
                out.write("no signal for %g s\n" % (5 * WAIT_SECS))
                return 1
            line = "%s %s" % (signal.Signals(si.si_signo).name,
                              SI_CODES.get(si.si_code, "si_code %d" % si.si_code))
            if si.si_code != 0x80:
                line += " from pidfd-run" if si.si_pid == parent else " from pid %d" % si.si_pid
            out.write(line + "\n")
            if si.si_signo == signal.SIGUSR1:
                return 0


def log_lines(log):
    try:
        with open(log) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def wait_lines(log, n):
    """Until LOG has N lines; False after WAIT_SECS."""
    end = time.monotonic() + WAIT_SECS
    while len(log_lines(log)) < n:
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def wait_pid(pid, flags=0):
    """waitpid(), but None after WAIT_SECS."""
    end = time.monotonic() + WAIT_SECS
    while True:
        got, status = os.waitpid(pid, flags | os.WNOHANG)
        if got:
            return status
        if time.monotonic() > end:
            return None
        time.sleep(0.05)


def run(log, steps, argv):
    pid, master = pty.fork()
    if pid == 0:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    if not wait_lines(log, 1):
        os.kill(pid, signal.SIGKILL)
        sys.exit("tty-signals.py: no \"ready\" in %s after %g s" % (log, WAIT_SECS))
    missing = []
    for step in steps:
        if step == "hangup":
            os.close(master)
            continue
        key, _, stopped = step.partition("-")
        n = len(log_lines(log))
        if stopped:
            os.kill(pid, signal.SIGSTOP)
            status = wait_pid(pid, os.WUNTRACED)
            if status is None or not os.WIFSTOPPED(status):
                sys.exit("tty-signals.py: pidfd-run did not stop")
        os.write(master, KEYS[key])
        if not wait_lines(log, n + 1):
            missing.append("no signal after " + step)
        if stopped:
            os.kill(pid, signal.SIGCONT)
    os.kill(pid, signal.SIGUSR1)
    status = wait_pid(pid)
    for line in log_lines(log) + missing:
        print(line)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        print("pidfd-run still running after %g s" % WAIT_SECS)
    else:
        print("exit %d" % os.waitstatus_to_exitcode(status))
    return 0


def main(args):
    if len(args) >= 2 and args[0] == "watch" and args[2:] in ([], ["--own-pgrp"]):
        return watch(args[1], args[2:] == ["--own-pgrp"])
    if len(args) >= 3 and args[0] == "run" and "--" in args:
        i = args.index("--")
        steps = args[2:i]
        if all(s == "hangup" or s.partition("-")[0] in KEYS and
               s.partition("-")[2] in ("", "stopped") for s in steps):
            return run(args[1], steps, args[i + 1:])
    sys.exit(__doc__.split("\n\n")[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
