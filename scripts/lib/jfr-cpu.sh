#!/usr/bin/env bash
#
# Where the CPU goes, from a JFR recording of the product (scripts/bench callback --profile):
#
#   scripts/lib/jfr-cpu.sh recording.jfr
#
# Reads the execution samples (jdk.ExecutionSample: Java threads running Java or JIT-compiled code, every
# 10-20 ms with the `profile` settings) and prints two Markdown tables:
#   1. self time by the component of the sampled (top) frame: what the CPU was executing;
#   2. inclusive time by stage of the callback: the share of samples with that stage anywhere on the
#      stack (a sample is in one stage: the innermost listed stage on its stack).
# Native time outside the JVM (the kernel's TCP stack, MariaDB, Redis) is not in these samples: the bench
# report gives the machine's user/system split and the product's CPU seconds per callback beside them.
set -euo pipefail
[[ $# == 1 && -f $1 ]] || {
    echo "usage: $0 recording.jfr" >&2
    exit 2
}
jfr print --events jdk.ExecutionSample --stack-depth 96 "$1" | awk '
function component(f) {
    if (f ~ /^org\.wxplatform\.message\.xml\./) return "product: XML (SafeXml, InboundParser, templates)"
    if (f ~ /^org\.wxplatform\.message\.crypto\./) return "product: crypto glue (MessageCrypto, Signatures)"
    if (f ~ /^org\.wxplatform\./) return "product: other code"
    if (f ~ /^com\.sun\.org\.apache\.xerces|^javax\.xml|^jdk\.xml|^com\.sun\.xml/) return "JDK XML parser"
    if (f ~ /^com\.sun\.crypto|^sun\.security|^javax\.crypto|^java\.security|^java\.util\.Base64/) return "JDK crypto (AES, SHA-1, Base64)"
    if (f ~ /^com\.mysql\./) return "JDBC driver (Connector/J)"
    if (f ~ /^org\.jboss\.jca|^org\.jboss\.as\.connector|^io\.agroal/) return "datasource pool (IronJacamar)"
    if (f ~ /^redis\.clients\./) return "Redis client (Jedis)"
    if (f ~ /^org\.apache\.commons\.pool2/) return "Redis pool (commons-pool2)"
    if (f ~ /^io\.undertow|^org\.xnio|^org\.wildfly\.extension\.undertow/) return "Undertow / XNIO (HTTP)"
    if (f ~ /^org\.jboss\.weld/) return "Weld (CDI proxies, events)"
    if (f ~ /^org\.jboss\.logmanager|^java\.util\.logging|^org\.jboss\.logging/) return "logging (access log)"
    if (f ~ /^com\.rabbitmq\./) return "RabbitMQ client"
    if (f ~ /^sun\.nio\.ch|^java\.net|^sun\.net|^java\.nio\.channels|^java\.io\.(FileOutputStream|FileDescriptor)/) return "JDK socket and file I/O"
    if (f ~ /^java\.lang\.(String|StringBuilder|AbstractStringBuilder|StringLatin1|StringUTF16|StringCoding)|^java\.nio\.charset|^sun\.nio\.cs/) return "JDK strings and charsets"
    if (f ~ /^java\.util\.(HashMap|LinkedHashMap|ArrayList|concurrent|regex|Arrays|ArrayDeque|ImmutableCollections)/) return "JDK collections, concurrency, regex"
    if (f ~ /^java\.|^jdk\.|^sun\./) return "JDK other"
    if (f ~ /^org\.jboss\.|^org\.wildfly\./) return "WildFly other (security, EE context)"
    return "other"
}
/^jdk\.ExecutionSample/ { n = 0; inStack = 0; next }
/stackTrace = \[/ { inStack = 1; next }
inStack && /^ *\]/ {
    inStack = 0
    if (n == 0) next
    total++
    self[component(top)]++
    next
}
inStack {
    line = $0
    sub(/^ +/, "", line)
    if (line == "...") next
    sub(/\(.*/, "", line)
    if (++n == 1) top = line
}
END {
    if (total == 0) { print "no execution samples in the recording"; exit 1 }
    printf "%d execution samples\n\n", total
    print "| component (self time: the sampled frame) | samples | share |"
    print "|---|---:|---:|"
    cmd = "sort -t\"\t\" -k2,2nr"
    for (k in self) printf "%s\t%d\n", k, self[k] | cmd
    close(cmd)
}' | awk -F'\t' -v OFS='' '
NF == 2 { rows[++r] = $1; counts[r] = $2; sum += $2; next }
{ print }
END { for (i = 1; i <= r; i++) printf "| %s | %d | %.1f %% |\n", rows[i], counts[i], 100 * counts[i] / sum }'
echo
jfr print --events jdk.ExecutionSample --stack-depth 96 "$1" | awk '
function stage(f) {
    if (f ~ /^org\.wxplatform\.log\.user\.(UserLogStream\.(drain|next|write)|UserLogWriter\.)/) return "user log: batch writer (its own thread)"
    if (f ~ /^org\.wxplatform\.log\.user\.UserLog/) return "user log: in the callback (append, or the row itself)"
    if (f ~ /^org\.wxplatform\.message\.dedupe\.RepeatScreen\./) return "repeat screen (router)"
    if (f ~ /^org\.wxplatform\.message\.route\.MessageRouter\.route/) return "routing (auto-reply, binding state)"
    if (f ~ /^org\.wxplatform\.message\.crypto\.MessageCrypto\.encryptReply/) return "encrypt and sign the reply"
    if (f ~ /^org\.wxplatform\.message\.xml\.ReplyRenderer\./) return "render the reply"
    if (f ~ /^org\.wxplatform\.message\.crypto\.MessageCrypto\.decryptVerified/) return "verify and decrypt"
    if (f ~ /^org\.wxplatform\.message\.xml\.(SafeXml|InboundParser)\./) return "read and parse XML (body, envelope, message)"
    if (f ~ /^org\.wxplatform\.message\.dedupe\.MessageReceipts\./) return "Redis gate: replay, claim, screen; reply kept"
    if (f ~ /^org\.wxplatform\.message\.CallbackService\./) return "callback service, other"
    if (f ~ /^org\.wxplatform\.message\.web\.CallbackServlet\./) return "servlet: read body, write answer"
    if (f ~ /^io\.undertow\.servlet\./) return "servlet container (filters, security, CDI context)"
    if (f ~ /^io\.undertow\.|^org\.xnio\./) return "HTTP I/O (Undertow, XNIO)"
    return ""
}
/^jdk\.ExecutionSample/ { n = 0; inStack = 0; next }
/stackTrace = \[/ { inStack = 1; next }
inStack && /^ *\]/ {
    inStack = 0
    if (n == 0) next
    total++
    s = ""
    for (i = 1; i <= n && s == ""; i++) s = stage(frames[i])
    for (i = 1; i <= n && s == ""; i++) if (frames[i] ~ /^org\.wxplatform\./) s = "product, other background work (heartbeat, monitor, queues)"
    if (s == "") s = "other threads (GC helpers, JIT, timers, JFR)"
    inc[s]++
    next
}
inStack {
    line = $0
    sub(/^ +/, "", line)
    if (line == "...") next
    sub(/\(.*/, "", line)
    frames[++n] = line
}
END {
    print "| stage (the innermost one on the stack) | samples | share |"
    print "|---|---:|---:|"
    cmd = "sort -t\"\t\" -k2,2nr"
    for (k in inc) printf "%s\t%d\t%.1f\n", k, inc[k], 100 * inc[k] / total | cmd
    close(cmd)
}' | awk -F'\t' 'NF == 3 { printf "| %s | %d | %s %% |\n", $1, $2, $3; next } { print }'
