#!/usr/bin/env bash
# The Pub/Sub emulator from the Google Cloud SDK, for local runs and CI.
#
#   infra/pubsub-emulator.sh start [port]   start it (on a free port unless given) in the background,
#                                           wait until it answers, print PUBSUB_EMULATOR_HOST=127.0.0.1:N
#   infra/pubsub-emulator.sh env            print PUBSUB_EMULATOR_HOST=… of the running emulator
#   infra/pubsub-emulator.sh stop           stop it
#
# Only the PUBSUB_EMULATOR_HOST line goes to stdout, so:  export "$(infra/pubsub-emulator.sh start)"
# It runs the SDK's launcher platform/pubsub-emulator/bin/cloud-pubsub-emulator directly (≈ 1–3 s to
# start) rather than `gcloud beta emulators pubsub start`. Install it with
#   gcloud components install pubsub-emulator      (or apt-get install google-cloud-cli-pubsub-emulator)
# Environment: CLOUDSDK_ROOT (SDK root; default from `gcloud info`), SNAPLAKE_EMULATOR_DIR (state files;
# default .snaplake/pubsub-emulator at the repository root), EMULATOR_START_TIMEOUT (seconds, default 60).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state_dir="${SNAPLAKE_EMULATOR_DIR:-$(cd "$here/.." && pwd)/.snaplake/pubsub-emulator}"
pid_file="$state_dir/pid"
host_file="$state_dir/host"
log_file="$state_dir/emulator.log"
timeout_s="${EMULATOR_START_TIMEOUT:-60}"

say() { printf '%s\n' "$*" >&2; }
die() { say "pubsub-emulator: $*"; exit 1; }

sdk_root() {
  if [ -n "${CLOUDSDK_ROOT:-}" ]; then
    printf '%s\n' "$CLOUDSDK_ROOT"
    return
  fi
  command -v gcloud >/dev/null 2>&1 || return 1
  gcloud info --format='value(installation.sdk_root)' 2>/dev/null
}

launcher() {
  local root
  root="$(sdk_root)" || { say "pubsub-emulator: gcloud is not installed (install google-cloud-cli, then: gcloud components install pubsub-emulator)"; return 1; }
  [ -n "$root" ] || { say "pubsub-emulator: gcloud did not report its SDK root"; return 1; }
  local l="$root/platform/pubsub-emulator/bin/cloud-pubsub-emulator"
  [ -x "$l" ] || { say "pubsub-emulator: $l is missing: run 'gcloud components install pubsub-emulator' (or apt-get install google-cloud-cli-pubsub-emulator)"; return 1; }
  printf '%s\n' "$l"
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p i
  for i in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      printf '%s\n' "$p"
      return
    fi
  done
  return 1
}

answers() { # the emulator answers "Ok" on GET /
  local hostport="$1"
  if command -v curl >/dev/null 2>&1; then
    [ "$(curl -s --max-time 2 "http://$hostport/" 2>/dev/null)" = "Ok" ]
  else
    (exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}") 2>/dev/null
  fi
}

ours_alive() { # the recorded pid is alive and is the emulator we started (not a reused pid)
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'pubsub-emulator' || return 1
  fi
}

cmd_start() {
  mkdir -p "$state_dir"
  if ours_alive && [ -f "$host_file" ] && answers "$(cat "$host_file")"; then
    say "pubsub-emulator: already running (pid $(cat "$pid_file"))"
    printf 'PUBSUB_EMULATOR_HOST=%s\n' "$(cat "$host_file")"
    return
  fi
  local l port hostport pid started waited
  l="$(launcher)" || exit 2
  port="${1:-$(free_port)}" || die "no free port found"
  hostport="127.0.0.1:$port"
  started=$(date +%s%N)
  # The launcher execs java: $! is the emulator itself.
  nohup "$l" --host=127.0.0.1 --port="$port" >"$log_file" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$pid_file"
  waited=0
  until answers "$hostport"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      say "pubsub-emulator: it exited during start-up; last lines of $log_file:"
      tail -n 20 "$log_file" >&2 || true
      exit 1
    fi
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -ge $((timeout_s * 5)) ]; then
      kill "$pid" 2>/dev/null || true
      rm -f "$pid_file"
      tail -n 20 "$log_file" >&2 || true
      die "not answering on $hostport after ${timeout_s}s"
    fi
  done
  printf '%s\n' "$hostport" >"$host_file"
  say "pubsub-emulator: pid $pid on $hostport, ready in $(( ($(date +%s%N) - started) / 1000000 )) ms (log: $log_file)"
  printf 'PUBSUB_EMULATOR_HOST=%s\n' "$hostport"
}

cmd_env() {
  ours_alive && [ -f "$host_file" ] || die "not running (start it with: $0 start)"
  printf 'PUBSUB_EMULATOR_HOST=%s\n' "$(cat "$host_file")"
}

cmd_stop() {
  if ! ours_alive; then
    rm -f "$pid_file" "$host_file"
    say "pubsub-emulator: not running"
    return
  fi
  local pid i
  pid="$(cat "$pid_file")"
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file" "$host_file"
  say "pubsub-emulator: stopped (pid $pid)"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  env) cmd_env ;;
  stop) cmd_stop ;;
  *) say "usage: $0 start [port] | env | stop"; exit 64 ;;
esac
