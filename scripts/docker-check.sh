#!/usr/bin/env bash
# Builds the image and runs it as an operator would, read-only root filesystem included:
#   1. `--once "/help"` answers;
#   2. the bot polling the fake Telegram and reading the fake Binance (test/support/serveFakes.ts on
#      the host) serves /healthz with 200, Docker's HEALTHCHECK turns healthy, nothing was written
#      outside /app/data and /tmp, and `docker stop` ends it cleanly (exit 0) within 10 s;
#   3. when Postgres answers (PG_TEST_URL, default postgres://postgres@127.0.0.1:5432/test), two
#      replicas on it both serve /healthz and exactly one of them leads.
# Exit 0 when every check passed, or with a "skipped: …" line when no Docker engine can be had;
# exit 1 when a check failed. Machines without Docker Hub get an engine and the base image from
# ../shared/tools/docker-offline.sh (DOCKER_OFFLINE overrides the path); everything runs on the
# host network, as that script requires.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TAG=${DOCKER_CHECK_TAG:-basisbot:check}
HELPER=${DOCKER_OFFLINE:-$ROOT/../shared/tools/docker-offline.sh}
PG_URL=${PG_TEST_URL:-postgres://postgres@127.0.0.1:5432/test}
RUN_ID=basisbot-check-$$
TMP=$(mktemp -d)
say() { printf 'docker-check: %s\n' "$*"; }
skip() { say "skipped: $*"; exit 0; }
fail() { say "FAILED: $*"; exit 1; }

containers=()
pids=()
cleanup() {
  for c in "${containers[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
  [ ${#containers[@]} -eq 0 ] || docker volume rm -f "$RUN_ID-data" >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

# --- an engine --------------------------------------------------------------------------------
command -v docker >/dev/null 2>&1 || [ -x "$HELPER" ] || skip "no docker command and no $HELPER to install one"
if [ -x "$HELPER" ]; then
  # Idempotent: starts dockerd if needed and provides node:20-bookworm-slim when Docker Hub is out of reach.
  rc=0
  "$HELPER" >"$TMP/docker-offline.log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || skip "no Docker engine can be had here ($HELPER exited $rc: $(tail -n 1 "$TMP/docker-offline.log"))"
fi
docker info >/dev/null 2>&1 || skip "the Docker engine does not answer (docker info)"

# --- build --------------------------------------------------------------------------------------
started=$(date +%s)
docker build --network host -t "$TAG" . >"$TMP/build.log" 2>&1 || { tail -n 40 "$TMP/build.log"; fail "docker build"; }
say "built $TAG in $(($(date +%s) - started)) s ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%d MB", $1/1e6}'))"
[ "$(docker run --rm --entrypoint id "$TAG" -u)" != 0 ] || fail "the image runs as root"

# Every run below is read-only but for the data volume and a tmpfs on /tmp.
RO=(--network host --read-only --tmpfs /tmp)

# --- 1. --once ------------------------------------------------------------------------------------
out=$(docker run --rm "${RO[@]}" "$TAG" --once "/help" 2>"$TMP/once.err") || { cat "$TMP/once.err"; fail '--once "/help" exited non-zero'; }
grep -q 'basisbot — commands' <<<"$out" || { printf '%s\n' "$out" | head; fail '--once "/help" did not print the command list'; }
say 'ok: --once "/help" answers on a read-only root filesystem'

# --- 2. the bot on the fakes, /healthz, HEALTHCHECK, read-only, stop ---------------------------------
[ -x node_modules/.bin/tsx ] || fail "the fakes need the development dependencies: npm ci first"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
healthz() { node -e "fetch('http://127.0.0.1:$1/healthz',{signal:AbortSignal.timeout(5000)}).then(async r=>{console.log(r.status, (await r.text()).slice(0,400))},e=>console.log('000', e.message))"; }
wait_healthz() { # port, seconds → 0 once it answers 200
  local port=$1 until=$(($(date +%s) + $2))
  while [ "$(date +%s)" -lt "$until" ]; do
    last=$(healthz "$port")
    [ "${last%% *}" = 200 ] && return 0
    sleep 1
  done
  return 1
}

node --import tsx test/support/serveFakes.ts >"$TMP/fakes.json" 2>"$TMP/fakes.err" &
pids+=($!)
for _ in $(seq 1 60); do [ -s "$TMP/fakes.json" ] && break; sleep 0.5; done
[ -s "$TMP/fakes.json" ] || { cat "$TMP/fakes.err"; fail "the fakes did not start"; }
fake() { node -e "process.stdout.write(JSON.parse(require('fs').readFileSync('$TMP/fakes.json','utf8'))['$1'])"; }

hp=$(free_port)
name=$RUN_ID-bot
containers+=("$name")
docker run -d --name "$name" "${RO[@]}" -v "$RUN_ID-data:/app/data" \
  -e TELEGRAM_BOT_TOKEN="$(fake telegramToken)" -e TELEGRAM_API_ROOT="$(fake telegramApiRoot)" \
  -e EXCHANGE_PROXY_URL="$(fake exchangeProxyUrl)" -e HEALTH_PORT="$hp" \
  --health-interval 2s --health-timeout 5s --health-start-period 60s "$TAG" >/dev/null
wait_healthz "$hp" 90 || { docker logs "$name" 2>&1 | tail -n 20; fail "/healthz did not answer 200 within 90 s (last: $last)"; }
say "ok: /healthz answers 200: ${last#200 }"
for _ in $(seq 1 60); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$name")
  [ "$status" = healthy ] && break
  sleep 1
done
[ "$status" = healthy ] || fail "Docker's HEALTHCHECK says $status"
say "ok: Docker's HEALTHCHECK says healthy"
if docker logs "$name" 2>&1 | grep -Eiq 'EROFS|read-only file system'; then
  docker logs "$name" 2>&1 | grep -Ei 'EROFS|read-only file system' | head -n 5
  fail "something tried to write outside /app/data and /tmp"
fi
say "ok: it wrote only to its volume: $(docker exec "$name" sh -c 'cd /app/data && ls -A | tr "\n" " "')"
t0=$(date +%s)
docker stop -t 15 "$name" >/dev/null
stopped=$(($(date +%s) - t0))
code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
[ "$code" = 0 ] || { docker logs "$name" 2>&1 | tail -n 10; fail "docker stop: exit code $code"; }
[ "$stopped" -le 10 ] || fail "docker stop took ${stopped} s (more than 10)"
say "ok: docker stop ends it with exit code 0 in ${stopped} s"

# --- 3. two replicas on Postgres ---------------------------------------------------------------------
if ! node -e "const s=require('net').connect({host:new URL('$PG_URL').hostname,port:Number(new URL('$PG_URL').port||5432)},()=>{s.end();process.exit(0)}).on('error',()=>process.exit(1))"; then
  say "skipped the two replicas: no Postgres answers at PG_TEST_URL's host (default 127.0.0.1:5432)"
  say "passed"
  exit 0
fi
schema=bb_check_$$
pg_url="$PG_URL"
case "$pg_url" in *\?*) pg_url="$pg_url&options=-c%20search_path%3D$schema" ;; *) pg_url="$pg_url?options=-c%20search_path%3D$schema" ;; esac
node -e "
  const pg = require('pg'); const c = new pg.Client('$PG_URL');
  c.connect().then(() => c.query('create schema if not exists $schema')).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });
" || fail "could not create schema $schema on Postgres"
drop_schema() { node -e "const pg=require('pg');const c=new pg.Client('$PG_URL');c.connect().then(()=>c.query('drop schema if exists $schema cascade')).then(()=>c.end(),()=>{})" || true; }
ports=()
for i in 1 2; do
  hp=$(free_port)
  ports+=("$hp")
  containers+=("$RUN_ID-replica$i")
  docker run -d --name "$RUN_ID-replica$i" "${RO[@]}" -e DATABASE_URL="$pg_url" \
    -e TELEGRAM_BOT_TOKEN="$(fake telegramToken)" -e TELEGRAM_API_ROOT="$(fake telegramApiRoot)" \
    -e EXCHANGE_PROXY_URL="$(fake exchangeProxyUrl)" -e HEALTH_PORT="$hp" "$TAG" >/dev/null
done
for i in 0 1; do
  wait_healthz "${ports[$i]}" 90 || { docker logs "$RUN_ID-replica$((i + 1))" 2>&1 | tail -n 20; drop_schema; fail "replica $((i + 1)): /healthz did not answer 200 (last: $last)"; }
done
leaders=0
for p in "${ports[@]}"; do
  m=$(node -e "fetch('http://127.0.0.1:$p/metrics').then(r=>r.text()).then(t=>console.log((t.match(/^basisbot_leader(?:\{[^}]*\})? (\S+)/m)||[])[1]??'?'))")
  [ "$m" = 1 ] && leaders=$((leaders + 1))
done
for i in 1 2; do docker stop -t 15 "$RUN_ID-replica$i" >/dev/null; done
drop_schema
[ "$leaders" = 1 ] || fail "two replicas on Postgres: $leaders leaders (basisbot_leader), not 1"
say "ok: two replicas on Postgres both answer /healthz 200, one leads"
say "passed"
