#!/usr/bin/env bash
# A real OpenID provider for the OIDC tests: Debian's glewlwyd, started on
# 127.0.0.1 with its own SQLite database (the schema Debian ships), then
# configured through its REST admin API: the OIDC plugin (RS256, PKCE),
# the clients, a user and the openid scope (password required).
#
#   glewlwyd.sh start DIR PORT REDIRECT_URI [KEYSEED]
#       starts an instance in DIR (created) on PORT, its issuer
#       http://127.0.0.1:PORT/api/oidc; clients: "relais" (public, the
#       redirect URI) and "autre" (public, same redirect URI: a second
#       client, for the wrong-audience test); user "alice" (password
#       "alice-motdepasse-1", TOTP secret KEYSEED or a fixed one, written to
#       DIR/totp_secret), who has granted openid to both.  Prints the issuer.
#   glewlwyd.sh swap DIR NEWDIR newkey|lagging|same
#   glewlwyd.sh stop DIR
# Exit 77 when glewlwyd is not installed (tests skip).
set -euo pipefail

BIN=${GLEWLWYD_BIN:-/usr/sbin/glewlwyd}
[ -x "$BIN" ] || BIN=$(command -v glewlwyd || true)
[ -n "$BIN" ] || exit 77

schema() {
  local f
  for f in /usr/share/glewlwyd/database/init.sqlite3.sql \
           /usr/share/dbconfig-common/data/glewlwyd/install/sqlite3; do
    [ -r "$f" ] && { cat "$f"; return; }
  done
  if [ -r /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz ]; then
    zcat /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz; return
  fi
  echo "glewlwyd.sh: no SQLite schema found" >&2; exit 77
}

# Starts glewlwyd on DIR's configuration (under faketime when FAKETIME is
# set) and waits until it answers.
launch() {
  if [ -n "${FAKETIME:-}" ]; then
    # libfaketime preloaded into glewlwyd itself (the faketime wrapper forks:
    # its pid would not be glewlwyd's).
    local lib
    lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
    [ -n "$lib" ] || { echo "glewlwyd.sh: libfaketime is not installed" >&2; exit 1; }
    LD_PRELOAD=$lib FAKETIME=$FAKETIME FAKETIME_DONT_FAKE_MONOTONIC=1 \
      "$BIN" --config-file="$DIR/glewlwyd.conf" >>"$DIR/glewlwyd.out" 2>&1 &
  else
    "$BIN" --config-file="$DIR/glewlwyd.conf" >>"$DIR/glewlwyd.out" 2>&1 &
  fi
  echo $! > "$DIR/pid"
  local i
  for i in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/api/auth/scheme/" 2>/dev/null; then
      kill -0 "$(cat "$DIR/pid")" 2>/dev/null && return 0
      echo "glewlwyd.sh: port $PORT is answered by another process" >&2; exit 1
    fi
    kill -0 "$(cat "$DIR/pid")" 2>/dev/null || { cat "$DIR/glewlwyd.out" "$DIR/glewlwyd.log" >&2 || true; exit 1; }
    sleep 0.1
  done
  echo "glewlwyd.sh: glewlwyd does not answer on port $PORT" >&2; exit 1
}

api() { # METHOD PATH [JSON]
  local out
  out=$(curl -sS -o "$DIR/last.json" -w '%{http_code}' -b "$DIR/cookies" -c "$DIR/cookies" \
    -X "$1" -H 'Content-Type: application/json' ${3:+--data-binary "$3"} \
    "http://127.0.0.1:$PORT/api$2")
  case $out in 2??) ;; *) echo "glewlwyd.sh: $1 $2 -> $out $(cat "$DIR/last.json")" >&2; exit 1 ;; esac
}

start() {
  DIR=$1 PORT=$2 REDIRECT=$3 SECRET=${4:-JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP}
  mkdir -p "$DIR"
  rm -f "$DIR/glewlwyd.db" "$DIR/cookies"
  schema | sqlite3 "$DIR/glewlwyd.db"
  # The login page's files, links resolved: Debian's webapp links to
  # bootstrap, jquery… elsewhere in /usr/share, which glewlwyd will not
  # serve through a link.
  rm -rf "$DIR/webapp"
  cp -rL /usr/share/glewlwyd/webapp "$DIR/webapp"
  # Its config.json links to /etc/glewlwyd/config-2.7.json, which Debian's
  # "No configuration" leaves as a folder (a request for it then hangs
  # glewlwyd): the packaged template instead.
  rm -rf "$DIR/webapp/config.json"
  cp /usr/share/glewlwyd/templates/config.json "$DIR/webapp/config.json"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/key.pem" 2>/dev/null
  openssl pkey -in "$DIR/key.pem" -pubout -out "$DIR/pub.pem" 2>/dev/null
  cat > "$DIR/glewlwyd.conf" <<CONF
port=$PORT
bind_address="127.0.0.1"
external_url="http://127.0.0.1:$PORT"
login_url="login.html"
api_prefix="api"
static_files_path="$DIR/webapp/"
allow_origin="*"
log_mode="file"
log_level="WARNING"
log_file="$DIR/glewlwyd.log"
cookie_domain=""
cookie_secure=0
cookie_same_site="lax"
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=true
login_api_enabled=true
plugin_api_run_enabled=""
add_x_frame_option_header_deny=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
user_middleware_module_path="/usr/lib/glewlwyd/user_middleware"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
use_secure_connection=false
secure_connection_key_file="/etc/ssl/certs/cert.key"
secure_connection_pem_file="/etc/ssl/certs/cert.pem"
secure_connection_ca_file="/etc/ssl/certs/ca.crt"
hash_algorithm="SHA512"
database = { type = "sqlite3"; path = "$DIR/glewlwyd.db"; };
static_files_mime_types = (
  { extension = ".html"; mime_type = "text/html"; compress = 0; },
  { extension = ".css"; mime_type = "text/css"; compress = 0; },
  { extension = ".js"; mime_type = "application/javascript"; compress = 0; },
  { extension = ".json"; mime_type = "application/json"; compress = 0; },
  { extension = ".png"; mime_type = "image/png"; compress = 0; },
  { extension = ".ico"; mime_type = "image/x-icon"; compress = 0; },
  { extension = ".woff"; mime_type = "font/woff"; compress = 0; },
  { extension = ".woff2"; mime_type = "font/woff2"; compress = 0; },
  { extension = ".ttf"; mime_type = "font/ttf"; compress = 0; },
  { extension = ".svg"; mime_type = "image/svg+xml"; compress = 0; },
  { extension = ".eot"; mime_type = "application/vnd.ms-fontobject"; compress = 0; },
  { extension = ".map"; mime_type = "application/octet-stream"; compress = 0; }
)
CONF
  launch
  # The administrator of Debian's schema (admin / password).
  api POST /auth/ '{"username":"admin","password":"password"}'
  local key pub
  key=$(jq -Rs . < "$DIR/key.pem"); pub=$(jq -Rs . < "$DIR/pub.pem")
  api POST /mod/plugin/ "$(cat <<JSON
{"module":"oidc","name":"oidc","display_name":"OIDC","enabled":true,"parameters":{
 "iss":"http://127.0.0.1:$PORT/api/oidc","jwt-type":"rsa","jwt-key-size":"256",
 "key":$key,"cert":$pub,"jwks-show":true,
 "access-token-duration":3600,"refresh-token-duration":1209600,"code-duration":600,
 "refresh-token-rolling":true,"allow-non-oidc":false,
 "auth-type-code-enabled":true,"auth-type-code-revoke-replayed":false,
 "auth-type-implicit-enabled":false,"auth-type-token-id-token-enabled":false,
 "auth-type-none-enabled":false,"auth-type-password-enabled":false,
 "auth-type-client-enabled":false,"auth-type-device-enabled":false,"auth-type-refresh-enabled":true,
 "scope":[],"additional-parameters":[],"claims":[],
 "pkce-allowed":true,"pkce-method-plain-allowed":false,
 "request-parameter-allow":false,"request-uri-allow-https-non-secure":false,
 "subject-type":"public","session-management-allowed":false,
 "name-claim":"on-demand","email-claim":"on-demand","address-claim":{"type":"no"},
 "introspection-revocation-allowed":false,"register-client-allowed":false}}
JSON
)"
  local c
  for c in relais autre; do
    api POST /client/ "{\"client_id\":\"$c\",\"name\":\"$c\",\"enabled\":true,\"confidential\":false,\"scope\":[],\"redirect_uri\":[\"$REDIRECT\"],\"authorization_type\":[\"code\"],\"token_endpoint_auth_method\":[\"none\"]}"
  done
  api POST /user/ '{"username":"alice","name":"Alice","email":"alice@example.org","password":"alice-motdepasse-1","scope":["openid","g_profile"],"enabled":true}'
  # Alice's second factor at the provider: TOTP with a known secret, so the
  # provider asserts amr ["password","otp"].
  api POST /mod/scheme/ '{"module":"otp","name":"otp","display_name":"TOTP","expiration":3600,"max_use":0,"allow_user_register":true,"enabled":true,"parameters":{"otp-length":6,"hotp-allow":false,"hotp-window":0,"totp-allow":true,"totp-window":30,"totp-start-offset":0,"issuer":"glewlwyd","secret-minimum-size":16}}'
  # The openid scope needs the password and the TOTP (set before
  # the TOTP is registered: glewlwyd registers only schemes a scope uses).
  api PUT /scope/openid '{"name":"openid","display_name":"Open ID","description":"OpenID Connect","password_required":true,"password_max_age":0,"scheme":{"0":[{"scheme_type":"otp","scheme_name":"otp"}]}}'
  api POST /delegate/alice/profile/scheme/register/ "{\"username\":\"alice\",\"scheme_type\":\"otp\",\"scheme_name\":\"otp\",\"value\":{\"type\":\"TOTP\",\"secret\":\"$SECRET\",\"time_step_size\":30}}"
  echo "$SECRET" > "$DIR/totp_secret"
  # Alice grants the openid scope to both clients once (the consent page
  # is glewlwyd's, not what is tested).
  local admin_jar=$DIR/cookies
  rm -f "$DIR/alice.cookies"
  curl -sS -o /dev/null -c "$DIR/alice.cookies" -H 'Content-Type: application/json' \
    --data-binary '{"username":"alice","password":"alice-motdepasse-1"}' "http://127.0.0.1:$PORT/api/auth/"
  for c in relais autre; do
    curl -sS -o /dev/null -b "$DIR/alice.cookies" -X PUT -H 'Content-Type: application/json' \
      --data-binary '{"scope":"openid"}' "http://127.0.0.1:$PORT/api/auth/grant/$c"
  done
  rm -f "$DIR/alice.cookies"
  echo "http://127.0.0.1:$PORT/api/oidc"
}

# Another provider instance in NEW on the same port, from a copy of DIR's
# database (same clients, user and grants): "newkey" gives it a signing key
# of its own (not in the JWKS the relying party holds), "lagging" runs it
# two hours in the past (its id_tokens are expired on arrival).  DIR's
# instance is stopped first.
swap() {
  local old=$1 kind=$3
  DIR=$2
  PORT=$(sed -n 's/^port=//p' "$old/glewlwyd.conf")
  stop "$old"
  mkdir -p "$DIR"
  cp "$old/glewlwyd.db" "$DIR/glewlwyd.db"
  rm -rf "$DIR/webapp"
  cp -r "$old/webapp" "$DIR/webapp"
  sed "s|$old/|$DIR/|g" "$old/glewlwyd.conf" > "$DIR/glewlwyd.conf"
  case $kind in
  newkey)
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/key.pem" 2>/dev/null
    openssl pkey -in "$DIR/key.pem" -pubout -out "$DIR/pub.pem" 2>/dev/null
    local params
    params=$(sqlite3 "$DIR/glewlwyd.db" "SELECT gpmi_parameters FROM g_plugin_module_instance WHERE gpmi_name='oidc'" |
      jq -c --rawfile k "$DIR/key.pem" --rawfile c "$DIR/pub.pem" '.key = $k | .cert = $c')
    params=${params//\'/\'\'}
    sqlite3 "$DIR/glewlwyd.db" "UPDATE g_plugin_module_instance SET gpmi_parameters='$params' WHERE gpmi_name='oidc'"
    launch ;;
  lagging) FAKETIME=-7200 launch ;;
  same) launch ;;
  *) echo "glewlwyd.sh: swap kind newkey|lagging|same" >&2; exit 2 ;;
  esac
}

stop() {
  local d=$1 pid
  [ -f "$d/pid" ] || return 0
  pid=$(cat "$d/pid")
  kill "$pid" 2>/dev/null || true
  # Wait until the port is free for a successor.
  local i
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$d/pid"
}

case ${1:-} in
start) shift; start "$@" ;;
stop) shift; stop "$@" ;;
swap) shift; swap "$@" ;;
*) echo "usage: glewlwyd.sh start DIR PORT REDIRECT_URI | stop DIR" >&2; exit 2 ;;
esac
