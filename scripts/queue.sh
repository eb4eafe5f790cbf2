#!/usr/bin/env bash
# n8n queue mode against the loopback Telegram server: starts PostgreSQL and Redis (Debian's
# packages) on 127.0.0.1 with their data in a temp folder, runs the queue tests (test/queue: an n8n
# main and two workers of the pinned n8n, the fault soak) and stops both again, also on Ctrl+C.
#   npm run test:queue                      # full size (QUEUE_SIZE=full)
#   QUEUE_SIZE=ci npm run test:queue        # the reduced run CI makes
#   QUEUE_SIZE=nightly npm run test:queue   # the long soak
# Extra arguments go to jest (e.g. -t 'pace').
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "[queue] $*" >&2; }

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [[ -z $pg_bin || ! -x $pg_bin/initdb ]] || ! command -v redis-server >/dev/null; then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
		log 'installing postgresql and redis-server (Debian packages)'
		# RUNLEVEL=1: install only; the system services must not start on their default ports.
		# A fresh machine may have no package lists yet.
		apt-get update -q >&2 || log 'apt-get update failed; trying the install with the lists at hand'
		DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -q postgresql redis-server >&2
		pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
	else
		log 'needs PostgreSQL (initdb, pg_ctl) and redis-server: apt-get install postgresql redis-server'
		exit 1
	fi
fi

free_port() {
	node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{const p=s.address().port;s.close(()=>console.log(p))})"
}

data="$(mktemp -d "${TMPDIR:-/tmp}/n8n-telegram-queue-XXXXXX")"
pg_port="$(free_port)"
redis_port="$(free_port)"
redis_pid=''
# PostgreSQL refuses to run as root: its cluster belongs to the postgres user then.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
	chown postgres "$data"
	as_pg=(runuser -u postgres --)
fi

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	if [[ -n $redis_pid ]]; then kill "$redis_pid" 2>/dev/null || true; fi
	if [[ -f $data/pg/postmaster.pid ]]; then
		"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$data/pg" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [[ -n $redis_pid ]]; then wait "$redis_pid" 2>/dev/null || true; fi
	rm -rf "$data"
	log "services stopped, $data removed"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port, data in $data"
"${as_pg[@]}" "$pg_bin/initdb" -D "$data/pg" -U postgres --auth=trust -E UTF8 >/dev/null
# Durability is not what these tests measure: skip fsync so 2 shared cores stay free for n8n.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$data/pg" -l "$data/pg.log" -w -t 60 start \
	-o "-p $pg_port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$data" \
	--logfile "$data/redis.log" &
redis_pid=$!
for _ in $(seq 50); do
	redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break
	sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null

export QUEUE_PG_HOST=127.0.0.1 QUEUE_PG_PORT="$pg_port" QUEUE_PG_USER=postgres
export QUEUE_REDIS_HOST=127.0.0.1 QUEUE_REDIS_PORT="$redis_port"
export QUEUE_SIZE="${QUEUE_SIZE:-full}"
log "running the queue tests (size: $QUEUE_SIZE)"
# Not exec: the trap must still stop the services when jest ends.
status=0
npx jest -c test/queue/jest.config.js --maxWorkers=1 "$@" || status=$?
exit "$status"
