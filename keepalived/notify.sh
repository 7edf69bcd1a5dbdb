#!/usr/bin/env bash
#
# Keepalived notify script: records every state change and mails the operators (thesis 4.2.3: the
# administrators are told by mail when the master fails).
#
#   notify.sh STATE_DIR NODE TYPE NAME STATE PRIORITY     (keepalived appends the last four)
#
# STATE_DIR/notify.env may set MAIL_TO (comma separated), SMTP_HOST, SMTP_PORT, MAIL_FROM; without
# SMTP_HOST only the record STATE_DIR/notify.log is written. The mail goes out with curl's SMTP client.
state_dir="${1:?usage: notify.sh STATE_DIR NODE TYPE NAME STATE PRIORITY}"
node="${2:?}"
type="${3:-INSTANCE}" name="${4:-?}" state="${5:-?}" prio="${6:-?}"
MAIL_TO="" SMTP_HOST="" SMTP_PORT=25 MAIL_FROM="keepalived@localhost"
# shellcheck disable=SC1091
[[ -r $state_dir/notify.env ]] && . "$state_dir/notify.env"

when="$(date '+%F %T')"
line="$when $node $type $name -> $state (priority $prio)"
echo "$line" >>"$state_dir/notify.log"
[[ -n $SMTP_HOST && -n $MAIL_TO ]] || exit 0

mail="$(mktemp)"
trap 'rm -f "$mail"' EXIT
{
    printf 'From: %s\r\nTo: %s\r\nSubject: [wxplatform] %s %s is now %s\r\nDate: %s\r\n\r\n' \
        "$MAIL_FROM" "$MAIL_TO" "$node" "$name" "$state" "$(date -R)"
    printf '%s\r\n\r\nKeepalived on %s reports that %s %s changed to %s.\r\n' "$line" "$node" "$type" "$name" "$state"
    [[ $state == MASTER ]] && printf 'This node now holds the virtual address(es) of %s.\r\n' "$name"
    [[ $state == FAULT || $state == STOP ]] && printf 'This node gave up the virtual address(es) of %s: check it.\r\n' "$name"
} >"$mail"
rcpts=()
IFS=',' read -r -a tos <<<"$MAIL_TO"
for to in "${tos[@]}"; do rcpts+=(--mail-rcpt "${to// /}"); done
curl -s -m 10 --url "smtp://$SMTP_HOST:$SMTP_PORT" --mail-from "$MAIL_FROM" "${rcpts[@]}" -T "$mail" \
    || echo "$when $node mail to $MAIL_TO via $SMTP_HOST:$SMTP_PORT FAILED" >>"$state_dir/notify.log"
