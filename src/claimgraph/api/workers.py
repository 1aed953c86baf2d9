"""`claimgraph serve --workers N`: N server processes on one port, each with its own listening
socket (SO_REUSEPORT), so that the kernel spreads the connections over them.

uvicorn's own ``--workers`` shares one listening socket among its processes, and whichever wakes
first accepts every connection waiting: 32 keep-alive clients that connect at once were split
20/12, 27/5 and once 32/0 between two processes, and the loaded process set everyone's latency
(bench/api_load.py: 700 to 1,500 document pages a second from run to run). With a socket per
process the kernel assigns each new connection to one of the sockets by a hash of its addresses.

Written by hand: uvicorn and gunicorn both open one socket that all their workers share (gunicorn's
``--reuse-port`` only lets another server bind the same port); the supervision here is the least
it needs (start, replace a process that dies, stop all on SIGINT or SIGTERM).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import socket
import sys
import time
from typing import Any

# A worker that dies this soon after it started is not restarted (it would only die again).
MIN_UPTIME_S = 5.0


def can_share_port() -> bool:
    return hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith("linux")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port that other sockets of this user may share."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _die_with(parent: int) -> None:
    """Ask Linux to stop this process when the supervisor dies, even by SIGKILL (else a worker
    left behind would go on serving the port)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return
    if os.getppid() != parent:  # it died before the request was made
        os._exit(0)


def _worker(sock: socket.socket, app_args: dict[str, Any], parent: int) -> None:
    # The fork inherited the supervisor's SIGTERM/SIGINT handler, which only notes the signal: a
    # stop (or the parent-death signal) that came while this process still imported uvicorn and
    # built the app was swallowed, and the worker served on after its supervisor was gone. The
    # default action ends it until uvicorn installs its own graceful handlers.
    for s in (signal.SIGINT, signal.SIGTERM):
        signal.signal(s, signal.SIG_DFL)
    _die_with(parent)
    import uvicorn

    from .app import create_app

    config = uvicorn.Config(create_app(**app_args), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def serve_workers(app_args: dict[str, Any], host: str, port: int, workers: int) -> None:
    """Run ``workers`` processes serving ``create_app(**app_args)`` on host:port until SIGINT or
    SIGTERM; a process that dies after running a while is replaced. Raises OSError when the
    address cannot be bound."""
    # First a socket that does not share: it fails if anything listens there already, even
    # another claimgraph serve, whose sockets a shared one would silently join.
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    socks = [listen(host, port) for _ in range(workers)]
    ctx = mp.get_context("fork")  # the sockets are inherited; nothing has opened the store yet
    stopping = []

    def stop(signum: int, frame: Any) -> None:
        stopping.append(signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}

    def start(sock: socket.socket) -> tuple[Any, float]:
        proc = ctx.Process(target=_worker, args=(sock, app_args, os.getpid()), daemon=True)
        proc.start()
        return proc, time.monotonic()

    running = [start(s) for s in socks]
    try:
        while not stopping:
            time.sleep(0.2)
            for i, (proc, since) in enumerate(running):
                if not proc.is_alive() and not stopping:
                    if time.monotonic() - since < MIN_UPTIME_S:
                        raise RuntimeError(f"server process exited with code {proc.exitcode} right after it started")
                    running[i] = start(socks[i])
    finally:
        for proc, _ in running:
            if proc.is_alive():
                os.kill(proc.pid, signal.SIGTERM)  # uvicorn finishes the requests under way
        for proc, _ in running:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join()
        for sock in socks:
            sock.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
