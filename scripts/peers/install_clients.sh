#!/usr/bin/env bash
# Installs the mail clients the mail-server tests drive: curl (smtp://) and swaks with the Perl
# modules it needs for STARTTLS and AUTH. Idempotent: installs only what is missing. Starts
# nothing.
set -euo pipefail

missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v swaks >/dev/null 2>&1 || missing+=(swaks)
perl -MNet::SSLeay -e1 2>/dev/null || missing+=(libnet-ssleay-perl)
perl -MIO::Socket::SSL -e1 2>/dev/null || missing+=(libio-socket-ssl-perl)
perl -MAuthen::SASL -e1 2>/dev/null || missing+=(libauthen-sasl-perl)

if [ "${#missing[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    # Package scripts must not start system services.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        created_policy=1
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ "$created_policy" = 1 ]; then
        rm -f /usr/sbin/policy-rc.d
    fi
fi
echo "clients: $(curl --version | head -n 1 | cut -d' ' -f1-2), swaks $(swaks --version 2>/dev/null | head -n 1 | awk '{print $NF}')"
