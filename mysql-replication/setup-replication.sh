#!/usr/bin/env bash
#
# Mutual replication of the two masters (thesis 4.2.5 ②-④): a replication user on each side (not
# replicated), then each master replicates the other, by GTID. Idempotent; run it once both servers
# run with master1.cnf / master2.cnf and hold the same data (both fresh, or one copied from the other).
#
#   setup-replication.sh MASTER1_HOST[:PORT] MASTER2_HOST[:PORT]
#
# Environment:
#   ADMIN_USER / ADMIN_PASSWORD   an account with SUPER (or REPLICATION ADMIN) and CREATE USER on both
#   REPL_USER / REPL_PASSWORD     the replication account to create (default repl / required)
#   REPL_FROM                     host pattern the replication account may connect from (default %)
#
# MariaDB: CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos. MySQL 8 (detected by VERSION()):
# CHANGE REPLICATION SOURCE TO ... SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1 (the
# caching_sha2_password account without TLS needs the server's public key); MySQL needs gtid_mode=ON
# and enforce_gtid_consistency=ON in both cnf files for that (see README.md here).
set -euo pipefail

m1="${1:?usage: setup-replication.sh MASTER1_HOST[:PORT] MASTER2_HOST[:PORT]}"
m2="${2:?usage: setup-replication.sh MASTER1_HOST[:PORT] MASTER2_HOST[:PORT]}"
: "${ADMIN_USER:?set ADMIN_USER (and ADMIN_PASSWORD)}"
: "${REPL_PASSWORD:?set REPL_PASSWORD, the password of the replication account}"
REPL_USER="${REPL_USER:-repl}"
REPL_FROM="${REPL_FROM:-%}"
client="$(command -v mariadb || command -v mysql)" || { echo "setup-replication: no mariadb/mysql client" >&2; exit 1; }

host_of() { printf '%s' "${1%%:*}"; }
port_of() { [[ $1 == *:* ]] && printf '%s' "${1##*:}" || printf 3306; }
sql() { # sql SERVER STATEMENTS
    MYSQL_PWD="${ADMIN_PASSWORD:-}" "$client" --protocol=tcp -h"$(host_of "$1")" -P"$(port_of "$1")" \
        -u"$ADMIN_USER" -N -B -e "$2"
}
q() { local s="${1//\\/\\\\}"; printf "'%s'" "${s//\'/\'\'}"; }

is_mysql8() { ! sql "$1" 'SELECT VERSION()' | grep -qi mariadb; }

create_user() {
    sql "$1" "SET sql_log_bin = 0;
        CREATE USER IF NOT EXISTS $(q "$REPL_USER")@$(q "$REPL_FROM") IDENTIFIED BY $(q "$REPL_PASSWORD");
        ALTER USER $(q "$REPL_USER")@$(q "$REPL_FROM") IDENTIFIED BY $(q "$REPL_PASSWORD");
        GRANT REPLICATION SLAVE ON *.* TO $(q "$REPL_USER")@$(q "$REPL_FROM");
        SET sql_log_bin = 1;"
}

replicate_from() { # replicate_from REPLICA SOURCE
    local src_host src_port
    src_host="$(host_of "$2")"
    src_port="$(port_of "$2")"
    if is_mysql8 "$1"; then
        sql "$1" "STOP REPLICA;
            CHANGE REPLICATION SOURCE TO SOURCE_HOST=$(q "$src_host"), SOURCE_PORT=$src_port,
              SOURCE_USER=$(q "$REPL_USER"), SOURCE_PASSWORD=$(q "$REPL_PASSWORD"),
              SOURCE_CONNECT_RETRY=1, SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1;
            START REPLICA;"
    else
        sql "$1" "STOP SLAVE;
            CHANGE MASTER TO MASTER_HOST=$(q "$src_host"), MASTER_PORT=$src_port,
              MASTER_USER=$(q "$REPL_USER"), MASTER_PASSWORD=$(q "$REPL_PASSWORD"),
              MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=slave_pos;
            START SLAVE;"
    fi
}

# replica_state SERVER: "IO SQL Master_Host Last_Error" from SHOW SLAVE STATUS
replica_state() {
    MYSQL_PWD="${ADMIN_PASSWORD:-}" "$client" --protocol=tcp -h"$(host_of "$1")" -P"$(port_of "$1")" \
        -u"$ADMIN_USER" -e 'SHOW SLAVE STATUS\G' |
        awk -F': ' '/ (Slave_IO_Running|Replica_IO_Running):/ {io=$2} / (Slave_SQL_Running|Replica_SQL_Running):/ {sq=$2}
                    / (Master_Host|Source_Host):/ {h=$2} / Last_Error:/ {e=$2} END {print io, sq, h, e}'
}

for m in "$m1" "$m2"; do
    create_user "$m"
done
replicate_from "$m1" "$m2"
replicate_from "$m2" "$m1"

ok=0
for _ in $(seq 1 30); do
    s1="$(replica_state "$m1")"
    s2="$(replica_state "$m2")"
    if [[ $s1 == "Yes Yes "* && $s2 == "Yes Yes "* ]]; then ok=1; break; fi
    sleep 1
done
echo "master1 $m1 replicates from $(awk '{print $3}' <<<"$s1"): IO/SQL $(awk '{print $1 "/" $2}' <<<"$s1")"
echo "master2 $m2 replicates from $(awk '{print $3}' <<<"$s2"): IO/SQL $(awk '{print $1 "/" $2}' <<<"$s2")"
[[ $ok == 1 ]] || { echo "setup-replication: replication is not running on both sides ($s1 | $s2)" >&2; exit 1; }
