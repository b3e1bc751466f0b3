"""Runs mongoeco's MongoDB wire-protocol server on a loopback port until killed (SIGTERM).

Usage: python wire_server.py PORT_FILE [--port N] [--sqlite PATH] [--exit-with-parent]

Binds 127.0.0.1 (port 0 = a free one), then writes the port it listens on to PORT_FILE, so the
caller knows when it is ready and where. The engine is in memory unless --sqlite is given.
With --exit-with-parent it also stops when the process that started it is gone (tests).
"""
import argparse
import asyncio
import os
import signal

from mongoeco.wire import AsyncMongoEcoProxyServer


def exit_now(*_) -> None:
    os._exit(0)


async def watch_parent() -> None:
    parent = os.getppid()
    while os.getppid() == parent:
        await asyncio.sleep(1)
    exit_now()


async def serve(port_file: str, port: int, sqlite: str | None, exit_with_parent: bool) -> None:
    engine = None
    if sqlite:
        from mongoeco.engines.sqlite import SQLiteEngine
        engine = SQLiteEngine(sqlite)
    server = AsyncMongoEcoProxyServer(engine=engine, host="127.0.0.1", port=port)
    address = await server.start()
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(address.port))
    os.replace(tmp, port_file)
    # Serve until killed. SIGTERM and SIGINT exit at once (a graceful close would wait for the clients'
    # pooled connections to hang up, which they never do); they are unblocked in case the starting
    # process blocked them, as a signal mask is inherited.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, exit_now)
    signal.signal(signal.SIGINT, exit_now)
    if exit_with_parent:
        await watch_parent()
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("port_file")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--sqlite", default=None)
    parser.add_argument("--exit-with-parent", action="store_true")
    args = parser.parse_args()
    asyncio.run(serve(args.port_file, args.port, args.sqlite, args.exit_with_parent))


if __name__ == "__main__":
    main()
