"""Children that die with their parent, however the parent ends (SIGKILL included).

A test run stopped by a timeout used to leave its broker node and services running, orphaned,
and the next run took them for part of its own system. Linux's parent-death signal
(``prctl(PR_SET_PDEATHSIG, SIGKILL)``, set in the child between fork and exec) ends a child as
soon as its parent is gone, without any cooperation from the parent. Two details decide whether
it holds:

- the signal follows the *thread* that forked, not the process: a child started from a thread
  that then ends would be killed with it. ``popen`` therefore forks from the main thread, or,
  when called from another thread, from one spawner thread that lives as long as the process;
- it survives ``exec`` but not ``fork``: a program that daemonizes (``rabbitmq-server
  -detached``) escapes it, so such programs are run in the foreground as direct children. Their
  own helpers (Erlang's ``erl_child_setup``) end with them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Callable

PR_SET_PDEATHSIG = 1
# Loaded in the parent: between fork and exec the child only calls an already resolved function.
_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def die_with(parent_pid: int) -> Callable[[], None]:
    """A ``preexec_fn`` making the child receive SIGKILL when ``parent_pid``'s forking thread ends."""

    def arm() -> None:
        if _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            os._exit(126)  # never run a child that could outlive us unnoticed
        if os.getppid() != parent_pid:  # the parent died before the signal was armed
            os.kill(os.getpid(), signal.SIGKILL)

    return arm


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    """``subprocess.run`` whose child dies with this process (the calling thread waits for it,
    so it cannot end first)."""
    return subprocess.run(command, preexec_fn=die_with(os.getpid()), **options)


def popen(command: list[str], **options) -> subprocess.Popen:
    """``subprocess.Popen`` whose child is killed when this process ends, from any thread."""
    options["preexec_fn"] = die_with(os.getpid())
    if threading.current_thread() is threading.main_thread():
        return subprocess.Popen(command, **options)
    return _spawner().call(lambda: subprocess.Popen(command, **options))


class _Spawner:
    """One daemon thread that forks on behalf of short-lived threads; it ends with the process."""

    def __init__(self):
        self.requests: queue.Queue = queue.Queue()
        threading.Thread(target=self._serve, name="local_stack-spawner", daemon=True).start()

    def _serve(self) -> None:
        while True:
            start, reply = self.requests.get()
            try:
                reply.put((start(), None))
            except BaseException as error:  # handed to the caller, who raises it
                reply.put((None, error))

    def call(self, start: Callable[[], subprocess.Popen]) -> subprocess.Popen:
        reply: queue.Queue = queue.Queue(maxsize=1)
        self.requests.put((start, reply))
        started, error = reply.get()
        if error is not None:
            raise error
        return started


_SPAWNER: _Spawner | None = None
_SPAWNER_LOCK = threading.Lock()


def _spawner() -> _Spawner:
    global _SPAWNER
    with _SPAWNER_LOCK:
        if _SPAWNER is None:
            _SPAWNER = _Spawner()
        return _SPAWNER
