"""A real SMTP server on loopback whose faults the test controls, run as a process of its own
(``python -P tests/faults/smtp_server.py PORT WORKDIR``; -P keeps the project off sys.path,
where Stemme's ``public`` app would shadow the package aiosmtpd needs, see
notifications/tests/smtp.py).

The behaviour is read from WORKDIR/mode before every command, so a test switches it while the
server runs: ``accept``; ``slow SECONDS`` (each RCPT waits, before the message's data has been
sent: a kill in that pause loses nothing the server accepted); ``refuse-rcpt CODE``,
``refuse-data CODE`` (e.g. 550 or 451); ``hang`` (DATA never answers: the client times out).
Each accepted message is written to WORKDIR/delivered/ as its own file (written, then renamed:
a file there is a message the server said 250 to); WORKDIR/rcpt-N marks the N-th RCPT begun."""

import asyncio
import itertools
import os
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller

port, workdir = int(sys.argv[1]), Path(sys.argv[2])
delivered = workdir / "delivered"
delivered.mkdir(parents=True, exist_ok=True)
counter = itertools.count(1)
rcpts = itertools.count(1)


def mode() -> list[str]:
    try:
        return (workdir / "mode").read_text().split() or ["accept"]
    except FileNotFoundError:
        return ["accept"]


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        now = mode()
        (workdir / f"rcpt-{next(rcpts)}").touch()
        if now[0] == "refuse-rcpt":
            return f"{now[1]} Mailbox unavailable" if now[1].startswith("5") else f"{now[1]} Try again later"
        if now[0] == "slow":
            await asyncio.sleep(float(now[1]))
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        now = mode()
        if now[0] == "refuse-data":
            return f"{now[1]} Message rejected" if now[1].startswith("5") else f"{now[1]} Service busy, try later"
        if now[0] == "hang":
            await asyncio.sleep(3600)
        n = next(counter)
        partial = delivered / f".{n}.tmp"
        partial.write_bytes(envelope.original_content or envelope.content)
        os.rename(partial, delivered / f"{time.time_ns()}-{n}.eml")
        return "250 Message accepted for delivery"


controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
(workdir / "ready").touch()
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
