"""A recording SMTP server for interop tests, built on aiosmtpd.

Usage: python3 aiosmtpd_sink.py PORT OUTFILE [--tls CERT KEY] [--auth USER:PASSWORD] [--size N]

Listens on 127.0.0.1:PORT; for every message accepted it appends one line to OUTFILE with four
tab-separated fields: the sender, the recipients (space-separated), the MAIL parameters
(space-separated) and the content exactly as received, in base64. Prints "ready" once it accepts
connections; runs until killed.
"""

import base64
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Recorder:
    def __init__(self, out):
        self.out = out

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content if envelope.original_content is not None else envelope.content
        fields = [
            envelope.mail_from,
            " ".join(envelope.rcpt_tos),
            " ".join(envelope.mail_options),
            base64.b64encode(content).decode(),
        ]
        with open(self.out, "a", encoding="utf-8") as f:
            f.write("\t".join(fields) + "\n")
        return "250 2.0.0 OK queued"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    args = sys.argv[3:]
    kwargs = {}
    if "--tls" in args:
        i = args.index("--tls")
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args[i + 1], args[i + 2])
        kwargs["tls_context"] = ctx
    if "--auth" in args:
        user, password = args[args.index("--auth") + 1].split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok)

        kwargs["authenticator"] = authenticator
        kwargs["auth_require_tls"] = "--tls" in args
    if "--size" in args:
        kwargs["data_size_limit"] = int(args[args.index("--size") + 1])
    controller = Controller(Recorder(out), hostname="127.0.0.1", port=port, enable_SMTPUTF8=True, **kwargs)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
