#!/usr/bin/env bash
# `make run`: a local relais on var/relais.db, served on http://127.0.0.1:8080.
# The first start creates the database, its key file, an `admin` account
# and a demonstration service (relais demo), whose enrolment links are printed once.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
DB=${RELAIS_DB:-var/relais.db}
LISTEN=${RELAIS_LISTEN:-127.0.0.1:8080}
new=0
[ -e "$DB" ] || new=1
build/relais init --db "$DB" --create-admin --base-url "http://$LISTEN"
# The first start fills the service with the demonstration data.
if [ $new -eq 1 ]; then
	build/relais demo --db "$DB" --base-url "http://$LISTEN"
fi
echo "relais: open http://$LISTEN/ (Ctrl-C to stop)"
exec build/relais serve --db "$DB" --listen "$LISTEN"
