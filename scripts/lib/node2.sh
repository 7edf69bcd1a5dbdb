# A second node of the product's WAR for the benchmarks (sourced by scripts/bench and its parts).
# shellcheck shell=bash
#
#   node2_start PORT DIR   starts target/wxplatform.war on target/server with its own base directory
#                          DIR, sharing the database, Redis and RabbitMQ of the caller's WXP_* environment
#                          (which must be the product's); waits for /health; sets node2_pid
#   node2_launch PORT DIR  the same without waiting; node2_wait then waits for /health
#   node2_stop             stops it (SIGTERM, then SIGKILL after 20 s)
#   node2_kill             kills it at once (SIGKILL), as a crash would
#
# Needs ROOT, pw (the admin password) and fail from the caller.

node2_start() {
    node2_launch "$@"
    node2_wait
}

# node2_launch PORT DIR starts it without waiting; node2_wait waits for its /health
node2_launch() {
    local port="$1" dir="$2" server="$ROOT/target/server" war="$ROOT/target/wxplatform.war"
    [[ -x $server/bin/standalone.sh && -f $war ]] || fail "the second node needs target/server and target/wxplatform.war (scripts/run builds them)"
    rm -rf "$dir"
    mkdir -p "$dir/deployments"
    cp -r "$server/standalone/configuration" "$dir/configuration"
    cp "$war" "$dir/deployments/wxplatform.war"
    [[ -n ${WXP_SECRET_KEY:-} || -n ${WXP_SECRET_KEY_FILE:-} || ! -s $ROOT/.wxp/secret.key ]] || export WXP_SECRET_KEY_FILE="$ROOT/.wxp/secret.key"
    [[ -n ${WXP_ADMIN_PASSWORD:-} ]] || export WXP_ADMIN_PASSWORD="$pw"
    WXP_HTTP_PORT="$port" WXP_SANDBOX="${WXP_SANDBOX:-true}" JBOSS_JAVA_SIZING="${WXP_JAVA_SIZING:--Xms1g -Xmx1g -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=384m}" \
        setsid "$server/bin/standalone.sh" -b 127.0.0.1 -Djboss.server.base.dir="$dir" \
        -Djboss.socket.binding.port-offset=$((port - 8080)) -Djboss.node.name="bench$port" >"$dir/console.log" 2>&1 </dev/null &
    node2_pid=$! node2_port="$port" node2_dir="$dir"
}

node2_wait() {
    for _ in $(seq 1 240); do
        curl -sf -o /dev/null "http://127.0.0.1:$node2_port/health" && return 0
        kill -0 "$node2_pid" 2>/dev/null || fail "the second node exited (see ${node2_dir#"$ROOT"/}/console.log)"
        sleep 0.5
    done
    fail "the second node is not healthy (see ${node2_dir#"$ROOT"/}/console.log)"
}

node2_stop() {
    [[ -n ${node2_pid:-} ]] || return 0
    kill -TERM -- "-$node2_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
        kill -0 "$node2_pid" 2>/dev/null || break
        sleep 0.5
    done
    kill -KILL -- "-$node2_pid" 2>/dev/null || true
    node2_pid=
}

node2_kill() {
    [[ -n ${node2_pid:-} ]] || return 0
    # the launcher script and its java child share the process group
    kill -KILL -- "-$node2_pid" 2>/dev/null || true
    wait "$node2_pid" 2>/dev/null || true
    node2_pid=
}
