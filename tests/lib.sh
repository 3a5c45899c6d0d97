# tests/lib.sh: what every topic suite in tests/suites/ shares.  A suite
# sources it, runs its checks with ok/bad/expect/has/hasnt/same, and ends
# with `finish NAME`, which prints "NAME: N passed, M failed" and sets the
# exit status.  GOALSHEET names the build under test (tests/run sets it).
set -u
cd "$(dirname "$0")/../.."
GS=${GOALSHEET:-./goalsheet}
TMP=$(mktemp -d)
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
unset LANGUAGE
export LC_ALL=C
pass=0 fail=0

ok()   { pass=$((pass + 1)); echo "ok - $1"; }
bad()  { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '    %s\n' "${@:2}"; }
# expect NAME STATUS CMD...: runs CMD, keeps stdout/stderr in $OUT/$ERR.
expect() {
	local name=$1 want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"; local got=$?
	OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
	if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name" "exit $got, wanted $want" "$(head -5 "$TMP/err")"; fi
}
has()  { if grep -qF -- "$2" <<<"$3"; then ok "$1"; else bad "$1" "missing: $2"; fi; }
hasnt(){ if grep -qF -- "$2" <<<"$3"; then bad "$1" "unexpected: $2"; else ok "$1"; fi; }
same() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got: $2" "wanted: $3"; fi; }
# The PDF's text in content order, white space (and U+3000) removed.
pdftext() { pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n' | sed 's/　//g'; }
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
finish() { echo "$1: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
