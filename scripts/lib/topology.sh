# shellcheck shell=bash
# Shared by scripts/cluster and scripts/systest: rendering the nginx/keepalived templates and
# starting nginx with its own prefix.

# render_nginx PREFIX LISTEN APP1 APP2 WEBROOT [TIER]: a ready nginx prefix (conf/, logs/)
render_nginx() {
    local prefix="$1" listen="$2" app1="$3" app2="$4" webroot="$5" tier="${6:-1}" f
    mkdir -p "$prefix/conf" "$prefix/logs"
    for f in "$ROOT"/nginx/*.conf; do
        sed -e "s|@LISTEN@|$listen|g" -e "s|@APP1@|$app1|g" -e "s|@APP2@|$app2|g" \
            -e "s|@WEBROOT@|$webroot|g" "$f" >"$prefix/conf/$(basename "$f")"
    done
    ln -sfn "upstream-tier$tier.conf" "$prefix/conf/upstream-current.conf"
}

# nginx_cmd PREFIX: the command line of that nginx (for -t, -s reload, start)
nginx_cmd() {
    printf 'nginx -p %s/ -c %s/conf/nginx.conf' "$1" "$1"
}

nginx_pid() {
    local pid
    pid="$(cat "$1/logs/nginx.pid" 2>/dev/null)" || return 1
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

# ensure_packages CMD:PACKAGE...: apt-get install what is missing (fresh Debian)
ensure_packages() {
    local want=() pair sudo=""
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "${pair%%:*}" >/dev/null 2>&1 ||
            want+=("${pair#*:}")
    done
    [[ ${#want[@]} == 0 ]] && return 0
    [[ $EUID -eq 0 ]] || sudo="sudo -n"
    echo "installing ${want[*]} (apt-get) ..."
    $sudo apt-get update -q >/dev/null || return 1
    # an interrupted earlier installation blocks apt until dpkg finishes configuring it
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${want[@]}" >/dev/null 2>&1 || {
        $sudo env DEBIAN_FRONTEND=noninteractive dpkg --configure -a >/dev/null 2>&1
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${want[@]}" >/dev/null
    }
}
