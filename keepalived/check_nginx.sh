#!/usr/bin/env bash
#
# vrrp_script of the nginx pair (thesis 4.2.3 ②): is nginx running? If not, start it; if it still
# does not run 0.5 s later (or nginx refuses to start at all), stop keepalived at once so that the
# backup takes the virtual address (the whole failover stays within 3 s, docs/topology.md).
#
#   check_nginx.sh NGINX_PREFIX KEEPALIVED_PIDFILE
#
# NGINX_PREFIX holds conf/nginx.conf and logs/nginx.pid (nginx -p). Exit 0: nginx runs.
prefix="${1:?usage: check_nginx.sh NGINX_PREFIX KEEPALIVED_PIDFILE}"
ka_pidfile="${2:?usage: check_nginx.sh NGINX_PREFIX KEEPALIVED_PIDFILE}"
export PATH="$PATH:/usr/sbin:/sbin"

running() {
    local pid
    pid="$(cat "$prefix/logs/nginx.pid" 2>/dev/null)" || return 1
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == nginx ]] &&
        # a killed master not yet reaped (zombie) is not running
        ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}

running && exit 0
echo "$(date '+%F %T') nginx is not running: starting it" >>"$prefix/logs/check_nginx.log"
if nginx -p "$prefix/" -c "$prefix/conf/nginx.conf" >>"$prefix/logs/check_nginx.log" 2>&1; then
    # the master daemonized: give it a moment to write its pid file
    for _ in 1 2 3 4 5; do
        running && exit 0
        sleep 0.1
    done
fi
running && exit 0
echo "$(date '+%F %T') nginx does not start: stopping keepalived (the backup takes the address)" >>"$prefix/logs/check_nginx.log"
pid="$(cat "$ka_pidfile" 2>/dev/null)"
[[ $pid =~ ^[0-9]+$ ]] && kill -TERM "$pid"
exit 1
