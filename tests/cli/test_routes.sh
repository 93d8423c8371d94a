#!/usr/bin/env bash
# relais routes: the HTML pages of the route table as JSON (the browser
# test's page list, tests/browser/pages.test.mjs): the pages with the roles
# the policy lets in, never an API route nor a file (ROUTE_FILE).  TAP.
set -u
BIN=${RELAIS_BIN:-build/relais}
dir=$(mktemp -d /tmp/relais-routes-XXXXXX)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/tap.sh"

"$BIN" routes >"$dir/routes.json" || { echo "Bail out! relais routes failed"; exit 1; }
has() { jq -e "$1" "$dir/routes.json" >/dev/null; }

ok "the output is a JSON array of pages" has 'type == "array" and length > 10'
ok "every entry has path, public, roles and menu" \
	has 'all(.[]; (.path | type) == "string" and (.public | type) == "boolean" and (.roles | type) == "array" and (.menu | type) == "boolean")'
ok "the home page, for every signed-in role" \
	has 'any(.[]; .path == "/" and (.roles | index("worker")) and (.roles | index("employer")) and .public == false)'
ok "the sign-in page is public" has 'any(.[]; .path == "/login" and .public)'
ok "the access log is the auditor's only" \
	has 'any(.[]; .path == "/audit" and .roles == ["auditor"] and .menu)'
ok "a record page with its parameter" has 'any(.[]; .path == "/cases/{id}")'
ok "no API route" has 'all(.[]; .path | startswith("/api/") | not)'
for f in /healthz '/assets/{file}' '/calendar/{file}' /conservation/bordereau; do
	ok "no file: $f" has "all(.[]; .path != \"$f\")"
done
ok "no POST-only path (/logout)" has 'all(.[]; .path != "/logout")'

echo "1..$n"
[ $fails -eq 0 ]
