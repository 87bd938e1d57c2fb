#!/bin/sh
# A self-signed TLS certificate for the compose stack's nginx, so HTTPS works from the first
# start. Browsers warn about it: put a real certificate (cert.pem with the chain, key.pem) in
# deploy/certs/ instead, and this script leaves it alone.
#
#   sh deploy/self-signed-cert.sh coachable.example.com [deploy/certs]
set -eu
host="${1:?usage: self-signed-cert.sh HOSTNAME [FOLDER]}"
dir="${2:-$(dirname "$0")/certs}"
mkdir -p "$dir"
if [ -s "$dir/cert.pem" ] && [ -s "$dir/key.pem" ]; then
    echo "$dir already has cert.pem and key.pem; keeping them"
    exit 0
fi
umask 077
openssl req -x509 -newkey rsa:3072 -sha256 -days 365 -nodes \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" \
    -subj "/CN=$host" -addext "subjectAltName=DNS:$host" 2>/dev/null
chmod 600 "$dir/key.pem"
chmod 644 "$dir/cert.pem"
echo "wrote $dir/cert.pem and $dir/key.pem for $host (self-signed, 365 days)"
