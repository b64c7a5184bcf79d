#!/bin/sh
# Records one event with the venice-events proxy: one JSON line over TCP, one reply line back (README,
# "Recording from other languages"). POSIX sh, awk, sed and the nc of netcat-openbsd (apt-get install
# netcat-openbsd: other netcats lack -N); no jq, so that it runs on a bare host.
#
# usage: record-event.sh --type TYPE --severity SEVERITY --component COMPONENT [--message TEXT] [--node NODE]
#                        [--object-kind KIND] [--object-name NAME] [--uuid UUID]
#                        [--host HOST] [--port PORT] [--timeout SECONDS] [--print]
#
# Every option can come from the environment instead (an option wins over its variable): VENICE_TYPE,
# VENICE_SEVERITY, VENICE_COMPONENT, VENICE_MESSAGE, VENICE_NODE, VENICE_OBJECT_KIND, VENICE_OBJECT_NAME,
# VENICE_UUID, VENICE_PROXY_HOST (default 127.0.0.1), VENICE_PROXY_PORT (9012), VENICE_TIMEOUT (5 seconds).
#
# Prints the proxy's reply line on stdout. Exit status:
#   0  the proxy took the event
#   1  the proxy refused it (its error on stderr); sending it again will not help
#   2  bad usage
#   3  not taken: no proxy, no reply within the timeout, or a reply with "retry":true; send it again later
#      (with the same --uuid, so that the proxy does not count it twice if it had taken it after all)
# --print prints the event's JSON line instead of sending it, to send many on one connection:
#   { record-event.sh --print ...; record-event.sh --print ...; } | nc -N -w 5 127.0.0.1 9012
set -u

me=${0##*/}

# The usage lines above, and exit: with status 2 (bad usage, on stderr) or $1 (0 for --help, on stdout).
usage() {
    status=${1:-2}
    fd=2
    [ "$status" -ne 0 ] || fd=1
    { sed -n '6,8s/^# \{0,1\}//p' "$0"; echo "(more in the comment at the top of $0)"; } >&"$fd"
    exit "$status"
}

type=${VENICE_TYPE:-}
severity=${VENICE_SEVERITY:-}
component=${VENICE_COMPONENT:-}
message=${VENICE_MESSAGE:-}
node=${VENICE_NODE:-}
object_kind=${VENICE_OBJECT_KIND:-}
object_name=${VENICE_OBJECT_NAME:-}
uuid=${VENICE_UUID:-}
host=${VENICE_PROXY_HOST:-127.0.0.1}
port=${VENICE_PROXY_PORT:-9012}
timeout=${VENICE_TIMEOUT:-5}
print_only=false

while [ $# -gt 0 ]; do
    case $1 in
        --print) print_only=true; shift; continue ;;
        -h|--help) usage 0 ;;
        --type|--severity|--component|--message|--node|--object-kind|--object-name|--uuid|--host|--port|--timeout)
            [ $# -ge 2 ] || { echo "$me: $1 needs a value" >&2; usage; } ;;
        *) echo "$me: unknown argument '$1'" >&2; usage ;;
    esac
    case $1 in
        --type) type=$2 ;;
        --severity) severity=$2 ;;
        --component) component=$2 ;;
        --message) message=$2 ;;
        --node) node=$2 ;;
        --object-kind) object_kind=$2 ;;
        --object-name) object_name=$2 ;;
        --uuid) uuid=$2 ;;
        --host) host=$2 ;;
        --port) port=$2 ;;
        --timeout) timeout=$2 ;;
    esac
    shift 2
done

# Only what a line cannot do without is checked here; the proxy checks the rest (a severity, a type in its
# catalog, a uuid) and says what is wrong.
for required in type severity component; do
    eval "value=\$$required"
    [ -n "$value" ] || { echo "$me: --$required is required" >&2; usage; }
done
case $port in ''|*[!0-9]*) echo "$me: --port must be a number, got '$port'" >&2; usage ;; esac
case $timeout in ''|*[!0-9]*|0) echo "$me: --timeout must be whole seconds (1 or more), got '$timeout'" >&2; usage ;; esac

# $1 as a JSON string literal: quotes, backslashes and every control character escaped, all other bytes kept as
# they are (UTF-8 text stays UTF-8). The value goes through the environment, not awk -v (which would interpret
# its backslashes), and LC_ALL=C makes awk work on bytes whatever the locale.
json_string() {
    JSON_VALUE=$1 LC_ALL=C awk 'BEGIN {
        for (i = 1; i < 32; i++) escaped[sprintf("%c", i)] = sprintf("\\u%04x", i)
        escaped["\n"] = "\\n"; escaped["\r"] = "\\r"; escaped["\t"] = "\\t"
        escaped["\""] = "\\\""; escaped["\\"] = "\\\\"
        s = ENVIRON["JSON_VALUE"]
        printf "\""
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            printf "%s", ((c in escaped) ? escaped[c] : c)
        }
        printf "\""
    }'
}

line="{\"type\":$(json_string "$type"),\"severity\":$(json_string "$severity")"
if [ -n "$message" ]; then line="$line,\"message\":$(json_string "$message")"; fi
if [ -n "$uuid" ]; then line="$line,\"meta\":{\"uuid\":$(json_string "$uuid")}"; fi
line="$line,\"source\":{\"component\":$(json_string "$component")"
if [ -n "$node" ]; then line="$line,\"node-name\":$(json_string "$node")"; fi
line="$line}"
if [ -n "$object_kind$object_name" ]; then
    ref=""
    if [ -n "$object_kind" ]; then ref="\"kind\":$(json_string "$object_kind")"; fi
    if [ -n "$object_name" ]; then ref="$ref${ref:+,}\"name\":$(json_string "$object_name")"; fi
    line="$line,\"object-ref\":{$ref}"
fi
line="$line}"

if $print_only; then
    printf '%s\n' "$line"
    exit 0
fi

if ! command -v nc >/dev/null 2>&1; then
    echo "$me: nc not found: install netcat-openbsd (apt-get install netcat-openbsd)" >&2
    exit 3
fi

# -N: shut our side down after the line, so that the proxy answers it and closes the connection; -w: give up
# when connecting or waiting for the reply takes longer than the timeout; -v: say why a connection failed. The
# reply is the line that is JSON; the other lines are nc's own ("Connection to ... succeeded!", "connect to
# ... failed: Connection refused").
output=$(printf '%s\n' "$line" | nc -v -N -w "$timeout" "$host" "$port" 2>&1)
reply=$(printf '%s\n' "$output" | sed -n '/^{/p')
problem=$(printf '%s\n' "$output" | sed '/^{/d' | tr '\n' ' ' | sed 's/ *$//')

if [ -z "$reply" ]; then
    case $problem in
        *succeeded*)
            echo "$me: no reply from the proxy at $host:$port within $timeout s; it may have taken the event or not" \
                "(send it again with the same --uuid)" >&2 ;;
        *)
            echo "$me: cannot reach the proxy at $host:$port${problem:+ ($problem)}; the event was not recorded" >&2 ;;
    esac
    exit 3
fi
printf '%s\n' "$reply"
case $reply in
    *'"status":"ok"'*) exit 0 ;;
esac
# The error as the reply has it (a JSON string's content: a quote in it shows as \").
error=$(printf '%s\n' "$reply" | sed -n 's/.*"error":"\([^"\\]*\(\\.[^"\\]*\)*\)".*/\1/p')
case $reply in
    *'"retry":true'*)
        echo "$me: the proxy did not take the event, send it again later: $error" >&2
        exit 3 ;;
esac
echo "$me: the proxy refused the event: $error" >&2
exit 1
