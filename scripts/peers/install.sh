#!/usr/bin/env bash
# Installs the real mail peers the interop tests talk to: aiosmtpd (PyPI) and Postfix (Debian).
# Idempotent; safe to run on a machine that has them. Starts nothing: each test starts and
# stops its own private instance (by pid), on loopback only.
set -euo pipefail

if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check 'aiosmtpd==1.4.6'
fi

if ! command -v postfix >/dev/null 2>&1 && [ -x /usr/sbin/postfix ]; then
    export PATH="$PATH:/usr/sbin"
fi
if ! command -v postfix >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    # Package scripts must not start system services.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        created_policy=1
    fi
    echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
    echo 'postfix postfix/mailname string localhost' | debconf-set-selections
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postfix >/dev/null
    if [ "$created_policy" = 1 ]; then
        rm -f /usr/sbin/policy-rc.d
    fi
fi
echo "peers: aiosmtpd $(python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)'), $(/usr/sbin/postconf -d mail_version 2>/dev/null || echo 'postfix ?')"
