# scripts/bench grabs (sourced by scripts/bench): see the usage there.
# shellcheck shell=bash
users=2000 packets=20 conc=64
while [[ $# -gt 0 ]]; do
    case "$1" in
    --users) users="$2" ;;
    --packets) packets="$2" ;;
    -c) conc="$2" ;;
    *) usage ;;
    esac
    shift 2 || usage
done
for n in "$users" "$packets" "$conc"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || fail "numbers must be positive whole numbers, not '$n'"
done
((users >= 10 && users <= 10000)) || fail "--users is 10 to 10000 (each packet has users/10 shares, at most 1000)"
BASE="${WXP_BASE_URL:-http://127.0.0.1:${WXP_HTTP_PORT:-8080}}"
started_here=false
cleanup() { if $started_here; then scripts/run stop >/dev/null || true; fi; }
trap cleanup EXIT
if ! curl -sf -o /dev/null "$BASE/health"; then
    [[ -z ${WXP_BASE_URL:-} ]] || fail "nothing healthy answers at $BASE/health"
    echo "== starting the product (scripts/run) in bench mode"
    WXP_SANDBOX=true WXP_REDPACKET_BENCH=true scripts/run >/dev/null
    started_here=true
fi
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/h5/redpacket/bench/refund")
[[ $code == 200 ]] || fail "the product at $BASE is not in bench mode (start it with WXP_REDPACKET_BENCH=true): $code"
mkdir -p target/bench
report="target/bench/grabs-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "== $users subscribers grabbing $packets packets, $conc connections, at $BASE ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
java scripts/lib/GrabBench.java "$BASE" "$users" "$packets" "$conc" | tee "$report"
echo "report: $report"
