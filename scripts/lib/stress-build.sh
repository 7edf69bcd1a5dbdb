# shellcheck shell=bash
# Compiles tools/stress/wxstress.c into .wxp/bin/wxstress when missing or older than the source
# (installs gcc with apt-get on a fresh Debian) and raises the open-files limit to the hard limit.

wxstress_bin() {
    local src="$ROOT/tools/stress/wxstress.c" bin="$ROOT/.wxp/bin/wxstress" sudo=""
    if [[ ! -x $bin || $src -nt $bin ]]; then
        if ! command -v gcc >/dev/null 2>&1; then
            [[ $EUID -eq 0 ]] || sudo="sudo -n"
            echo "installing gcc (apt-get) to build the stress tools ..." >&2
            $sudo apt-get update -q >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -q gcc libc6-dev >/dev/null || {
                echo "stress tools: gcc is missing and apt-get install gcc failed" >&2
                return 1
            }
        fi
        mkdir -p "$(dirname "$bin")"
        gcc -O2 -Wall -o "$bin.tmp" "$src" -lm >&2 && mv "$bin.tmp" "$bin" || {
            echo "stress tools: compiling $src failed" >&2
            return 1
        }
    fi
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    printf '%s' "$bin"
}
