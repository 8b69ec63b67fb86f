#!/usr/bin/env bash
# The release checklist on the demo: `secgate run --profile release` with
# fixtures/demo/release.secgate.yml, whose env check reads
# fixtures/demo/.env.production and whose headers check probes a local
# nginx that this script starts on 127.0.0.1 (https 18443, http 18080)
# with a CA it makes (openssl), and stops again. Needs nginx and openssl
# (scripts/install-deps.sh --test) and a built secgate (scripts/build.sh).
# The demo has findings on purpose: exit 1 is the expected outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/demo-release
rm -rf "$dir"
mkdir -p "$dir"
abs=$(cd "$dir" && pwd)

ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
	-days 2 -subj "/CN=secgate demo CA" \
	-addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req "${ec[@]}" -keyout "$dir/server.key" -out "$dir/server.csr" \
	-subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' \
	>"$dir/ext.cnf"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
	-CAcreateserial -out "$dir/server.pem" -days 2 -extfile "$dir/ext.cnf" 2>/dev/null

# A typical first nginx configuration: HSTS without includeSubDomains, no
# CSP, headers dropped on error pages (no `always`), the version shown.
cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process off;
pid $abs/nginx.pid;
error_log $abs/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $abs/tmp-body;
    proxy_temp_path $abs/tmp-proxy;
    fastcgi_temp_path $abs/tmp-fastcgi;
    uwsgi_temp_path $abs/tmp-uwsgi;
    scgi_temp_path $abs/tmp-scgi;
    default_type text/plain;
    server {
        listen 127.0.0.1:18443 ssl;
        server_name localhost;
        ssl_certificate $abs/server.pem;
        ssl_certificate_key $abs/server.key;
        add_header Strict-Transport-Security "max-age=31536000";
        add_header X-Content-Type-Options nosniff;
        add_header X-Frame-Options DENY;
        add_header Referrer-Policy strict-origin-when-cross-origin;
        add_header Set-Cookie "session=demo; Path=/; Secure; HttpOnly";
        location = / { return 200 "demo\n"; }
        location / { return 404; }
    }
    server {
        listen 127.0.0.1:18080;
        return 301 https://localhost:18443\$request_uri;
    }
}
CONF
nginx -p "$abs" -c "$abs/nginx.conf" -e "$abs/error.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	(exec 3<>/dev/tcp/127.0.0.1/18443) 2>/dev/null && break
	sleep 0.1
done

set +e
./build/secgate run --profile release --config fixtures/demo/release.secgate.yml \
	--explain --json "$dir/findings.json" --evidence "$dir/evidence"
code=$?
set -e
echo
case $code in
1) echo "demo-release: the release gate failed (exit 1) on the demo's findings, as intended;"
   echo "demo-release: the release record is in $dir/evidence" ;;
*) echo "demo-release: unexpected exit code $code" >&2; exit 1 ;;
esac
