"""A scripted POP3 session with Python's poplib, for interop tests; reports every result as JSON.

Usage:
  python3 poplib_client.py HOST PORT [--stls CAFILE | --ssl CAFILE] [--user U --pass P [--apop]]
                           [--timeout SECONDS] COMMAND...

Connects to HOST:PORT (poplib.POP3, or poplib.POP3_SSL with --ssl CAFILE for implicit TLS).
With --stls CAFILE it issues STLS (poplib sends CAPA first and gives up unless STLS is listed).
TLS verifies the server's certificate against CAFILE for the name HOST (so a certificate for
127.0.0.1 needs that IP address in its subjectAltName). With --user and --pass it logs in:
USER then PASS, or APOP with --apop (poplib's apop(), which needs a <timestamp> in the
greeting). Then it runs the COMMANDs in order (options and commands may be mixed):

  stat  list  list:N  uidl  uidl:N  retr:N  top:N:L  dele:N  rset  noop  capa  utf8  quit

Output: one JSON object per line, in order: the greeting, then "stls", then "user" and "pass"
or "apop" when asked for, then one per COMMAND. Every object has
  "cmd"    the step: "greeting", "stls", "user", "pass", "apop" or the COMMAND as written;
  "ok"     true when poplib accepted the answer (+OK); false on -ERR or any other error;
  "raw"    base64 of the exact bytes read from the connection during this step: the status
           line with its line ending and, for a multi-line answer, every line through the
           terminating ".CRLF", still dot-stuffed ("stls" also holds the answer to poplib's CAPA;
           "" when nothing was read). Absent only for a greeting that is not +OK.
and when ok:
  "resp"   the status line as poplib returned it (line ending removed), as UTF-8 with
           backslash escapes for invalid bytes; every step but stat has it;
  "lines"  for list, uidl, retr, top, capa: base64 of each line as poplib returned it: line
           ending removed (poplib drops CRLF, or else a final LF, and also a leading CR when the
           line ends in a bare LF), a leading ".." unstuffed to ".", terminator not included;
  "octets" for retr and top: poplib's count (the bytes of the lines it read including their
           line endings, minus one per unstuffed dot, terminator excluded);
  "count", "size" for stat: the two numbers poplib parsed from "+OK count size";
  "capa"   for capa: {capability: [arguments]}, parsed from the lines as poplib's capa() does;
when not ok:
  "error"  the text of poplib.error_proto: the server's -ERR line, or poplib's own complaint
           ("line too long" for a line over 2048 bytes, "-ERR EOF" when the server closed the
           connection), or "<Exception>: <message>" for a socket or TLS error, or
           "not connected" after poplib closed the connection (after QUIT).
After an error the remaining commands still run and are reported.

Exit status: 0 when the session ran, whatever the server answered; 1 when the connection
could not be made, the greeting was not +OK (reported as {"cmd": "greeting", "ok": false,
"error": ...}) or STLS failed (reported as the "stls" step); 2 for a usage error.
"""

import argparse
import base64
import json
import poplib
import ssl
import sys


class Tap:
    """Wraps the file poplib reads from, keeping a copy of every byte read."""

    def __init__(self, inner, sink):
        self.inner = inner
        self.sink = sink

    def readline(self, *args):
        line = self.inner.readline(*args)
        self.sink.extend(line)
        return line

    def __getattr__(self, name):
        return getattr(self.inner, name)


class Tapped:
    """Mixin for poplib's classes: every line poplib reads (the greeting too, and after STLS,
    which replaces the reader) is also appended to self.raw."""

    def __init__(self, *args, **kwargs):
        self.raw = bytearray()
        super().__init__(*args, **kwargs)

    def _getline(self):
        if self.file is not None and not isinstance(self.file, Tap):
            self.file = Tap(self.file, self.raw)
        return super()._getline()

    def take_raw(self):
        data = base64.b64encode(bytes(self.raw)).decode("ascii")
        self.raw.clear()
        return data


class Client(Tapped, poplib.POP3):
    pass


class SslClient(Tapped, poplib.POP3_SSL):
    pass


def text(data):
    if isinstance(data, str):
        return data
    return data.decode("utf-8", "backslashreplace")


def b64(data):
    return base64.b64encode(data).decode("ascii")


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


COMMANDS = {"stat": 0, "list": (0, 1), "uidl": (0, 1), "retr": 1, "top": 2, "dele": 1,
            "rset": 0, "noop": 0, "capa": 0, "utf8": 0, "quit": 0}


def parse_command(cmd):
    """Splits "top:1:5" into ("top", [1, 5]); raises ValueError for anything not in COMMANDS."""
    name, *args = cmd.split(":")
    arity = COMMANDS.get(name)
    if arity is None:
        raise ValueError(f"unknown command: {cmd}")
    allowed = arity if isinstance(arity, tuple) else (arity,)
    if len(args) not in allowed:
        raise ValueError(f"wrong number of arguments: {cmd}")
    try:
        return name, [int(a) for a in args]
    except ValueError:
        raise ValueError(f"arguments must be integers: {cmd}") from None


def run_command(client, name, args):
    """Runs one parsed COMMAND; returns the fields to report when it succeeds."""
    if name == "stat":
        count, size = client.stat()
        return {"count": count, "size": size}
    if name in ("list", "uidl"):
        method = client.list if name == "list" else client.uidl
        if args:
            return {"resp": text(method(args[0]))}
        resp, lines, _ = method()
        return {"resp": text(resp), "lines": [b64(x) for x in lines]}
    if name in ("retr", "top"):
        resp, lines, octets = client.retr(*args) if name == "retr" else client.top(*args)
        return {"resp": text(resp), "lines": [b64(x) for x in lines], "octets": octets}
    if name == "dele":
        return {"resp": text(client.dele(args[0]))}
    if name == "capa":
        # poplib's capa() returns only a dict; send CAPA the way it does, to keep the lines too.
        resp, lines, _ = client._longcmd("CAPA")
        caps = {}
        for line in lines:
            words = line.decode("ascii", "backslashreplace").split()
            if words:
                caps[words[0]] = words[1:]
        return {"resp": text(resp), "lines": [b64(x) for x in lines], "capa": caps}
    # rset, noop, utf8, quit: a status line only.
    return {"resp": text(getattr(client, name)())}


def step(client, cmd, action):
    """Runs action(), reporting its result or its poplib/socket error as one JSON line."""
    try:
        fields = action()
        emit({"cmd": cmd, "ok": True, **fields, "raw": client.take_raw()})
        return True
    except poplib.error_proto as err:
        error = text(err.args[0]) if err.args else "error_proto"
    except (OSError, EOFError) as err:
        error = f"{type(err).__name__}: {err}"
    except AttributeError:
        # poplib sets its socket to None once closed (after QUIT).
        error = "not connected"
    emit({"cmd": cmd, "ok": False, "error": error, "raw": client.take_raw()})
    return False


def tls_context(cafile):
    return ssl.create_default_context(cafile=cafile)


def main():
    parser = argparse.ArgumentParser(description="Scripted POP3 session with poplib, JSON out.")
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument("--stls", metavar="CAFILE", help="issue STLS, verify against CAFILE")
    tls.add_argument("--ssl", metavar="CAFILE", help="implicit TLS (POP3S), verify against CAFILE")
    parser.add_argument("--user")
    parser.add_argument("--pass", dest="password")
    parser.add_argument("--apop", action="store_true", help="log in with APOP instead of USER/PASS")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("commands", nargs="*", metavar="COMMAND")
    opts = parser.parse_intermixed_args()
    if (opts.user is None) != (opts.password is None):
        parser.error("--user and --pass go together")
    if opts.apop and opts.user is None:
        parser.error("--apop needs --user and --pass")
    try:
        commands = [(cmd, *parse_command(cmd)) for cmd in opts.commands]
    except ValueError as err:
        parser.error(str(err))

    try:
        if opts.ssl:
            client = SslClient(opts.host, opts.port, timeout=opts.timeout,
                               context=tls_context(opts.ssl))
        else:
            client = Client(opts.host, opts.port, timeout=opts.timeout)
    except poplib.error_proto as err:
        # The greeting was not +OK (poplib gives up in its constructor).
        emit({"cmd": "greeting", "ok": False, "error": text(err.args[0]) if err.args else ""})
        print(f"poplib_client: greeting not +OK: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"poplib_client: cannot connect to {opts.host}:{opts.port}: {err}", file=sys.stderr)
        return 1
    emit({"cmd": "greeting", "ok": True, "resp": text(client.welcome), "raw": client.take_raw()})

    if opts.stls:
        def start_tls():
            return {"resp": text(client.stls(tls_context(opts.stls)))}

        if not step(client, "stls", start_tls):
            print("poplib_client: STLS failed", file=sys.stderr)
            return 1
    if opts.user is not None:
        if opts.apop:
            step(client, "apop", lambda: {"resp": text(client.apop(opts.user, opts.password))})
        else:
            step(client, "user", lambda: {"resp": text(client.user(opts.user))})
            step(client, "pass", lambda: {"resp": text(client.pass_(opts.password))})
    for cmd, name, args in commands:
        step(client, cmd, lambda: run_command(client, name, args))
    try:
        client.close()
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
