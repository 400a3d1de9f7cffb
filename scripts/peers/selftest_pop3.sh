#!/usr/bin/env bash
# Self-check of the POP3 peers: dovecot.sh and poplib_client.py against each other.
#
#   scripts/peers/selftest_pop3.sh          (as root; installs the peers first if Dovecot is
#                                            missing; exits 0 and prints "selftest_pop3: ok")
#
# Starts a private Dovecot (dovecot.sh) in a temporary directory with a self-signed certificate
# made by openssl, delivers three messages to alice, runs poplib sessions (USER/PASS in clear,
# STLS, POP3S with APOP, a wrong password, a wrong CA) and checks every answer byte for byte,
# then stops Dovecot and removes the directory.
#
# The facts it checks about the bytes Dovecot sends for a stored message are listed at the top
# of dovecot.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export PATH="$PATH:/usr/sbin"

if ! command -v dovecot >/dev/null 2>&1; then
    "$here/install.sh"
fi

work=$(mktemp -d)
chmod 0755 "$work"
cleanup() {
    "$here/dovecot.sh" stop "$work/dovecot" || true
    rm -rf "$work"
}
trap cleanup EXIT

read -r pop3_port pop3s_port < <(python3 - <<'EOF'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
EOF
)

cd "$work"
for name in server other; do
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
        -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
        -keyout "$name-key.pem" -out "$name-cert.pem" 2>/dev/null
done

# The messages, as stored; the expected bytes are in the checker below.
# 1: CRLF line endings, lines starting with ".".
printf '%s\r\n' 'From: a@example.test' 'Subject: dots' '' '.starts with a dot' '..two dots' '.' \
    '. space' 'end' > m1
# 2: LF line endings, 8-bit bytes, a NUL, a bare CR, a line starting with ".".
printf '%b\n' 'From: b@example.test' 'Subject: 8bit' \
    'Content-Type: text/plain; charset=iso-8859-1' 'Content-Transfer-Encoding: 8bit' '' \
    'caf\0351 \0377\0200' '.dot after LF' 'bare\rCR' 'nul\0000byte' > m2
# 3: no line ending at the end.
printf 'Subject: tail\r\n\r\nno newline at end' > m3

t0=$(date +%s%N)
"$here/dovecot.sh" start "$work/dovecot" "$pop3_port" "$pop3s_port" server-cert.pem server-key.pem \
    > pid
t1=$(date +%s%N)
echo "selftest_pop3: dovecot $(dovecot --version) pid $(cat pid) on 127.0.0.1:$pop3_port" \
    "(pop3s $pop3s_port), started in $(( (t1 - t0) / 1000000 )) ms"
for m in m1 m2 m3; do
    "$here/dovecot.sh" deliver "$work/dovecot" alice "$m" > "$m.path"
done

client() {
    python3 "$here/poplib_client.py" 127.0.0.1 "$@"
}
# 1: USER/PASS in clear, every read command.
client "$pop3_port" --user alice --pass alice-pass \
    capa stat list uidl uidl:2 retr:1 retr:2 retr:3 top:1:1 top:2:0 retr:4 noop quit > s1.jsonl
# 2: STLS, then delete message 1.
client "$pop3_port" --stls server-cert.pem --user alice --pass alice-pass \
    capa retr:1 dele:1 retr:1 quit > s2.jsonl
# 3: POP3S (implicit TLS) with APOP: message 1 is gone.
client "$pop3s_port" --ssl server-cert.pem --user alice --pass alice-pass --apop \
    stat uidl rset quit > s3.jsonl
# 4: a wrong password, then a command that needs a login.
client "$pop3_port" --user bob --pass wrong stat quit > s4.jsonl
# 5: STLS with a CA that did not sign the server's certificate: exit status 1.
set +e
client "$pop3_port" --stls other-cert.pem --user bob --pass bob-pass stat > s5.jsonl 2> s5.err
s5=$?
set -e
[ "$s5" = 1 ] || { echo "selftest_pop3: wrong CA gave exit status $s5, want 1" >&2; exit 1; }

python3 - "$work" <<'EOF'
import base64, json, os, re, sys

work = sys.argv[1]
maildir = os.path.join(work, "dovecot/home/alice/Maildir")


def steps(name):
    with open(os.path.join(work, name)) as f:
        return [json.loads(line) for line in f]


def check(cond, what):
    if not cond:
        sys.exit(f"selftest_pop3: FAILED: {what}")


def raw(o):
    return base64.b64decode(o["raw"])


def lines(o):
    return [base64.b64decode(x) for x in o["lines"]]


M = {n: open(os.path.join(work, f"m{n}"), "rb").read() for n in (1, 2, 3)}
# What RETR sends after its status line, dot-stuffed, through the terminator.
WIRE = {
    1: b"From: a@example.test\r\nSubject: dots\r\n\r\n..starts with a dot\r\n...two dots\r\n"
       b"..\r\n.. space\r\nend\r\n.\r\n",
    2: b"From: b@example.test\r\nSubject: 8bit\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
       b"Content-Transfer-Encoding: 8bit\r\n\r\ncaf\xe9 \xff\x80\r\n..dot after LF\r\n"
       b"bare\rCR\r\nnul\x00byte\r\n.\r\n",
    3: b"Subject: tail\r\n\r\nno newline at end\r\n.\r\n",
}
# The sizes Dovecot reports: bare LFs counted as CRLF, nothing added at the end.
SIZE = {1: len(M[1]), 2: len(M[2]) + M[2].count(b"\n"), 3: len(M[3])}
check(SIZE == {1: 88, 2: 161, 3: 34}, f"sizes {SIZE}")
# What poplib returns as lines: CRLF removed, "..x" unstuffed to ".x".
LINES = {
    1: [b"From: a@example.test", b"Subject: dots", b"", b".starts with a dot", b"..two dots",
        b".", b". space", b"end"],
    2: [b"From: b@example.test", b"Subject: 8bit",
        b"Content-Type: text/plain; charset=iso-8859-1", b"Content-Transfer-Encoding: 8bit", b"",
        b"caf\xe9 \xff\x80", b".dot after LF", b"bare\rCR", b"nul\x00byte"],
    3: [b"Subject: tail", b"", b"no newline at end"],
}

# Session 1: USER/PASS in clear.
s1 = steps("s1.jsonl")
cmds = [o["cmd"] for o in s1]
check(cmds == ["greeting", "user", "pass", "capa", "stat", "list", "uidl", "uidl:2", "retr:1",
               "retr:2", "retr:3", "top:1:1", "top:2:0", "retr:4", "noop", "quit"], cmds)
g = s1[0]
check(re.fullmatch(r"\+OK Dovecot \(Debian\) ready\. <[^<>@]+@[^<>]+>", g["resp"]), g)
check(raw(g) == g["resp"].encode() + b"\r\n", "greeting raw")
check(s1[1]["ok"] and raw(s1[1]) == b"+OK\r\n", s1[1])
check(s1[2]["ok"] and raw(s1[2]) == b"+OK Logged in.\r\n", s1[2])
capa = s1[3]
check(raw(capa) == b"+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\n"
                   b"AUTH-RESP-CODE\r\n.\r\n",
      f"capa after login {raw(capa)!r}")
stat = s1[4]
check((stat["count"], stat["size"]) == (3, sum(SIZE.values())), stat)
check(raw(stat) == b"+OK 3 %d\r\n" % sum(SIZE.values()), stat)
listing = b"".join(b"%d %d\r\n" % (n, SIZE[n]) for n in (1, 2, 3))
check(raw(s1[5]) == b"+OK 3 messages:\r\n" + listing + b".\r\n", f"list {raw(s1[5])!r}")
uidl = [l.decode() for l in lines(s1[6])]
check(len(uidl) == 3, uidl)
validity = uidl[0][-8:]
for n, line in enumerate(uidl, 1):
    # %08Xu%08Xv: UID then UIDVALIDITY, 8 hex digits each; Dovecot writes the digits in lower case.
    check(re.fullmatch(r"%d [0-9a-f]{16}" % n, line), f"uidl line {line!r}")
    check(line[-16:] == "%08x%s" % (n, validity), f"uidl {line!r}")
check(s1[7]["resp"] == "+OK " + uidl[1], s1[7])
for n in (1, 2, 3):
    o = s1[7 + n]
    check(o["ok"] and o["resp"] == "+OK %d octets" % SIZE[n], o)
    check(raw(o) == o["resp"].encode() + b"\r\n" + WIRE[n], f"retr:{n} raw {raw(o)!r}")
    check(lines(o) == LINES[n], f"retr:{n} lines {lines(o)!r}")
    # poplib's octets: the bytes of the lines it read, minus the dots it removed.
    stuffed = sum(1 for l in LINES[n] if l.startswith(b"."))
    check(o["octets"] == len(WIRE[n]) - 3 - stuffed, f"retr:{n} octets {o['octets']}")
# For a CRLF file ending in CRLF, unstuffed RETR lines give the stored file back exactly.
check(b"".join(l + b"\r\n" for l in LINES[1]) == M[1], "message 1 round trip")
top = s1[11]
check(raw(top) == b"+OK\r\nFrom: a@example.test\r\nSubject: dots\r\n\r\n"
                  b"..starts with a dot\r\n.\r\n", f"top:1:1 {raw(top)!r}")
check(lines(top) == LINES[1][:4], top)
top = s1[12]
header2 = WIRE[2].split(b"\r\n\r\n")[0]
check(raw(top) == b"+OK\r\n" + header2 + b"\r\n\r\n.\r\n", f"top:2:0 {raw(top)!r}")
err = s1[13]
check(not err["ok"] and err["error"] == "-ERR There's no message 4.", err)
check(raw(err) == b"-ERR There's no message 4.\r\n", err)
check(s1[14]["ok"] and s1[15]["resp"] == "+OK Logging out.", s1[14:])

# Session 2: STLS. poplib sends CAPA first; STLS, USER and SASL are offered before login.
s2 = steps("s2.jsonl")
check([o["cmd"] for o in s2] == ["greeting", "stls", "user", "pass", "capa", "retr:1", "dele:1",
                                  "retr:1", "quit"], s2)
check(raw(s2[1]) == b"+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n"
      b"STLS\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n+OK Begin TLS negotiation now.\r\n",
      f"capa + stls {raw(s2[1])!r}")
check(s2[3]["ok"] and s2[4]["ok"], s2[3:5])
check(raw(s2[5]) == b"+OK %d octets\r\n" % SIZE[1] + WIRE[1], "retr over TLS")
check(s2[6]["resp"] == "+OK Marked to be deleted.", s2[6])
check(s2[7]["error"] == "-ERR Message is deleted.", s2[7])
check(s2[8]["resp"] == "+OK Logging out, messages deleted.", s2[8])

# Session 3: POP3S and APOP; message 1 is gone, the others keep their UIDL.
s3 = steps("s3.jsonl")
check([o["cmd"] for o in s3] == ["greeting", "apop", "stat", "uidl", "rset", "quit"], s3)
check(s3[1]["ok"] and s3[1]["resp"] == "+OK Logged in.", s3[1])
check((s3[2]["count"], s3[2]["size"]) == (2, SIZE[2] + SIZE[3]), s3[2])
check([l.decode() for l in lines(s3[3])] == ["1 " + uidl[1][2:], "2 " + uidl[2][2:]], s3[3])

# Session 4: a wrong password is an -ERR, not a failure of the script.
s4 = steps("s4.jsonl")
check([(o["cmd"], o["ok"]) for o in s4] == [("greeting", True), ("user", True), ("pass", False),
                                            ("stat", False), ("quit", True)], s4)
check(s4[2]["error"] == "-ERR [AUTH] Authentication failed.", s4[2])

# Session 5: certificate not trusted.
s5 = steps("s5.jsonl")
check([(o["cmd"], o["ok"]) for o in s5] == [("greeting", True), ("stls", False)], s5)
check("CERTIFICATE_VERIFY_FAILED" in s5[1]["error"], s5[1])

# What Dovecot stores: the delivered files, unchanged (moved from new/ to cur/ once read);
# message 1's file was expunged by DELE + QUIT.
stored = {}
for sub in ("new", "cur"):
    for name in os.listdir(os.path.join(maildir, sub)):
        stored[name.split(":")[0]] = open(os.path.join(maildir, sub, name), "rb").read()
delivered = {n: os.path.basename(open(os.path.join(work, f"m{n}.path")).read().strip())
             for n in (1, 2, 3)}
check(sorted(stored) == sorted([delivered[2], delivered[3]]), f"stored files {sorted(stored)}")
check(stored[delivered[2]] == M[2] and stored[delivered[3]] == M[3], "stored bytes")
EOF

t2=$(date +%s%N)
"$here/dovecot.sh" stop "$work/dovecot"
t3=$(date +%s%N)
echo "selftest_pop3: stopped in $(( (t3 - t2) / 1000000 )) ms"
echo "selftest_pop3: ok"
