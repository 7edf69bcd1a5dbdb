# scripts/bench userlog (sourced by scripts/bench): see the usage there.
# shellcheck shell=bash
rows=1000000 users=10000 days=180 pages=200 samples=100
while [[ $# -gt 0 ]]; do
    case "$1" in
    --rows) rows="$2" ;;
    --users) users="$2" ;;
    --days) days="$2" ;;
    --pages) pages="$2" ;;
    --samples) samples="$2" ;;
    *) usage ;;
    esac
    shift 2 || usage
done
for n in "$rows" "$users" "$days" "$pages" "$samples"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || fail "numbers must be positive whole numbers, not '$n'"
done
((days <= 200)) || fail "--days is at most 200 (the longest range the lookup takes)"
command -v curl >/dev/null || fail "curl is needed"
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
auth="${WXP_ADMIN_USER:-admin}:$pw"
[[ $(curl -s -o /dev/null -w '%{http_code}' -u "$auth" "$BASE/api/admin/user-logs?appid=wx0000000000000000") == 200 ]] ||
    fail "the admin API at $BASE does not take ${WXP_ADMIN_USER:-admin}'s password (set WXP_ADMIN_PASSWORD)"

appid=wxbenchuserlog0001
now=$(date +%s)
start=$((now - days * 86400))
# the product splits the log by the year in Asia/Shanghai (UTC+8, no daylight saving)
year_of() { TZ=Asia/Shanghai date -d "@$1" +%Y; }
first_year=$(year_of "$start") last_year=$(year_of "$now")
tables=()
for ((y = first_year; y <= last_year; y++)); do tables+=("user_log_$y"); done
count() {
    local total=0 t n
    for t in "${tables[@]}"; do
        n="$(sql -e "SELECT COUNT(*) FROM $t WHERE appid = '$appid'" 2>/dev/null || echo 0)"
        total=$((total + n))
    done
    echo "$total"
}

echo "== database $db on $host:$port, account $appid"
have="$(count)"
if [[ $have != "$rows" ]]; then
    echo "== seeding $rows rows: $users subscribers over $days days (had $have)"
    seed_started=$SECONDS
    for t in "${tables[@]}"; do
        sql -e "CREATE TABLE IF NOT EXISTS $t LIKE user_log_template; DELETE FROM $t WHERE appid = '$appid'"
    done
    # rows evenly spaced from $start to now; each row goes to the table of its year (UTC+8);
    # created_at is stored in UTC, as the product's connections (serverTimezone=UTC) write it
    awk -v rows="$rows" -v users="$users" -v start="$start" -v now="$now" -v appid="$appid" \
        -v first="$first_year" 'BEGIN {
        srand(7);
        print "SET time_zone = \"+00:00\"; SET unique_checks = 0; SET autocommit = 0;";
        step = (now - start) / rows; table = ""; n = 0;
        for (i = 0; i < rows; i++) {
            t = int(start + i * step);
            y = strftime("%Y", t + 8 * 3600, 1) + 0;
            name = "user_log_" y;
            if (name != table || n == 1000) {
                if (n > 0) print ";";
                if (i % 100000 == 0 && i > 0) print "COMMIT;";
                table = name; n = 0;
                printf "INSERT INTO %s (appid, openid, kind, type, msg_key, content, created_at) VALUES\n", table;
            }
            u = int(rand() * users);
            ev = (i % 10 == 0);
            printf "%s(\"%s\",\"oBench%05d\",\"%s\",\"%s\",\"bench-%d\",\"%s\",FROM_UNIXTIME(%d))", (n > 0 ? "," : ""),
                appid, u, (ev ? "event" : "message"), (ev ? "event:CLICK" : "text"), i,
                (ev ? "QUERY_BILL" : "查询本月话费和流量 第" i "条"), t;
            n++;
        }
        print ";"; print "COMMIT;";
    }' | sql
    have="$(count)"
    echo "   $have rows in $((SECONDS - seed_started)) s"
    [[ $have == "$rows" ]] || fail "seeded $have rows, expected $rows"
fi

fmt() { TZ=Asia/Shanghai date -d "@$1" +%Y-%m-%dT%H:%M; }
from="$(fmt "$start")" to="$(fmt $((now + 60)))"
q="appid=$appid&from=$from&to=$to"

echo "== ANALYZE (EXPLAIN with the rows each query shape really read, in the table of $last_year)"
explain_fail=0
utc() { date -u -d "@$1" '+%F %T'; }
explain() { # name where (the query as UserLogQuery sends it, index hint included)
    local line index=ix_user_log_app_time
    [[ $2 == *openid* ]] && index=ix_user_log_app_user_time
    line="$(sql -e "ANALYZE SELECT id, openid, kind, type, content, created_at FROM user_log_$last_year FORCE INDEX ($index) WHERE appid = '$appid' $2 ORDER BY created_at DESC, id DESC LIMIT 51" | head -1)"
    # columns: id select_type table type possible_keys key key_len ref rows r_rows filtered r_filtered Extra
    printf '   %-26s type=%-6s key=%-26s rows read=%-6s %s\n' "$1" "$(cut -f4 <<<"$line")" "$(cut -f6 <<<"$line")" \
        "$(cut -f10 <<<"$line")" "$(cut -f13 <<<"$line")"
    [[ $(cut -f4 <<<"$line") != ALL && $(cut -f13 <<<"$line") != *filesort* ]] || explain_fail=1
    awk -v r="$(cut -f10 <<<"$line")" 'BEGIN { exit (r + 0 > 200) ? 1 : 0 }' || explain_fail=1
}
mid=$(((start + now) / 2))
range="AND created_at >= '$(utc "$start")' AND created_at < '$(utc "$now")'"
explain "first page" "$range"
explain "page after a mid cursor" "$range AND created_at <= '$(utc "$mid")' AND (created_at < '$(utc "$mid")' OR id < 500000)"
explain "openid" "AND openid = 'oBench00042' $range"
explain "openid after a mid cursor" "AND openid = 'oBench00042' $range AND created_at <= '$(utc "$mid")' AND (created_at < '$(utc "$mid")' OR id < 500000)"
explain "one-day range" "AND created_at >= '$(utc "$mid")' AND created_at < '$(utc $((mid + 86400)))'"
explain "one day, 170 days ago" "AND created_at >= '$(utc $((start + 10 * 86400)))' AND created_at < '$(utc $((start + 11 * 86400)))'"

out="$ROOT/target/bench"
mkdir -p "$out"
times="$out/userlog-times"
: >"$times"
get() { # series query -> body on stdout, the time in ms appended to the series
    local t
    t="$(curl -s -o "$out/userlog-body.json" -w '%{http_code} %{time_total}' -u "$auth" "$BASE/api/admin/user-logs?$2")"
    [[ ${t%% *} == 200 ]] || fail "GET /api/admin/user-logs?$2 answered ${t%% *}: $(head -c 300 "$out/userlog-body.json")"
    awk -v s="$1" -v t="${t#* }" 'BEGIN { printf "%s %.3f\n", s, t * 1000 }' >>"$times"
    cat "$out/userlog-body.json"
}
rows_of() { grep -o '"createdAt"' | wc -l; }
next_of() { sed -n 's/.*"next":"\([^"]*\)".*/\1/p'; }

echo "== warm-up"
for _ in $(seq 1 20); do get warmup "$q&limit=50" >/dev/null; done
echo "== timing over HTTP ($BASE)"
declare -A served
n=0
for _ in $(seq 1 "$samples"); do
    body="$(get first "$q&limit=50")"
    n=$((n + $(rows_of <<<"$body")))
done
served[first]=$n
n=0 after=""
for _ in $(seq 1 "$pages"); do
    body="$(get walk "$q&limit=50${after:+&after=$after}")"
    n=$((n + $(rows_of <<<"$body")))
    after="$(next_of <<<"$body")"
    [[ -n $after ]] || break
done
served[walk]=$n
# pages deep in the log: cursors of rows in the middle of the range (the cursor is "u1.year.epoch.id")
n=0
for i in $(seq 1 "$samples"); do
    at=$((mid + i * 3600))
    id="$(sql -e "SELECT id FROM user_log_$(year_of "$at") WHERE appid = '$appid' AND created_at <= '$(utc "$at")' ORDER BY created_at DESC, id DESC LIMIT 1")"
    cursor="$(printf 'u1.%s.%s.%s' "$(year_of "$at")" "$at" "$id" | base64 -w0 | tr '+/' '-_' | tr -d '=')"
    body="$(get deep "$q&limit=50&after=$cursor")"
    n=$((n + $(rows_of <<<"$body")))
done
served[deep]=$n
n=0
for i in $(seq 1 "$samples"); do
    user=$(printf 'oBench%05d' $(((i * 7919) % users)))
    body="$(get openid "$q&openid=$user&limit=50")"
    n=$((n + $(rows_of <<<"$body")))
done
served[openid]=$n
n=0
for i in $(seq 1 "$samples"); do
    day=$((start + (i * (days - 1) / samples) * 86400))
    body="$(get day "appid=$appid&from=$(fmt "$day")&to=$(fmt $((day + 86400)))&limit=50")"
    n=$((n + $(rows_of <<<"$body")))
done
served[day]=$n

report="$out/userlog-$(date +%Y%m%d-%H%M%S).txt"
slow=0
{
    echo "scripts/bench userlog --rows $rows --users $users --days $days --pages $pages --samples $samples"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $("$client" --version | sed 's/.*Distrib \([^,]*\),.*/MariaDB client \1/')"
    echo "log: $(count) rows of $appid in ${tables[*]} (database $db)"
    printf '%-34s %9s %8s %8s %8s %10s\n' series requests "p50 ms" "p95 ms" "max ms" "rows"
    for s in first walk deep openid day; do
        case $s in
        first) label="first page (limit 50, $days days)" ;;
        walk) label="pages walked with the cursor" ;;
        deep) label="a page 90 days deep (cursor)" ;;
        openid) label="first page of one openid" ;;
        day) label="first page of a one-day range" ;;
        esac
        awk -v s="$s" '$1 == s { print $2 }' "$times" | sort -n | awk -v label="$label" -v rows="${served[$s]}" '
            { v[++n] = $1 }
            END {
                p50 = v[int((n * 50 + 99) / 100)]; p95 = v[int((n * 95 + 99) / 100)];
                printf "%-34s %9d %8.1f %8.1f %8.1f %10d\n", label, n, p50, p95, v[n], rows;
                exit (p95 > 200) ? 3 : 0
            }' || slow=1
    done
    [[ $slow == 0 ]] && echo "every p95 under 200 ms: yes" || echo "every p95 under 200 ms: NO"
    [[ $explain_fail == 0 ]] && echo "ANALYZE: every query shape reads an index in order, at most 200 rows (no scan, no filesort)" ||
        echo "ANALYZE: a query shape scans, sorts or reads over 200 rows (see above)"
} | tee "$report"
echo "report: ${report#"$ROOT"/}"
grep -q 'under 200 ms: yes' "$report" && [[ $explain_fail == 0 ]]
