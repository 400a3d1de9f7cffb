#!/usr/bin/env bash
# Installs the real mail peers the interop tests talk to: aiosmtpd (PyPI), Postfix and Dovecot
# (IMAP, POP3, LMTP; Debian packages).
#
#   scripts/peers/install.sh          (as root on Debian; no arguments)
#
# Idempotent; safe to run on a machine that has them. Starts nothing: package scripts are kept
# from starting system services (policy-rc.d), and each test starts and stops its own private
# instance (by pid), on loopback only. Prints the installed versions on its last line.
set -euo pipefail
export PATH="$PATH:/usr/sbin"

if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check 'aiosmtpd==1.4.6'
fi

# Debian packages still missing (a package counts as present when dpkg says it is installed).
missing=()
for pkg in postfix dovecot-core dovecot-pop3d dovecot-imapd dovecot-lmtpd; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$pkg")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    # Package scripts must not start system services.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        created_policy=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
    echo 'postfix postfix/mailname string localhost' | debconf-set-selections
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ "$created_policy" = 1 ]; then
        rm -f /usr/sbin/policy-rc.d
        trap - EXIT
    fi
fi
echo "peers: aiosmtpd $(python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)')," \
    "postfix $(postconf -d -h mail_version 2>/dev/null || echo '?')," \
    "dovecot $(dovecot --version 2>/dev/null || echo '?')"
