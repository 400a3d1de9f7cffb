#!/usr/bin/env bash
# A private Dovecot POP3 server for interop tests, on 127.0.0.1 only (run as root).
#
#   dovecot.sh start DIR POP3_PORT POP3S_PORT CERT KEY [LMTP_PORT]
#       Writes DIR/dovecot.conf (which does not include /etc/dovecot) and DIR/users, starts
#       Dovecot (daemonized; its pid is in DIR/run/master.pid), waits until both ports accept
#       connections and prints the master's pid. On failure prints the Dovecot log and exits 1.
#       POP3_PORT is plain POP3 with STLS, POP3S_PORT is POP3 over implicit TLS. CERT and KEY are
#       PEM files (any key type OpenSSL reads). Users: alice / alice-pass, bob / bob-pass
#       ({PLAIN} passwd-file); USER/PASS, APOP and SASL PLAIN and LOGIN, all allowed without TLS
#       (Dovecot counts 127.0.0.1 as secured anyway). A failed login is answered after about
#       0.5 s, without the growing per-IP penalty. Mailboxes: DIR/home/<user>/Maildir, owned by
#       the unprivileged user "nobody". UIDL format %08Xu%08Xv. The log is DIR/dovecot.log
#       (startup errors also in DIR/startup.log). Every authenticated session is recorded by
#       Dovecot's rawlog in DIR/rawlog/<user>/<date>-<time>.<pid>.1.{in,out}: what the client
#       sent and what the server sent after the login, each line prefixed with "<unix time> ".
#       DIR and all its parents must be searchable by "nobody" (DIR itself is made 0755).
#       Instances in different DIRs can run at the same time.
#       With LMTP_PORT, Dovecot's LMTP server (RFC 2033) also listens on 127.0.0.1:LMTP_PORT
#       (plain, no STARTTLS required) and delivers to alice@localhost and bob@localhost (any
#       domain: the user is the local part) into the same Maildirs. Dovecot's LMTP adds a
#       Return-Path and a Received field (and Delivered-To) at the top of what it stores.
#   dovecot.sh stop DIR
#       Stops the instance started in DIR: SIGTERM to the master (its pid from
#       DIR/run/master.pid), then SIGKILL to its process group if anything is left after 2 s.
#       Returns when all its processes have exited (about 1 s).
#   dovecot.sh deliver DIR USER FILE
#       Copies FILE byte for byte into DIR/home/USER/Maildir/new/ under a unique Maildir name
#       (written in tmp/, then renamed), owned by "nobody". Dovecot numbers messages in the
#       order they are delivered. Prints the new file's path. Dovecot never changes the file's
#       bytes, but renames it: a POP3 session moves it to cur/ as NAME:2, (NAME:2,S once
#       retrieved), and DELE + QUIT removes it; these renames can land just after the QUIT
#       reply, so find a stored message by NAME (the part before ":") in new/ or cur/.
#
# What POP3 sends for a delivered file (Dovecot 2.3.19.1; asserted by selftest_pop3.sh, except
# the long line and TOP without an empty line, tried by hand):
#   - RETR's status line is "+OK <n> octets", n being the file's size with every bare LF
#     counted as 2 (i.e. the size with CRLF line endings), not counting the CRLF Dovecot adds
#     to a file that does not end with a line ending. LIST and STAT report the same sizes.
#   - A file with CRLF line endings is sent as it is, apart from dot-stuffing: every line that
#     starts with "." gets one more "." (".", "..x", ". x" are sent as "..", "...x", ".. x").
#   - A bare LF is sent as CRLF. A bare CR, 8-bit bytes and NUL are sent unchanged. Long lines
#     (3000 bytes tried) are not folded.
#   - A file that does not end with a line ending gets CRLF before the terminating ".CRLF".
#   - TOP n k sends the header, the empty line, then k body lines, with the same conversions
#     (for a message without an empty line, TOP sends just the header).
#   So after undoing the dot-stuffing a client gets the file back byte for byte exactly when
#   the file uses CRLF line endings, has no bare LF and ends with CRLF.
#
# Facts from /work/shared/PEERS.md, "Dovecot as a test server".
set -euo pipefail
export PATH="$PATH:/usr/sbin"

usage() {
    echo "usage: $0 start DIR POP3_PORT POP3S_PORT CERT KEY [LMTP_PORT] | stop DIR | deliver DIR USER FILE" >&2
    exit 2
}

[ $# -ge 2 ] || usage
action=$1
dir=$(realpath -m "$2")
mail_user=nobody

# Waits until 127.0.0.1:PORT accepts a TCP connection; returns 1 after about 10 s.
wait_port() {
    local port=$1 i
    for i in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# True while a process of process group PGID exists that is not a zombie (this machine's init
# reaps late).
group_alive() {
    ps -e -o pgid= -o stat= |
        awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# Stops the instance whose pid is in DIR/run/master.pid, if any. The daemonized master leads
# its own process group, which all its children are in.
stop_instance() {
    local pidfile="$dir/run/master.pid" pid
    [ -s "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    if kill -TERM "$pid" 2>/dev/null; then
        # Dovecot takes about a second to shut down; a login process that is still waiting for
        # a handshake (just after start) can hold it up for 5 s more: do not wait for that.
        for _ in $(seq 1 40); do
            group_alive "$pid" || break
            sleep 0.05
        done
    fi
    if group_alive "$pid"; then
        kill -KILL -- "-$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do
            group_alive "$pid" || break
            sleep 0.05
        done
    fi
    rm -f "$pidfile"
}

# Prints MESSAGE and the logs to stderr, stops what was started, exits 1.
fail_with_log() {
    echo "dovecot.sh: $1" >&2
    for f in "$dir/startup.log" "$dir/dovecot.log"; do
        if [ -s "$f" ]; then
            echo "---- $f" >&2
            tail -n 50 "$f" >&2
        fi
    done
    if [ "$action" = start ] && [ "${started:-0}" = 1 ]; then
        stop_instance
    fi
    exit 1
}

case "$action" in
start)
    [ $# -eq 6 ] || [ $# -eq 7 ] || usage
    pop3_port=$3 pop3s_port=$4 lmtp_port=${7:-}
    cert=$(realpath "$5") key=$(realpath "$6")
    if ! command -v dovecot >/dev/null; then
        fail_with_log "dovecot is not installed (scripts/peers/install.sh)"
    fi
    if [ -s "$dir/run/master.pid" ] && group_alive "$(cat "$dir/run/master.pid")"; then
        fail_with_log "an instance is already running in $dir (pid $(cat "$dir/run/master.pid"))"
    fi
    uid=$(id -u "$mail_user") gid=$(id -g "$mail_user")
    # A stale socket left by an earlier instance makes Dovecot's processes retry it for seconds.
    rm -rf "$dir/run"
    mkdir -p "$dir/run" "$dir/state" "$dir/home" "$dir/rawlog"
    chmod 0755 "$dir" "$dir/home"
    if ! setpriv --reuid="$uid" --regid="$gid" --clear-groups test -x "$dir"; then
        fail_with_log "$dir is not searchable by $mail_user (a parent directory is too strict)"
    fi
    : > "$dir/users"
    for pair in alice:alice-pass bob:bob-pass; do
        user=${pair%%:*} pass=${pair#*:}
        mkdir -p "$dir/home/$user/Maildir/new" "$dir/home/$user/Maildir/cur" \
                 "$dir/home/$user/Maildir/tmp" "$dir/rawlog/$user"
        printf '%s:{PLAIN}%s:%s:%s::%s::\n' "$user" "$pass" "$uid" "$gid" "$dir/home/$user" \
            >> "$dir/users"
    done
    chown -R "$uid:$gid" "$dir/home" "$dir/rawlog"
    chmod 0644 "$dir/users"
    # Unique per directory, so parallel tests' instances never meet.
    instance="test-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
    cat > "$dir/dovecot.conf" <<CONF
# Generated by scripts/peers/dovecot.sh for an interop test; does not include /etc/dovecot.
instance_name = $instance
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
protocols = pop3${lmtp_port:+ lmtp}
listen = 127.0.0.1
shutdown_clients = yes

ssl = yes
ssl_cert = <$cert
ssl_key = <$key
ssl_dh = </usr/share/dovecot/dh.pem

disable_plaintext_auth = no
auth_mechanisms = plain login apop
auth_verbose = yes
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%n $dir/users
}
first_valid_uid = $uid
last_valid_uid = 0
mail_max_userip_connections = 100

mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
pop3_uidl_format = %08Xu%08Xv
rawlog_dir = $dir/rawlog/%n

# No growing delay after failed logins from the same IP (the auth penalty, which tests that
# try wrong passwords would otherwise hit): its socket is not created.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = $pop3_port
  }
  inet_listener pop3s {
    port = $pop3s_port
    ssl = yes
  }
}
CONF
    if [ -n "$lmtp_port" ]; then
        cat >> "$dir/dovecot.conf" <<CONF
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp_port
  }
}
protocol lmtp {
  auth_username_format = %n
}
CONF
    fi
    rm -f "$dir/dovecot.log"
    if ! dovecot -c "$dir/dovecot.conf" </dev/null >"$dir/startup.log" 2>&1; then
        fail_with_log "dovecot did not start"
    fi
    started=1
    for port in "$pop3_port" "$pop3s_port" $lmtp_port; do
        if ! wait_port "$port"; then
            fail_with_log "dovecot does not accept connections on 127.0.0.1:$port"
        fi
    done
    # The listeners can be up a moment before the master has written its pid.
    for _ in $(seq 1 100); do
        [ -s "$dir/run/master.pid" ] && break
        sleep 0.05
    done
    [ -s "$dir/run/master.pid" ] || fail_with_log "dovecot wrote no $dir/run/master.pid"
    cat "$dir/run/master.pid"
    ;;
stop)
    [ $# -eq 2 ] || usage
    stop_instance
    ;;
deliver)
    [ $# -eq 4 ] || usage
    user=$3 file=$4
    maildir="$dir/home/$user/Maildir"
    [ -d "$maildir/new" ] || { echo "dovecot.sh: no Maildir for $user in $dir" >&2; exit 1; }
    # Maildir name: seconds.M<microseconds>P<pid>.<host>; the time makes the order of delivery
    # the order Dovecot assigns UIDs in.
    now=$(date +%s.%N)
    nanos=${now#*.}
    name="${now%.*}.M${nanos:0:6}P$$.$(hostname -s 2>/dev/null || echo localhost)"
    cp "$file" "$maildir/tmp/$name"
    chown "$mail_user:$(id -gn "$mail_user")" "$maildir/tmp/$name"
    chmod 0600 "$maildir/tmp/$name"
    mv "$maildir/tmp/$name" "$maildir/new/$name"
    echo "$maildir/new/$name"
    ;;
*)
    usage
    ;;
esac
