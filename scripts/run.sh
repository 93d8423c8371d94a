#!/usr/bin/env bash
# `make run`: a local relais on var/relais.db, served on http://127.0.0.1:8080.
# The first start creates the database, its key file and an `admin` account
# whose password is printed once.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
DB=${RELAIS_DB:-var/relais.db}
LISTEN=${RELAIS_LISTEN:-127.0.0.1:8080}
build/relais init --db "$DB" --create-admin
echo "relais: open http://$LISTEN/ (Ctrl-C to stop)"
exec build/relais serve --db "$DB" --listen "$LISTEN"
