#!/usr/bin/env bash
# Tsunagu benchmarks over HTTP against a freshly started Tsunagu on a fresh PostgreSQL database.
#
#   bash bench/run.sh                     # Sapporo Smart ID: logins (code + PKCE) and refresh-token grants
#   bash bench/run.sh activity            # activity events ingested per second (POST /api/activities)
#   bash bench/run.sh home                # the resident's home page (GET /) with 600 and 100,000 demo residents
#   bash bench/run.sh all                 # the three above, one after the other (each on its own fresh database)
#   BENCH_DURATION=20 bash bench/run.sh   # options are environment variables, see bench/README.md
#
# Steps (default, "oidc"): build the app jar (tests skipped) and the load generator; drop and create
# the database; start the app on 127.0.0.1:$BENCH_PORT; wait for /actuator/health UP; setup
# (residents, partner client, consent); VACUUM ANALYZE (autovacuum is off here); measure; stop the
# app. The report is printed and written to bench/results/latest.txt (latest-activity.txt,
# latest-home.txt for the other two; bench/results/ is git-ignored).
# Safe to re-run: the database is recreated, a server left over from an earlier run of this script
# is stopped (only that one: its pid file and jar path must match), and the app is stopped on exit.
set -Eeuo pipefail

MODE="${1:-oidc}"
case "$MODE" in
  oidc|activity|home) ;;
  all)
    # Each measurement on its own fresh database and server; build once.
    rc=0
    for m in oidc activity home; do
      echo "== bench/run.sh $m"
      if [[ "$m" == oidc ]]; then bash "${BASH_SOURCE[0]}" "$m" || rc=$?
      else BENCH_SKIP_BUILD=1 bash "${BASH_SOURCE[0]}" "$m" || rc=$?; fi
    done
    exit "$rc" ;;
  -h|--help|help) sed -n '2,17p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "unknown measurement '$MODE' (oidc, activity, home, all)" >&2; exit 2 ;;
esac

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
RESULTS="$BENCH_DIR/results"

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"

PORT="${BENCH_PORT:-18080}"
DB="${BENCH_DB:-tsunagu_bench}"
PGHOST="${BENCH_PGHOST:-127.0.0.1}"
PGPORT="${BENCH_PGPORT:-5432}"
PGUSER="${BENCH_PGUSER:-postgres}"
USERS="${BENCH_USERS:-50}"
CONCURRENCY="${BENCH_CONCURRENCY:-4}"
WARMUP="${BENCH_WARMUP:-10}"
DURATION="${BENCH_DURATION:-30}"
MAX_OPS="${BENCH_MAX_OPS:-100000}"
SETUP_THREADS="${BENCH_SETUP_THREADS:-3}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-300}"
RESIDENTS="${TSUNAGU_DEMO_RESIDENTS:-600}"
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
BUILD_ATTEMPTS="${BENCH_BUILD_ATTEMPTS:-3}"
APP_JAVA_OPTS="${BENCH_APP_JAVA_OPTS:-}"
ACTIVITY_RESIDENTS="${BENCH_ACTIVITY_RESIDENTS:-10}"
REPEAT_SHARE="${BENCH_REPEAT_SHARE:-0.1}"
HOME_SIZES="${BENCH_HOME_SIZES:-600 100000}"
HOME_WORKERS="${BENCH_HOME_WORKERS:-1,4}"
if [[ "$MODE" == home ]]; then STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-1200}"; else STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-180}"; fi
GEN_JAVA_OPTS="${BENCH_GEN_JAVA_OPTS:--Xms128m -Xmx512m}"

APP_JAR="$RESULTS/tsunagu-app.jar"      # a copy: someone else's rebuild of target/ cannot pull it away
GEN_JAR="$BENCH_DIR/target/tsunagu-bench.jar"
STATE="$RESULTS/state.properties"
APP_LOG="$RESULTS/app.log"
APP_PID_FILE="$RESULTS/app.pid"
if [[ "$MODE" == oidc ]]; then REPORT="$RESULTS/latest.txt"; RUN_PREFIX="run"
else REPORT="$RESULTS/latest-$MODE.txt"; RUN_PREFIX="run-$MODE"; fi
KEYS_FILE="$RESULTS/activity-keys.properties"
PARTIAL="$RESULTS/.report.partial"
BASE="http://127.0.0.1:$PORT"

# shellcheck disable=SC2016
case "$MODE" in
  oidc) COMMAND="BENCH_USERS=$USERS BENCH_CONCURRENCY=$CONCURRENCY BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS BENCH_SETUP_THREADS=$SETUP_THREADS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh" ;;
  activity) COMMAND="BENCH_ACTIVITY_RESIDENTS=$ACTIVITY_RESIDENTS BENCH_REPEAT_SHARE=$REPEAT_SHARE BENCH_CONCURRENCY=$CONCURRENCY BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh activity" ;;
  home) COMMAND="BENCH_HOME_SIZES='$HOME_SIZES' BENCH_HOME_WORKERS=$HOME_WORKERS BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh home" ;;
esac

# ---- guards --------------------------------------------------------------------------------------
if [[ ! "$DB" =~ ^tsunagu_bench[a-z0-9_]*$ ]]; then
  echo "BENCH_DB must start with tsunagu_bench (this script drops it): $DB" >&2; exit 2
fi
if [[ "$PGHOST" != "127.0.0.1" && "$PGHOST" != "localhost" ]]; then
  echo "BENCH_PGHOST must be 127.0.0.1 (load and database drops stay local): $PGHOST" >&2; exit 2
fi
for n in "$PORT" "$USERS" "$CONCURRENCY" "$WARMUP" "$DURATION" "$MAX_OPS" "$SETUP_THREADS" "$QUIET_WAIT" \
         "$ACTIVITY_RESIDENTS" "$STARTUP_TIMEOUT" $HOME_SIZES ${HOME_WORKERS//,/ }; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "numeric option expected, got '$n'" >&2; exit 2; }
done
for tool in psql curl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done
[[ -x "$JAVA" ]] || { echo "no java at $JAVA (set JAVA_HOME)" >&2; exit 2; }

mkdir -p "$RESULTS"
: > "$PARTIAL"
log() { printf '%s\n' "$*" | tee -a "$PARTIAL"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$@"; }

APP_PID=""
STATUS=0
COMPLETED=0
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local code=$?
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    echo "-- stopping the app (pid $APP_PID)"
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$APP_PID" 2>/dev/null; then kill -KILL "$APP_PID" 2>/dev/null || true; fi
  fi
  rm -f "$APP_PID_FILE"
  if [[ -s "$PARTIAL" ]]; then
    if (( ! COMPLETED )); then
      printf '\n== INCOMPLETE: run.sh stopped with status %s (see %s)\n' "$code" "$APP_LOG" >> "$PARTIAL"
    fi
    mv -f "$PARTIAL" "$REPORT"
    echo "-- report: $REPORT"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A server started by an earlier run of this script that did not get to stop it: stop it (only if
# the pid file names a process running our copied jar; never anything else).
if [[ -f "$APP_PID_FILE" ]]; then
  old="$(cat "$APP_PID_FILE")"
  if [[ "$old" =~ ^[0-9]+$ ]] && ps -o args= -p "$old" 2>/dev/null | grep -qF -- "$APP_JAR"; then
    echo "-- stopping the app left over from an earlier run (pid $old)"
    kill -TERM "$old" || true
    for _ in $(seq 1 30); do kill -0 "$old" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$APP_PID_FILE"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT is in use by another program; set BENCH_PORT" >&2; exit 2
fi

# ---- build ---------------------------------------------------------------------------------------
build() {
  local attempt
  for attempt in $(seq 1 "$BUILD_ATTEMPTS"); do
    # maven.test.skip: test sources are not needed and may be mid-edit by someone else
    if (cd "$ROOT" && ./mvnw -q -Dmaven.test.skip=true package) >"$RESULTS/build.log" 2>&1 \
       && [[ -f "$ROOT/target/tsunagu-0.1.0-SNAPSHOT.jar" ]]; then
      cp -f "$ROOT/target/tsunagu-0.1.0-SNAPSHOT.jar" "$APP_JAR"
      return 0
    fi
    echo "-- app build failed (attempt $attempt of $BUILD_ATTEMPTS), see $RESULTS/build.log"
    grep -E '^\[ERROR\]' "$RESULTS/build.log" | head -5 || true
    (( attempt < BUILD_ATTEMPTS )) && { echo "-- someone may be mid-edit; retrying in 60 s"; sleep 60; }
  done
  return 1
}
if [[ "$SKIP_BUILD" != "1" || ! -f "$APP_JAR" ]]; then
  echo "-- building the app (./mvnw -q -Dmaven.test.skip=true package)"
  build || { echo "app does not build" >&2; exit 1; }
fi
if [[ "$SKIP_BUILD" != "1" || ! -f "$GEN_JAR" ]]; then
  echo "-- building the load generator (bench/pom.xml)"
  (cd "$ROOT" && ./mvnw -q -f "$BENCH_DIR/pom.xml" package) >"$RESULTS/build-bench.log" 2>&1 \
    || { cat "$RESULTS/build-bench.log" >&2; exit 1; }
fi

# ---- fresh database and server (functions: "home" starts the app once per ward size) --------------
recreate_db() {
  echo "-- recreating database $DB"
  psql_db -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\""
  rm -f "$STATE"
}

# start_app RESIDENTS: starts the app with a demo ward of RESIDENTS and waits (at most
# $STARTUP_TIMEOUT s) until /actuator/health is UP, which it is only after the demo ward is generated
# (readiness follows ApplicationReadyEvent, whose listener generates it). Sets APP_PID and STARTUP.
start_app() {
  local residents=$1 started up=0
  echo "-- starting the app on $BASE (demo ward of $residents residents)"
  started=$(date +%s.%N)
  (
    cd "$RESULTS"
    export TSUNAGU_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" TSUNAGU_DB_USER="$PGUSER" PORT="$PORT" \
           TSUNAGU_DEMO_RESIDENTS="$residents"
    # shellcheck disable=SC2086
    exec "$JAVA" $APP_JAVA_OPTS -jar "$APP_JAR"
  ) >"$APP_LOG" 2>&1 &
  APP_PID=$!
  echo "$APP_PID" > "$APP_PID_FILE"
  for _ in $(seq 1 "$STARTUP_TIMEOUT"); do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      echo "the app exited while starting; last lines of $APP_LOG:" >&2; tail -30 "$APP_LOG" >&2; exit 1
    fi
    if curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then up=1; break; fi
    sleep 1
  done
  (( up )) || { echo "the app was not UP after $STARTUP_TIMEOUT s; see $APP_LOG" >&2; exit 1; }
  STARTUP=$(awk "BEGIN{printf \"%.0f\", $(date +%s.%N) - $started}")
}

stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    echo "-- stopping the app (pid $APP_PID)"
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$APP_PID" 2>/dev/null; then kill -KILL "$APP_PID" 2>/dev/null || true; fi
  fi
  APP_PID=""
  rm -f "$APP_PID_FILE"
}

vacuum_analyze() {  # $1: what was written just before
  local t0 t1
  t0=$(date +%s.%N)
  psql_db -d "$DB" -c "VACUUM ANALYZE"
  t1=$(date +%s.%N)
  log "== VACUUM ANALYZE on database $DB after $1 (autovacuum is off): $(awk "BEGIN{printf \"%.1f\", $t1-$t0}") s"
}

header() {
  log "Tsunagu benchmark ($MODE) — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  log "command:   $COMMAND"
  log "machine:   $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(uname -sr)"
  log "java:      $("$JAVA" -version 2>&1 | head -1) (server and load generator); server JVM options: ${APP_JAVA_OPTS:-(defaults)}"
  log "app:       $(basename "$APP_JAR") built $(date -u -r "$APP_JAR" +%Y-%m-%dT%H:%M:%SZ), sha256 $(sha256sum "$APP_JAR" | cut -c1-12)"
  log "database:  $(psql_db -d "$DB" -Atc 'SHOW server_version') on $PGHOST:$PGPORT, database $DB (fresh), autovacuum=$(psql_db -d "$DB" -Atc 'SHOW autovacuum'), shared_buffers=$(psql_db -d "$DB" -Atc 'SHOW shared_buffers'), synchronous_commit=$(psql_db -d "$DB" -Atc 'SHOW synchronous_commit'), Hikari pool ${TSUNAGU_DB_POOL:-10}"
}

app_log_summary() {
  log "   app log: $(grep -c ' ERROR ' "$APP_LOG" || true) ERROR lines, $(grep -c ' WARN ' "$APP_LOG" || true) WARN lines ($APP_LOG)"
  { grep -E ' (ERROR|WARN) ' "$APP_LOG" || true; } | sed -E 's/^[^ ]+ +([A-Z]+) +[0-9]+ --- \[[^]]*\] \[[^]]*\] +/\1 /' \
    | cut -c1-220 | sort | uniq -c | sort -rn | head -8 \
    | while read -r line; do log "     $line"; done
}

GEN=("$JAVA")
# shellcheck disable=SC2206
GEN+=($GEN_JAVA_OPTS)
GEN+=(-jar "$GEN_JAR")
gen_common() {
  COMMON=(--base-url="$BASE" --state="$STATE" --users="$USERS" --setup-threads="$SETUP_THREADS"
          --concurrency="$CONCURRENCY" --warmup="$WARMUP" --duration="$DURATION" --max-ops="$MAX_OPS"
          --quiet-wait="$QUIET_WAIT" --app-pid="$APP_PID" --clock-ticks="$(getconf CLK_TCK)")
}

# ---- oidc (the default): logins and refreshes ------------------------------------------------------
run_oidc() {
  recreate_db
  start_app "$RESIDENTS"
  header
  log "startup:   up in ${STARTUP} s (Flyway + demo ward of $RESIDENTS residents)"
  log ""
  gen_common
  "${GEN[@]}" setup "${COMMON[@]}" 2>&1 | tee -a "$PARTIAL" || { echo "setup failed" >&2; exit 1; }

  # VACUUM ANALYZE (autovacuum is off: without it the planner knows nothing of the new rows)
  vacuum_analyze "setup"

  # the password hash settings, read from what the server stored
  # {argon2}$argon2id$v=19$m=7168,t=5,p=1$<salt b64>$<hash b64>: only the parameters are printed.
  argon2_of() {
    # shellcheck disable=SC2016  # a regular expression, not an expansion
    local re='\$argon2id\$v=([0-9]+)\$m=([0-9]+),t=([0-9]+),p=([0-9]+)\$([^$]+)\$([^$]+)$'
    if [[ "$1" =~ $re ]]; then
      local salt=${BASH_REMATCH[5]} hash=${BASH_REMATCH[6]}
      salt=${salt%%=*}; hash=${hash%%=*}
      echo "m=${BASH_REMATCH[2]},t=${BASH_REMATCH[3]},p=${BASH_REMATCH[4]},salt=$(( ${#salt} * 3 / 4 )),hash=$(( ${#hash} * 3 / 4 ))"
    fi
  }
  local user_hash client_hash ARGON2 SOURCE CLIENT_ARGON2 CLIENT_HASH
  user_hash="$(psql_db -d "$DB" -Atc "SELECT password_hash FROM account WHERE login_name LIKE 'bench%@bench.example' ORDER BY login_name LIMIT 1")"
  client_hash="$(psql_db -d "$DB" -Atc "SELECT client_secret FROM oauth2_registered_client WHERE client_name LIKE 'tsunagu-bench%' ORDER BY client_id_issued_at DESC LIMIT 1")"
  ARGON2="$(argon2_of "$user_hash")"
  if [[ -n "$ARGON2" ]]; then
    SOURCE="read from the stored password hash of a bench resident"
  else
    ARGON2="m=7168,t=5,p=1,salt=16,hash=32"
    SOURCE="COULD NOT READ the stored password hash (${user_hash:0:12}...); printing the IdentitySettings defaults"
  fi
  CLIENT_ARGON2="$(argon2_of "$client_hash")"
  if [[ -n "$CLIENT_ARGON2" ]]; then
    CLIENT_HASH="argon2id $CLIENT_ARGON2 (read from the stored client secret): every token request costs one argon2id hash"
  elif [[ "$client_hash" =~ ^\{([a-zA-Z0-9_-]+)\} ]]; then
    CLIENT_HASH="{${BASH_REMATCH[1]}} (read from the stored client secret; salted SHA-256 if sha256): no slow hash on token requests"
  else
    CLIENT_HASH="unknown format (stored client secret not read)"
  fi
  log "== password hashing: argon2id $ARGON2 ($SOURCE)"
  log "== client secret hashing: $CLIENT_HASH"

  set +e
  "${GEN[@]}" measure "${COMMON[@]}" --argon2="$ARGON2" --argon2-source="$SOURCE" \
    --client-secret-hash="$CLIENT_HASH" --command="$COMMAND" 2>&1 | tee -a "$PARTIAL"
  STATUS=${PIPESTATUS[0]}
  set -e

  log ""
  log "== afterwards"
  log "   rows: $(psql_db -d "$DB" -Atc "SELECT 'oauth2_authorization=' || (SELECT count(*) FROM oauth2_authorization) || ', spring_session=' || (SELECT count(*) FROM spring_session) || ', account=' || (SELECT count(*) FROM account) || ', audit_entry=' || (SELECT count(*) FROM audit_entry)")"
  app_log_summary
  if (( STATUS != 0 )); then
    log "== measure exited with status $STATUS (3 = some operations failed; see ERROR lines above)"
  fi
}

# ---- activity: POST /api/activities per second -----------------------------------------------------
run_activity() {
  recreate_db
  start_app "$RESIDENTS"
  header
  log "startup:   up in ${STARTUP} s (Flyway + demo ward of $RESIDENTS residents)"
  # The demo ward was just written: statistics before anything is measured. The activity table then
  # grows during the phases themselves (that is what is measured); setup adds only a few rows.
  vacuum_analyze "the demo ward was generated at startup, before setup and measuring"
  log ""
  rm -f "$KEYS_FILE"
  gen_common
  set +e
  "${GEN[@]}" activity "${COMMON[@]}" --activity-residents="$ACTIVITY_RESIDENTS" --repeat-share="$REPEAT_SHARE" \
    --keys-file="$KEYS_FILE" --command="$COMMAND" 2>&1 | tee -a "$PARTIAL"
  STATUS=${PIPESTATUS[0]}
  set -e

  log ""
  log "== afterwards: rows in table activity vs idempotency keys sent (psql)"
  if [[ -f "$KEYS_FILE" ]]; then
    local submitter keys rows distinct total
    submitter="$(sed -n 's/^submitter=//p' "$KEYS_FILE")"
    keys="$(sed -n 's/^keys=//p' "$KEYS_FILE")"
    rows="$(psql_db -d "$DB" -Atc "SELECT count(*) FROM activity WHERE submitter = '$submitter'")"
    distinct="$(psql_db -d "$DB" -Atc "SELECT count(DISTINCT idempotency_key) FROM activity WHERE submitter = '$submitter'")"
    total="$(psql_db -d "$DB" -Atc "SELECT count(*) FROM activity")"
    log "   distinct idempotency keys sent by the benchmark (all phases, warm-up included): $keys"
    log "   rows in activity from the benchmark's partner ($submitter): $rows ($distinct distinct keys)"
    log "   rows in activity altogether: $total (the rest are the demo resident's outings)"
    if [[ "$rows" == "$keys" && "$distinct" == "$keys" ]]; then
      log "   MATCH: one row per distinct key; repeated keys created no rows"
    else
      log "   MISMATCH: $rows rows for $keys distinct keys"
      if (( STATUS == 0 )); then STATUS=4; fi
    fi
  else
    log "   no keys file ($KEYS_FILE): the generator did not get to the end"
  fi
  log "   table size: $(psql_db -d "$DB" -Atc "SELECT pg_size_pretty(pg_total_relation_size('activity'))") (with indexes)"
  app_log_summary
  if (( STATUS != 0 )); then
    log "== activity exited with status $STATUS (3 = some requests failed, 4 = rows do not match keys)"
  fi
}

# ---- home: GET / for a signed-in resident, per ward size ---------------------------------------------
run_home() {
  local size first=1 ready_line started_line gen_s rc
  for size in $HOME_SIZES; do
    recreate_db
    start_app "$size"
    if (( first )); then header; first=0; fi
    log ""
    log "==== ward of $size demo residents (TSUNAGU_DEMO_RESIDENTS=$size), fresh database"
    started_line="$(grep -m1 'Started Tsunagu in' "$APP_LOG" || true)"
    ready_line="$(grep -m1 'Demo ward: ' "$APP_LOG" || true)"
    gen_s="?"
    if [[ -n "$started_line" && -n "$ready_line" ]]; then
      gen_s=$(awk "BEGIN{printf \"%.1f\", $(date -d "${ready_line%% *}" +%s.%N) - $(date -d "${started_line%% *}" +%s.%N)}")
    fi
    log "startup:   up (health UP) in ${STARTUP} s from the start of the JVM; Spring context: $(sed -E 's/.*Started Tsunagu in ([0-9.]+) seconds.*/\1 s/' <<<"${started_line:-?}"); demo ward generation after that: ${gen_s} s ($(sed -E 's/.*(Demo ward: [0-9]+ residents).*/\1/' <<<"${ready_line:-no Demo ward line in the log}"))"
    log "   rows: $(psql_db -d "$DB" -Atc "SELECT 'account=' || (SELECT count(*) FROM account) || ', resident=' || (SELECT count(*) FROM resident) || ', activity=' || (SELECT count(*) FROM activity) || ', notice=' || (SELECT count(*) FROM notice)"); database size $(psql_db -d "$DB" -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
    vacuum_analyze "the demo ward was generated, before measuring"
    psql_db -d "$DB" -Atc "SELECT pg_stat_reset()" >/dev/null  # table scan counters: from here on
    gen_common
    set +e
    "${GEN[@]}" home "${COMMON[@]}" --home-workers="$HOME_WORKERS" --ward="$size" --command="$COMMAND" 2>&1 \
      | tee -a "$PARTIAL"
    rc=${PIPESTATUS[0]}
    set -e
    if (( rc != 0 && STATUS == 0 )); then STATUS=$rc; fi
    log "   PostgreSQL table scans during sign-ins, warm-up and phases (pg_stat_user_tables, top 4 by rows read sequentially):"
    psql_db -d "$DB" -Atc "SELECT relname || ': seq_scan=' || seq_scan || ', seq_tup_read=' || seq_tup_read || ', idx_scan=' || coalesce(idx_scan, 0) || ', rows=' || n_live_tup FROM pg_stat_user_tables ORDER BY seq_tup_read DESC, seq_scan DESC LIMIT 4" \
      | while read -r line; do log "     $line"; done
    app_log_summary
    stop_app
    cp -f "$APP_LOG" "$RESULTS/app-home-$size.log"
  done
  if (( STATUS != 0 )); then
    log "== home exited with status $STATUS (3 = some requests failed)"
  fi
}

case "$MODE" in
  oidc) run_oidc ;;
  activity) run_activity ;;
  home) run_home ;;
esac
cp -f "$PARTIAL" "$RESULTS/$RUN_PREFIX-$(date -u +%Y%m%dT%H%M%SZ).txt"
COMPLETED=1
exit "$STATUS"
