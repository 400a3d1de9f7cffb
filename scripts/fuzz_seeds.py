#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets, taken from the project's own test data.

    fuzz_seeds.py OUTDIR TARGET...

For each TARGET, OUTDIR/TARGET/ receives seed inputs in the format that target reads (most
targets take a first "flags" byte, then the bytes; 0x00 flags are the defaults):

- transcripts (examples/transcripts/<protocol>/*.txt, the RFCs' C:/S: notation) give command
  lines (*_command), server lines (*_reply, *_response), a whole client stream (*_server) and a
  whole server stream (*_client); imap_response also takes the RFC example server lines of
  imap-proto/tests/data/response_rfc_lines.txt;
- examples/corpus/*.eml gives messages (message, smtp_data) and the envelope paths found in the
  SMTP transcripts give envelope seeds.

Seeds are data, not tests: a seed in a shape a target does not expect is still valid input.
"""
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def transcripts(protocol):
    for path in sorted((ROOT / "examples" / "transcripts" / protocol).glob("*.txt")):
        client, server, c_lines, s_lines = bytearray(), bytearray(), [], []
        for raw in path.read_bytes().splitlines(keepends=True):
            prefix, body = raw[:3], raw[3:]
            if prefix in (b"C| ", b"S| "):
                body = body[:-1] if body.endswith(b"\n") else body
            if prefix in (b"C: ", b"C| "):
                client += body
                c_lines.append(body.rstrip(b"\r\n"))
            elif prefix in (b"S: ", b"S| "):
                server += body
                s_lines.append(body)
        yield bytes(client), bytes(server), c_lines, s_lines


def messages():
    for path in sorted((ROOT / "examples" / "corpus").glob("*.eml")):
        yield path.read_bytes()


def crlf(data):
    return re.sub(rb"\r?\n", b"\r\n", data)


# --- imap_fetch (FETCH response data, msg-att) ---
FETCH_SEEDS = [
    rb'(UID 4 MODSEQ (12121231000) FLAGS (\Seen $Junk))',
    rb'(BINARY[1.2]<0> ~{5}' + b"\r\nab\x00cd" + rb' BINARY.SIZE[3] 4422)',
    rb'(BODY[1.2.HEADER.FIELDS (DATE FROM)]<0> {8}' + b"\r\nDate: x\n" + rb' RFC822.TEXT NIL)',
    rb'(EMAILID (M6d99ac3275bb4e) THREADID NIL X-GM-MSGID 1278455344230334865 '
    rb'X-GM-LABELS (\Inbox "Muy Importante"))',
    rb'(BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "QUOTED-PRINTABLE" 1234 40 '
    rb'NIL NIL NIL NIL)("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 5678 (NIL "Fwd" '
    rb'(("A" NIL "a" "example.com")) NIL NIL NIL NIL NIL NIL "<x@y>") ("TEXT" "PLAIN" NIL NIL '
    rb'NIL "7BIT" 10 1) 120 NIL ("ATTACHMENT" ("FILENAME" "fwd.eml")) NIL NIL) "MIXED" '
    rb'("BOUNDARY" "b1") NIL ("EN" "DE") "http://x/" 7 ("x" (1 NIL))))',
    rb'(BODYSTRUCTURE ("application" "octet-stream" ("name" NIL) NIL NIL NIL 1234 NIL '
    rb'("attachment" ()) NIL NIL))',
    rb'(BODYSTRUCTURE ("TEXT" "HTML" NIL NIL NIL "7BIT" 12 1 NIL "inline" NIL NIL))',
    rb'(UID 5  FLAGS (\Seen \* $Label]1 ) )',
]
# --- end imap_fetch ---


def seeds_for(target):
    protocol = target.split("_", 1)[0]
    if target == "message":
        yield from messages()
    elif target == "envelope":
        for _, _, c_lines, _ in transcripts("smtp"):
            for line in c_lines:
                m = re.search(rb"<[^>]*>", line)
                if m:
                    yield b"\x00" + m.group(0)
    elif target == "smtp_data":
        for m in messages():
            yield b"\x01" + crlf(m).replace(b"\r\n.", b"\r\n..") + b".\r\n"
    elif target == "sasl":
        yield b"\x00\x00user\x00pencil"
        yield b"\x01user\xffpencil"
    # --- imap_fetch (FETCH response data, msg-att) ---
    elif target == "imap_fetch":
        # The msg-att lists of the IMAP transcripts' FETCH responses (the rest of the server
        # stream from each, literals included), then the shapes the tests use; the first byte
        # picks the quirks (0: lenient, 1: strict) and the encoding options.
        for _, server, _, _ in transcripts("imap"):
            for m in re.finditer(rb"\* \d+ FETCH ", server):
                yield b"\x00" + server[m.end():]
                yield b"\x01" + server[m.end():]
        for seed in FETCH_SEEDS:
            yield b"\x00" + seed
    # --- end imap_fetch ---
    elif target.endswith("_command"):
        for _, _, c_lines, _ in transcripts(protocol):
            for line in c_lines:
                yield b"\x00" + line
    elif target == "imap_response":
        # A flags byte (bit 0: strict), then server lines: the transcripts' and the RFC
        # example lines the response tests read.
        for _, _, _, s_lines in transcripts(protocol):
            for line in s_lines:
                yield b"\x00" + line
            yield b"\x00" + b"".join(s_lines)
        rfc_lines = ROOT / "imap-proto" / "tests" / "data" / "response_rfc_lines.txt"
        stream = []
        for raw in rfc_lines.read_bytes().splitlines():
            m = re.match(rb"^[0-9]+:[0-9]+:. (.*)$", raw)
            if m:
                line = m.group(1) + b"\r\n"
                stream.append(line)
                yield b"\x00" + line
        yield b"\x00" + b"".join(stream[:40])
    elif target.endswith(("_reply", "_response")):
        for _, _, _, s_lines in transcripts(protocol):
            for line in s_lines:
                yield line
            yield b"".join(s_lines)
    elif target.endswith("_server"):
        for client, _, _, _ in transcripts(protocol):
            yield b"\x00" + client
    elif target.endswith("_client"):
        for _, server, _, _ in transcripts(protocol):
            yield b"\x00" + server


def main():
    out = pathlib.Path(sys.argv[1])
    for target in sys.argv[2:]:
        d = out / target
        d.mkdir(parents=True, exist_ok=True)
        n = 0
        for seed in seeds_for(target):
            (d / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
            n += 1
        print(f"{target}: {n} seeds")


if __name__ == "__main__":
    main()
