#!/usr/bin/env bash
# A private Postfix instance for interop tests, on loopback only, that never relays anywhere.
#
#   postfix.sh start DIR PORT CERT KEY   config in DIR/etc, queue in DIR/queue, mail delivered to
#                                        DIR/mail/<user>/Maildir for bob@ and carol@example.test
#   postfix.sh stop DIR
#
# Facts from ../../shared/PEERS.md: a config directory of its own, no relaying, TLS "may",
# SMTPUTF8 on, maillog in DIR (listed in maillog_file_prefixes).
set -euo pipefail
export PATH="$PATH:/usr/sbin"
action=$1 dir=$(realpath -m "$2")

case "$action" in
start)
    port=$3 cert=$4 key=$5
    mkdir -p "$dir/etc" "$dir/queue" "$dir/data" "$dir/mail"
    chown postfix "$dir/data"
    chown -R nobody:nogroup "$dir/mail"
    uid=$(id -u nobody) gid=$(id -g nobody)
    cat > "$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.example.test
mydomain = example.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtp_dns_support_level = disabled
default_transport = error:this test server does not relay
relay_transport = error:this test server does not relay
virtual_mailbox_domains = example.test
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = inline:{ bob@example.test=bob/Maildir/, carol@example.test=carol/Maildir/ }
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
smtputf8_enable = yes
smtpd_tls_cert_file = $cert
smtpd_tls_key_file = $key
smtpd_tls_security_level = may
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
message_size_limit = 10240000
CF
    # Debian's master.cf, without chroot, with smtpd on PORT.
    sed -E -e 's/^smtp( +)inet( +n +- +)y/127.0.0.1:'"$port"' inet\2n/' \
           -e 's/^([a-z]+ +(unix|unix-dgram|inet|fifo) +[-ny] +[-ny] +)y /\1n /' \
           /etc/postfix/master.cf > "$dir/etc/master.cf"
    postfix -c "$dir/etc" set-permissions >/dev/null 2>&1 || true
    postfix -c "$dir/etc" check
    postfix -c "$dir/etc" start
    ;;
stop)
    postfix -c "$dir/etc" stop >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: $0 start DIR PORT CERT KEY | stop DIR" >&2
    exit 2
    ;;
esac
