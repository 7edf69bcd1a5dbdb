# scripts/bench push (sourced by scripts/bench): see the usage there.
# shellcheck shell=bash
numbers=100000 rate=200
while [[ $# -gt 0 ]]; do
    case "$1" in
    --numbers) numbers="$2" ;;
    --rate) rate="$2" ;;
    *) usage ;;
    esac
    shift 2 || usage
done
for n in "$numbers" "$rate"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || fail "numbers must be positive whole numbers, not '$n'"
done
command -v curl >/dev/null || fail "curl is needed"
command -v jq >/dev/null || fail "jq is needed"
client="$(command -v mariadb || command -v mysql)" || fail "the mariadb (or mysql) client is needed"

BASE="${WXP_BASE_URL:-http://127.0.0.1:${WXP_HTTP_PORT:-8080}}"
DB_URL="${WXP_DB_URL:-jdbc:mysql://127.0.0.1:3306/wxplatform?characterEncoding=UTF-8&serverTimezone=UTC}"
db="${DB_URL#*://}" db="${db#*/}" db="${db%%\?*}"
hostport="${DB_URL#*://}" hostport="${hostport%%/*}"
host="${hostport%%:*}" port=3306
[[ $hostport == *:* ]] && port="${hostport##*:}"
sql() { MYSQL_PWD="${WXP_DB_PASSWORD:-wxp}" "$client" -h"$host" -P"$port" -u"${WXP_DB_USER:-wxp}" -N -B "$db" "$@"; }

started_here=false
cleanup() { if $started_here; then scripts/run stop >/dev/null || true; fi; }
trap cleanup EXIT
if ! curl -sf -o /dev/null "$BASE/health"; then
    [[ -z ${WXP_BASE_URL:-} ]] || fail "nothing healthy answers at $BASE/health"
    echo "== starting the product (scripts/run)"
    WXP_SANDBOX=true scripts/run >/dev/null
    started_here=true
fi
pw="${WXP_ADMIN_PASSWORD:-$(cat .wxp/admin-password 2>/dev/null || true)}"
auth=(-u "${WXP_ADMIN_USER:-admin}:$pw")
out="target/bench"
mkdir -p "$out"
report="$out/push-$(date +%Y%m%d-%H%M%S).txt"

# a fresh account each run, known to the product and to the sandbox WeChat
appid="wxb$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-15)"
body="{\"name\":\"推送压测\",\"secret\":\"benchPushSecret$RANDOM\",\"token\":\"benchPush\",\"aesKey\":\"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\",\"mode\":\"safe\"}"
curl -sf "${auth[@]}" -X PUT -H 'Content-Type: application/json' -d "$body" -o /dev/null "$BASE/api/admin/accounts/$appid" ||
    fail "the admin API at $BASE does not take ${WXP_ADMIN_USER:-admin}'s password (set WXP_ADMIN_PASSWORD)"
curl -sf -X PUT -H 'Content-Type: application/json' -d "$body" -o /dev/null "$BASE/sandbox/wechat/accounts/$appid" ||
    fail "the sandbox WeChat does not answer at $BASE/sandbox (WXP_SANDBOX=true)"
curl -sf -X PUT -H 'Content-Type: application/json' -d '{"templateReceiptsHeld":true,"templateBlockRate":0.03,"templateFailRate":0.01,"templateMsgIdZeroRate":0.02}' \
    -o /dev/null "$BASE/sandbox/wechat/control/$appid/config"

echo "== $numbers numbers, 80 % bound, for $appid"
file="$out/push-numbers-$appid.csv"
base=$((13000000000 + (RANDOM * 32768 + RANDOM) * 100 % 500000000))
awk -v n="$numbers" -v b="$base" 'BEGIN { print "phone,character_string4"; for (i = 0; i < n; i++) printf "%d,TX%d\n", b + i, i }' >"$file"
awk -v n="$numbers" -v b="$base" -v a="$appid" 'BEGIN {
    for (i = 0; i < n; i++) if (i % 5 != 4) {
        if (c % 1000 == 0) { if (c) print ";"; printf "INSERT INTO bind (appid, openid, phone, state, channel, bound_at) VALUES " }
        else printf ","
        printf "(\x27%s\x27,\x27tBench_%d\x27,\x27%d\x27,\x27B\x27,\x27WECHAT\x27,NOW())", a, i, b + i; c++ }
    print ";" }' | sql
bound=$(sql -e "SELECT COUNT(*) FROM bind WHERE appid = '$appid' AND state = 'B'")

curl -sf "${auth[@]}" -X POST -o /dev/null "$BASE/api/admin/pushes/templates/sync?appid=$appid"
data='{"thing1":"10元100M流量包","time2":"2026年12月3日 15:01","phone_number3":"10086","phrase5":"已生效"}'
t0=$(date +%s.%N)
push="$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: text/csv' --data-binary @"$file" \
    "$BASE/api/admin/pushes?appid=$appid&templateId=sbxBusinessDone0000000000000000000000000001&rate=$rate&fileName=bench.csv&data=$(jq -rn --arg d "$data" '$d|@uri')")" ||
    fail "the upload was refused"
t1=$(date +%s.%N)
id=$(jq -r .id <<<"$push")
echo "upload: $(jq -r '"\(.lines) lines, \(.targets) bound, \(.unbound) unbound"' <<<"$push") in $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s"
curl -sf "${auth[@]}" -X POST -o /dev/null "$BASE/api/admin/pushes/$id/start"
while true; do
    v="$(curl -sf "${auth[@]}" "$BASE/api/admin/pushes/$id")"
    state=$(jq -r .state <<<"$v")
    printf '\r%s sent %s failed %s pending %s  rate %s/s   ' "$state" "$(jq -r .sent <<<"$v")" "$(jq -r .failed <<<"$v")" \
        "$(jq -r '.pending + .inDoubt' <<<"$v")" "$(jq -r .currentRate <<<"$v")"
    [[ $state == FINISHED || $state == PAUSED || $state == CANCELLED ]] && break
    sleep 2
done
echo
sent="$(curl -sf "$BASE/sandbox/wechat/control/$appid/templates-sent")"
counts="$(curl -sf "$BASE/sandbox/wechat/control/$appid/templates-sent/counts")"
received_rate=$(jq -r '((.sent - 1) * 1000 / (.last - .first))' <<<"$sent")
twice=$(jq '[.[] | select(. != 1)] | length' <<<"$counts")
curl -sf -X POST -o /dev/null "$BASE/sandbox/wechat/control/$appid/template-receipts/release"
for _ in $(seq 1 120); do
    v="$(curl -sf "${auth[@]}" "$BASE/api/admin/pushes/$id")"
    [[ $(jq -r .awaitingReceipt <<<"$v") == 0 ]] && break
    sleep 1
done
{
    echo "push $id of $appid: $numbers numbers, $bound bound, asked $rate/s on $(nproc) cores ($(uptime | sed 's/.*load average: //') load)"
    echo "sandbox received $(jq -r .sent <<<"$sent") messages for $(jq -r .users <<<"$sent") subscribers ($(jq -r .duplicates <<<"$sent") twice; numbers with a count other than 1: $twice)"
    printf 'received rate %.1f/s (%.1f %% off the asked rate) over %.1f s\n' "$received_rate" \
        "$(echo "($received_rate - $rate) * 100 / $rate" | bc -l)" "$(jq -r '(.last - .first) / 1000' <<<"$sent")"
    echo "product: sent $(jq -r .sent <<<"$v"), failed $(jq -r .failed <<<"$v"), resent $(jq -r .resent <<<"$v")"
    echo "receipts: product $(jq -c .receipts <<<"$v"), sandbox $(jq -c .statuses <<<"$sent")"
} | tee "$report"
[[ $twice == 0 && $(jq -r .users <<<"$sent") == "$bound" ]] || fail "not exactly one message per bound number"
