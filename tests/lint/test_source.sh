#!/usr/bin/env bash
# Rules of the source tree that a compiler cannot check.  TAP output.
#  - layers: adapters (http, web, api, cli) and bulk/ (demo, import) never
#    include the store or the service layer's internals; the service layer never formats HTML/JSON;
#    domain and support depend on nothing above them.
#  - banned functions: unbounded or unchecked string and number handling.
#  - result columns are read by their names from store/statements.h, never by number.
set -u
cd "$(dirname "$0")/../.."
n=0
fails=0
check() { # check DESCRIPTION OUTPUT — passes when OUTPUT is empty
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s\n' "$2" | sed 's/^/# /'
		fails=$((fails + 1))
	fi
}
inc() { grep -nE "^#include \"($2)" $1 2>/dev/null; }

check "adapters and bulk/ never include the store" "$(inc 'src/render/*.c src/render/*.h src/routes/*.c src/routes/*.h src/http/*.c src/http/*.h src/web/*.c src/web/*.h src/api/*.c src/api/*.h src/bulk/*.c src/bulk/*.h src/cli/*.c src/cli/*.h src/main.c' 'store/|service/internal.h')"
check "the service layer formats no HTML or JSON" "$(inc 'src/service/*.c src/service/*.h' 'http/|web/|api/|cli/|render/|routes/|support/html')$(grep -ln 'jansson.h' src/service/* 2>/dev/null)"
check "the domain depends only on support" "$(inc 'src/domain/*.c src/domain/*.h' 'store/|service/|http/|web/|api/|cli/')"
check "the store depends only on support" "$(inc 'src/store/*.c src/store/*.h' 'service/|domain/|http/|web/|api/|cli/')"
check "support depends on nothing above it" "$(inc 'src/support/*.c src/support/*.h' 'store/|service/|domain/|http/|web/|api/|cli/')"
check "no banned functions" "$(grep -rnE '(^|[^_a-z])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok|tmpnam) *\(' src --include='*.c' --include='*.h')"
check "result columns read by name (statements.h), not by number" "$(grep -rnE '(store_row_[a-z_]+\([^,;]+|svc_unseal_col\([^;]*row), *[0-9]' src --include='*.c')"
check "no SQL outside the store" "$(grep -rnE '\"(SELECT|INSERT|UPDATE|DELETE) ' src --include='*.c' | grep -v '^src/store/')"

# The folders' order and cycles, read from the objects (calls through a
# shared header count too): tests/lint/deps.sh holds the order.
objdir=${RELAIS_OBJ:-build/obj}
if [ -d "$objdir" ]; then
	deps=$(bash tests/lint/deps.sh "$objdir")
	check "every file uses only its own folder and the folders below it" "$(printf '%s\n' "$deps" | grep '^layer' || true)"
	check "no dependency cycle between files" "$(printf '%s\n' "$deps" | grep '^cycle' || true)"
	check "http/ knows nothing of the pages or the route table" "$(inc 'src/http/*.c src/http/*.h' 'web/|api/|routes/|render/')"
	check "no include cycle between headers" "$(for h in src/*/*.h; do
		for i in $(grep -oE '^#include "[a-z_]+/[a-z_]+\.h"' "$h" | sed 's/.*"\(.*\)"/\1/'); do
			grep -qE "^#include \"${h#src/}\"" "src/$i" 2>/dev/null && echo "$h <-> src/$i"
		done
	done)"
else
	echo "# no objects in $objdir: build first (make)"
	check "objects to check the folders' order" "missing $objdir"
fi

# Inputs are declared once (issue 10): outside the field readers, no input
# is read by a name written in place; and a function's prototype lives in
# a header, never in a .c file.
check "inputs read through their field tables, never by a literal name" "$(grep -rnE '(req_form|req_form_all|api_string)\([^,]+, *"' src --include='*.c' | grep -vE '^src/(http/request|api/json)\.c:')"
check "prototypes only in headers" "$(grep -rnE '^(extern +)?(const +)?(unsigned +)?(int|void|char|size_t|int64_t|uint32_t|double|struct [a-z_]+|enum [a-z_]+|json_t|buf|svc|store) *\**[a-z_][a-z0-9_]*\([^;{]*\);' src --include='*.c')"

echo "1..$n"
[ $fails -eq 0 ]
