# TAP helpers shared by the command-line test scripts: source this file
# after creating $dir (the script's scratch directory).
n=0
fails=0

ok() { # ok DESCRIPTION COMMAND... — passes when COMMAND exits 0
	local desc=$1
	shift
	n=$((n + 1))
	if "$@" >"$dir/out" 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		sed 's/^/# /' "$dir/out" | head -20
		fails=$((fails + 1))
	fi
}
