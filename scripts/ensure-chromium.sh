#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (test/n8n/login-browser.test.ts
# drives the login forms in it through playwright-core). Installs it with apt-get when running as
# root; otherwise says what to run. Prints CHROMIUM_PATH=<path> on success.
# Env: CHROMIUM_PATH (another Chromium binary to use instead of /usr/bin/chromium).
set -euo pipefail

path="${CHROMIUM_PATH:-/usr/bin/chromium}"

works() { "$1" --headless --no-sandbox --version >/dev/null 2>&1; }

if [[ -x "$path" ]] && works "$path"; then
	echo "CHROMIUM_PATH=$path"
	exit 0
fi
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
	echo "ensure-chromium: CHROMIUM_PATH=$path does not run ('$path --version' failed)" >&2
	exit 1
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-chromium: $path is missing. Install Debian's Chromium (as root:" \
		"apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium binary." >&2
	exit 1
fi

echo 'ensure-chromium: installing Debian chromium with apt-get (a few minutes)...' >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing or stale in a fresh container: refresh them once if needed.
if ! apt-get install -y chromium >&2; then
	apt-get update >&2
	apt-get install -y chromium >&2
fi
if ! works "$path"; then
	echo "ensure-chromium: chromium was installed but '$path --version' fails" >&2
	exit 1
fi
echo "CHROMIUM_PATH=$path"
