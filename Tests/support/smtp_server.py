"""A real SMTP server for Tandem's tests: aiosmtpd with STARTTLS and AUTH required, saving each message it
accepts as an .eml file. A recipient whose address starts with "reject" is refused with 550.

    python smtp_server.py --port 2525 --maildir DIR [--cert C --key K] [--user U --password P]

Prints "ready" once it listens; stops on SIGTERM.
"""
import argparse
import asyncio
import itertools
import os
import signal
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Maildir:
    counter = itertools.count(1)

    def __init__(self, directory, delay=0.0):
        self.directory = directory
        # Seconds to wait before accepting each message: a slow mail server.
        self.delay = delay

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        name = f"{time.time():.6f}-{next(self.counter)}.eml"
        with open(os.path.join(self.directory, name + ".part"), "wb") as file:
            file.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            file.write(b"X-Tls: " + (b"yes" if session.ssl else b"no") + b"\r\n")
            file.write(envelope.original_content)
        os.rename(os.path.join(self.directory, name + ".part"), os.path.join(self.directory, name))
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--delay", type=float, default=0.0)
    options = parser.parse_args()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == options.user \
            and auth_data.password.decode() == options.password
        # handled=False: aiosmtpd then answers 535 itself, as a real server does.
        return AuthResult(success=ok, handled=False)

    tls = None
    if options.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(options.cert, options.key)
    controller = Controller(
        Maildir(options.maildir, options.delay), hostname="127.0.0.1", port=options.port,
        tls_context=tls, require_starttls=tls is not None,
        authenticator=authenticate if options.user else None, auth_required=bool(options.user),
        auth_require_tls=tls is not None)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
