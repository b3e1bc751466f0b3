"""Runs mongoeco's MongoDB wire-protocol server on a loopback port until SIGTERM/SIGINT.

Usage: python wire_server.py PORT_FILE [--port N] [--sqlite PATH]

Binds 127.0.0.1 (port 0 = a free one), then writes the port it listens on to PORT_FILE, so the
caller knows when it is ready and where. The engine is in memory unless --sqlite is given.
"""
import argparse
import asyncio
import os
import signal

from mongoeco.wire import AsyncMongoEcoProxyServer


async def serve(port_file: str, port: int, sqlite: str | None) -> None:
    engine = None
    if sqlite:
        from mongoeco.engines.sqlite import SQLiteEngine
        engine = SQLiteEngine(sqlite)
    server = AsyncMongoEcoProxyServer(engine=engine, host="127.0.0.1", port=port)
    address = await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(address.port))
    os.replace(tmp, port_file)
    try:
        await stop.wait()
    finally:
        await server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("port_file")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--sqlite", default=None)
    args = parser.parse_args()
    asyncio.run(serve(args.port_file, args.port, args.sqlite))


if __name__ == "__main__":
    main()
