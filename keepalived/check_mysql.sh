#!/usr/bin/env bash
#
# vrrp_script of the MySQL pair. Healthy (exit 0) when the local server answers, has been up for
# 10 s, and - if it is replicating from its peer right now - is at most 1 s behind it (and its
# SQL thread runs). A master that has just rejoined is so
# kept from taking its virtual address back before it caught up; a master whose peer is down (its
# replication is not connected) stays healthy. A failing check puts this side's instances in FAULT, so
# their virtual addresses move to the peer.
#
#   check_mysql.sh [SOCKET]      (default /run/mysqld/mysqld.sock; root through the socket)
sock="${1:-/run/mysqld/mysqld.sock}"
client="$(command -v mariadb || command -v mysql)" || exit 1
out="$(timeout 2 "$client" --socket="$sock" -uroot -e "SHOW GLOBAL STATUS LIKE 'Uptime'; SHOW SLAVE STATUS\G" 2>/dev/null)" || exit 1
uptime="$(awk '$1 == "Uptime" {print $2}' <<<"$out")"
[[ $uptime =~ ^[0-9]+$ ]] && ((uptime >= 10)) || exit 1
io="$(awk -F': ' '/ Slave_IO_Running:/ {print $2}' <<<"$out")"
[[ $io == Yes ]] || exit 0
behind="$(awk -F': ' '/ Seconds_Behind_Master:/ {print $2}' <<<"$out")"
# lagging more than a second behind its peer (or its SQL thread stopped): not fit to take writes
[[ $behind =~ ^[0-9]+$ ]] && ((behind <= 1))
