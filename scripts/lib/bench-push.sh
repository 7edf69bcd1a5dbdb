# scripts/bench push (sourced by scripts/bench): see the usage there.
# shellcheck shell=bash
numbers=100000 rate=200 crash=true
while [[ $# -gt 0 ]]; do
    case "$1" in
    --no-crash)
        crash=false
        shift
        continue
        ;;
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

# shellcheck source=scripts/lib/node2.sh
. "$ROOT/scripts/lib/node2.sh"
started_here=false
cleanup() {
    node2_stop
    if $started_here; then scripts/run stop >/dev/null || true; fi
}
trap cleanup EXIT
if ! curl -sf -o /dev/null "$BASE/health"; then
    [[ -z ${WXP_BASE_URL:-} ]] || fail "nothing healthy answers at $BASE/health"
    echo "== starting the product (scripts/run)"
    WXP_SANDBOX=true scripts/run >/dev/null
    started_here=true
fi
if $crash; then
    # the run kills a second node and restarts the whole product: only one this checkout's scripts/run runs
    [[ -z ${WXP_BASE_URL:-} ]] && scripts/run status >/dev/null 2>&1 ||
        fail "the crash run restarts the product with scripts/run, which does not run the one at $BASE (use --no-crash)"
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
port1="$(sed -E 's#^[a-z]+://[^:/]+:([0-9]+).*#\1#' <<<"$BASE")"
port2=$((port1 + 10))
if $crash; then
    echo "== second node on port $port2 (killed at 50 %; the whole product restarted at 75 %)"
    node2_start "$port2" "$out/node2"
fi
release() { curl -sf -X POST -o /dev/null "$BASE/sandbox/wechat/control/$appid/template-receipts/release"; }
now_ms() { date +%s%3N; }
killed_at="" stopped_at="" up_at="" released_at=$(now_ms)
curl -sf "${auth[@]}" -X POST -o /dev/null "$BASE/api/admin/pushes/$id/start"
while true; do
    if ! v="$(curl -sf -m 5 "${auth[@]}" "$BASE/api/admin/pushes/$id")"; then
        sleep 1
        continue
    fi
    state=$(jq -r .state <<<"$v")
    printf '\r%s sent %s failed %s pending %s  rate %s/s   ' "$state" "$(jq -r .sent <<<"$v")" "$(jq -r .failed <<<"$v")" \
        "$(jq -r '.pending + .inDoubt' <<<"$v")" "$(jq -r .currentRate <<<"$v")"
    [[ $state == FINISHED || $state == PAUSED || $state == CANCELLED ]] && break
    if $crash; then
        received=$(curl -sf -m 5 "$BASE/sandbox/wechat/control/$appid/templates-sent" | jq -r .sent) || received=0
        if [[ -z $killed_at && $received -ge $((bound / 2)) ]]; then
            node2_kill
            killed_at=$(now_ms) killed_count=$received
            printf '\n== node on port %s killed (SIGKILL) at %s received\n' "$port2" "$received"
        elif [[ -n $killed_at && -z $stopped_at && $received -ge $((bound * 3 / 4)) ]]; then
            stopped_at=$(now_ms) stopped_count=$received
            printf '\n== the whole product restarted at %s received (stopped, then both nodes start together)\n' "$received"
            # the first node stopped as scripts/run stops it (SIGTERM to its process group), the services kept
            pid1="$(cat .wxp/server.pid)"
            kill -TERM -- "-$pid1" 2>/dev/null || kill -TERM "$pid1" 2>/dev/null || true
            for _ in $(seq 1 40); do
                kill -0 "$pid1" 2>/dev/null || break
                sleep 0.5
            done
            node2_launch "$port2" "$out/node2"
            WXP_SKIP_BUILD=1 WXP_SANDBOX=true scripts/run >/dev/null || fail "the product did not start again"
            up_at=$(now_ms)
            node2_wait
            both_at=$(now_ms)
        fi
        # the receipts held by the sandbox arrive in bursts every 5 s (WeChat sends a receipt seconds after
        # the message): a send a dead node made without recording it is resolved by its receipt, not sent again
        if (($(now_ms) - released_at >= 5000)); then
            release || true
            released_at=$(now_ms)
        fi
    fi
    sleep 1
done
echo
sent="$(curl -sf "$BASE/sandbox/wechat/control/$appid/templates-sent")"
counts="$(curl -sf "$BASE/sandbox/wechat/control/$appid/templates-sent/counts")"
received_rate=$(jq -r '((.sent - 1) * 1000 / (.last - .first))' <<<"$sent")
# messages a second over whole seconds [from, to) of the sandbox's receive times
window_rate() { jq -r --argjson a "$1" --argjson b "$2" '[.perSecond | to_entries[] | select((.key | tonumber) >= $a and (.key | tonumber) < $b) | .value] | add // 0 | . / ($b - $a)' <<<"$sent"; }
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
    if [[ -n $up_at ]]; then
        first=$(jq -r '(.first / 1000 | floor) + 1' <<<"$sent") last=$(jq -r '.last / 1000 | floor' <<<"$sent")
        k=$((killed_at / 1000)) st=$((stopped_at / 1000))
        # the restart is the longest silence after the kill: the last second before it and the first after
        gap=$(jq -c --argjson k "$k" '[.perSecond | keys[] | tonumber | select(. > $k)] | sort | [range(1; length) as $i | [.[$i - 1], .[$i]]] | max_by(.[1] - .[0])' <<<"$sent")
        down=$(jq -r '.[0]' <<<"$gap") resumed=$(jq -r '.[1]' <<<"$gap")
        phase() { printf '  %-44s %7.1f/s (%+.1f %%) over %d s\n' "$1" "$2" "$(echo "($2 - $rate) * 100 / $rate" | bc -l)" "$3"; }
        echo "received rate by phase (whole seconds; the asked rate is $rate/s):"
        r=$(window_rate "$first" "$k"); phase "two nodes, to the kill at $killed_count" "$r" $((k - first))
        r=$(window_rate $((k + 1)) "$down"); phase "one node, to the restart at $stopped_count" "$r" $((down - k - 1))
        r=$(window_rate $((resumed + 1)) "$last"); phase "after the restart, to the end" "$r" $((last - resumed - 1))
        b=$((both_at / 1000 + 1))
        ((b < last)) && { r=$(window_rate "$b" "$last"); phase "  of which both nodes up again, to the end" "$r" $((last - b)); }
        up_s=$(( (last - first) - (resumed - down) ))
        r=$(window_rate "$first" "$last"); r=$(echo "$r * ($last - $first) / $up_s" | bc -l)
        phase "all the time a node was up" "$r" "$up_s"
        echo "  the product was down $((resumed - down)) s ($(( (up_at - stopped_at) / 1000 )) s from the stop to the first node's health, $(( (both_at - stopped_at) / 1000 )) s to the second's; while the second starts, its start-up takes CPU from the first)"
    else
        printf 'received rate %.1f/s (%.1f %% off the asked rate) over %.1f s\n' "$received_rate" \
            "$(echo "($received_rate - $rate) * 100 / $rate" | bc -l)" "$(jq -r '(.last - .first) / 1000' <<<"$sent")"
    fi
    echo "product: sent $(jq -r .sent <<<"$v"), failed $(jq -r .failed <<<"$v"), resent $(jq -r .resent <<<"$v")"
    echo "receipts: product $(jq -c .receipts <<<"$v"), sandbox $(jq -c .statuses <<<"$sent")"
} | tee "$report"
[[ $twice == 0 && $(jq -r .users <<<"$sent") == "$bound" ]] || fail "not exactly one message per bound number"
