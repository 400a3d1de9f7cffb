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
