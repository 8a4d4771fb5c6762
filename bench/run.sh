#!/usr/bin/env bash
# Tsunagu benchmarks over HTTP against a freshly started Tsunagu on a fresh PostgreSQL database.
#
#   bash bench/run.sh                     # Sapporo Smart ID: logins (code + PKCE) and refresh-token grants
#   bash bench/run.sh activity            # activity events ingested per second (POST /api/v1/activities)
#   bash bench/run.sh home                # the resident's home page (GET /) with 600 and 100,000 demo residents
#   bash bench/run.sh hotpath             # partner POST -> activity -> award (event registry) -> balance, 1/4/8 clients,
#                                         # award lag, beside the raw single-row commit rate of the same PostgreSQL
#   bash bench/run.sh redeem              # coupon redemptions at the till (confirm GET + redeem POST), 1/4/8 tills,
#                                         # double-redemption check, database checks, beside the raw commit rate
#   bash bench/run.sh all                 # oidc, activity, home and redeem, one after the other (each on its own fresh database)
#   bash bench/run.sh keycloak            # Keycloak and Tsunagu side by side: logins, refreshes, client
#                                         # credentials, server memory; one provider after the other, ratios
#   BENCH_HAPI_WAR=…/ROOT.war bash bench/run.sh fhir
#                                         # FHIR: Observation create, transaction Bundles, patient+code search, read
#                                         # by id, bad input; HAPI FHIR JPA server, then Tsunagu, then the raw
#                                         # commit rate; ratios and issue 17's targets (HAPI skipped without the war)
#   bash bench/run.sh hub                 # data hub (NGSI-LD) at 10k and 100k entities: creates, PATCHes, GETs, batch
#                                         # upserts, q, geo, temporal, notifications; raw insert rate, issue 18's targets
#   BENCH_DURATION=20 bash bench/run.sh   # options are environment variables, see bench/README.md
#
# Steps (default, "oidc"): build the app jar (tests skipped) and the load generator; drop and create
# the database; start the app on 127.0.0.1:$BENCH_PORT; wait for /actuator/health UP; setup
# (residents, partner client, consent); VACUUM ANALYZE (autovacuum is off here); measure; stop the
# app. The report is printed and written to bench/results/latest.txt (latest-activity.txt,
# latest-home.txt, latest-keycloak.txt for the others; bench/results/ is git-ignored).
# Safe to re-run: the database is recreated, a server left over from an earlier run of this script
# is stopped (only that one: its pid file and jar path must match), and the app is stopped on exit.
set -Eeuo pipefail

MODE="${1:-oidc}"
case "$MODE" in
  oidc|activity|home|keycloak|hotpath|redeem|fhir|hub) ;;
  all)
    # Each measurement on its own fresh database and server; build once.
    rc=0
    for m in oidc activity home redeem; do
      echo "== bench/run.sh $m"
      if [[ "$m" == oidc ]]; then bash "${BASH_SOURCE[0]}" "$m" || rc=$?
      else BENCH_SKIP_BUILD=1 bash "${BASH_SOURCE[0]}" "$m" || rc=$?; fi
    done
    exit "$rc" ;;
  -h|--help|help) sed -n '2,26p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "unknown measurement '$MODE' (oidc, activity, home, all, keycloak, hotpath, redeem, fhir, hub)" >&2; exit 2 ;;
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
if [[ "$MODE" == keycloak || "$MODE" == fhir || "$MODE" == hub ]]; then CONCURRENCY="${BENCH_CONCURRENCY:-8}"; else CONCURRENCY="${BENCH_CONCURRENCY:-4}"; fi
# keycloak: 30 s, both JVMs' JIT compilers are still at work after 15 s on 2 CPUs (throughput kept rising)
# fhir: 20 s of each operation before it is measured (HAPI's JIT is still at work after 5 s)
if [[ "$MODE" == keycloak ]]; then WARMUP="${BENCH_WARMUP:-30}"; elif [[ "$MODE" == fhir ]]; then WARMUP="${BENCH_WARMUP:-20}"; else WARMUP="${BENCH_WARMUP:-10}"; fi
DURATION="${BENCH_DURATION:-30}"
MAX_OPS="${BENCH_MAX_OPS:-100000}"
SETUP_THREADS="${BENCH_SETUP_THREADS:-3}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-300}"
DISTURBED_RETRIES="${BENCH_DISTURBED_RETRIES:-2}"
RESIDENTS="${TSUNAGU_DEMO_RESIDENTS:-600}"
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
BUILD_ATTEMPTS="${BENCH_BUILD_ATTEMPTS:-3}"
# The JVM options docs/operations.md recommends for an instance: Keycloak is measured with its own
# (kc.sh's heap cap), Tsunagu with these, unless BENCH_APP_JAVA_OPTS says otherwise.
# (-Xmx160m until vitals: reading the FHIR specification at start-up needs more, docs/operations.md)
PRODUCTION_JAVA_OPTS="-Xmx384m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=128m -XX:MetaspaceSize=160m -Xss512k"
if [[ "$MODE" == keycloak || "$MODE" == fhir || "$MODE" == hub ]]; then APP_JAVA_OPTS="${BENCH_APP_JAVA_OPTS-$PRODUCTION_JAVA_OPTS}"
else APP_JAVA_OPTS="${BENCH_APP_JAVA_OPTS:-}"; fi
if [[ "$MODE" == hotpath ]]; then ACTIVITY_RESIDENTS="${BENCH_ACTIVITY_RESIDENTS:-40}"; else ACTIVITY_RESIDENTS="${BENCH_ACTIVITY_RESIDENTS:-10}"; fi
HOTPATH_CLIENTS="${BENCH_HOTPATH_CLIENTS:-1,4,8}"
REDEEM_CLIENTS="${BENCH_REDEEM_CLIENTS:-1,4,8}"
REDEEM_INITIAL="${BENCH_REDEEM_INITIAL:-2000}"
REDEEM_DOUBLES="${BENCH_REDEEM_DOUBLES:-5}"
LAG_SAMPLE="${BENCH_LAG_SAMPLE:-10}"
RAW_SECONDS="${BENCH_RAW_SECONDS:-10}"
REPEAT_SHARE="${BENCH_REPEAT_SHARE:-0.1}"
HOME_SIZES="${BENCH_HOME_SIZES:-600 100000}"
HOME_WORKERS="${BENCH_HOME_WORKERS:-1,4}"
if [[ "$MODE" == home ]]; then STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-1200}"; else STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-180}"; fi
GEN_JAVA_OPTS="${BENCH_GEN_JAVA_OPTS:--Xms128m -Xmx512m}"
if [[ "$MODE" == keycloak ]]; then PHASES="${BENCH_PHASES:-login,refresh,client-credentials}"; else PHASES="${BENCH_PHASES:-login,refresh}"; fi
# Keycloak (mode "keycloak"): the Quarkus distribution from Maven Central, unpacked under bench/results/
PROVIDERS="${BENCH_PROVIDERS:-keycloak tsunagu}"
KC_VERSION="${BENCH_KC_VERSION:-26.7.3}"
KC_PORT="${BENCH_KC_PORT:-18180}"
KC_MGMT_PORT="${BENCH_KC_MANAGEMENT_PORT:-18181}"
KC_DB="${BENCH_KC_DB:-tsunagu_bench_keycloak}"
KC_HEAP="${BENCH_KC_HEAP:--Xms64m -Xmx512m}"   # what kc.sh sets outside a container (JAVA_OPTS_KC_HEAP)
KC_JAVA_OPTS_APPEND="${BENCH_KC_JAVA_OPTS:-}"
KC_CACHE="${BENCH_KC_CACHE:-local}"
JFR="${BENCH_JFR:-0}"
# HAPI FHIR JPA server (mode "fhir"): the starter's war, built outside the repository (bench/README.md)
HAPI_WAR="${BENCH_HAPI_WAR:-${BENCH_HAPI_JAR:-}}"
HAPI_PORT="${BENCH_HAPI_PORT:-18280}"
HAPI_DB="${BENCH_HAPI_DB:-tsunagu_bench_hapi}"
HAPI_JAVA_HOME="${BENCH_HAPI_JAVA_HOME:-$JAVA_HOME}"
HAPI_JAVA_OPTS="${BENCH_HAPI_JAVA_OPTS:-}"   # none: HAPI with its defaults
FHIR_WRITERS="${BENCH_FHIR_WRITERS:-40}"
FHIR_SEARCHERS="${BENCH_FHIR_SEARCHERS:-20}"
FHIR_YEARS="${BENCH_FHIR_YEARS:-3}"
# Data hub (mode "hub"): entity counts, each on its own fresh database and server
HUB_SIZES="${BENCH_HUB_SIZES:-10000,100000}"
HUB_PHASES="${BENCH_HUB_PHASES:-}"   # empty: all of them (create, patch, get, batch, q, geo, temporal, notify)
# The bench's subscriber and any context it names are on 127.0.0.1, which the hub refuses by default
HUB_APP_ARGS="--tsunagu.hub.notifications.private-addresses=true --tsunagu.hub.contexts.private-addresses=true"
if [[ "$MODE" == hub ]]; then APP_ARGS="$HUB_APP_ARGS"; else APP_ARGS=""; fi

APP_JAR="$RESULTS/tsunagu-app.jar"      # a copy: someone else's rebuild of target/ cannot pull it away
GEN_JAR="$BENCH_DIR/target/tsunagu-bench.jar"
STATE="$RESULTS/state.properties"
APP_LOG="$RESULTS/app.log"
APP_PID_FILE="$RESULTS/app.pid"
if [[ "$MODE" == oidc ]]; then REPORT="$RESULTS/latest.txt"; RUN_PREFIX="run"
else REPORT="$RESULTS/latest-$MODE.txt"; RUN_PREFIX="run-$MODE"; fi
KC_DIR="$RESULTS/keycloak"                      # the zip and the unpacked distribution (git-ignored)
KC_HOME="$KC_DIR/keycloak-$KC_VERSION"
KC_LOG="$RESULTS/keycloak.log"
KC_PID_FILE="$RESULTS/keycloak.pid"
KC_STATE="$RESULTS/state-keycloak.properties"
KC_BASE="http://127.0.0.1:$KC_PORT"
JFR_FILE="$RESULTS/tsunagu-measure.jfr"
HAPI_LOG="$RESULTS/hapi.log"
HAPI_PID_FILE="$RESULTS/hapi.pid"
HAPI_BASE="http://127.0.0.1:$HAPI_PORT"
KEYS_FILE="$RESULTS/activity-keys.properties"
PARTIAL="$RESULTS/.report.partial"
BASE="http://127.0.0.1:$PORT"

# shellcheck disable=SC2016
case "$MODE" in
  oidc) COMMAND="${BENCH_PHASES:+BENCH_PHASES=$PHASES }BENCH_USERS=$USERS BENCH_CONCURRENCY=$CONCURRENCY BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS BENCH_SETUP_THREADS=$SETUP_THREADS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh" ;;
  activity) COMMAND="BENCH_ACTIVITY_RESIDENTS=$ACTIVITY_RESIDENTS BENCH_REPEAT_SHARE=$REPEAT_SHARE BENCH_CONCURRENCY=$CONCURRENCY BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh activity" ;;
  hotpath) COMMAND="BENCH_HOTPATH_CLIENTS=$HOTPATH_CLIENTS BENCH_ACTIVITY_RESIDENTS=$ACTIVITY_RESIDENTS BENCH_LAG_SAMPLE=$LAG_SAMPLE BENCH_RAW_SECONDS=$RAW_SECONDS BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh hotpath" ;;
  redeem) COMMAND="BENCH_REDEEM_CLIENTS=$REDEEM_CLIENTS BENCH_REDEEM_INITIAL=$REDEEM_INITIAL BENCH_REDEEM_DOUBLES=$REDEEM_DOUBLES BENCH_SETUP_THREADS=$SETUP_THREADS BENCH_RAW_SECONDS=$RAW_SECONDS BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh redeem" ;;
  home) COMMAND="BENCH_HOME_SIZES='$HOME_SIZES' BENCH_HOME_WORKERS=$HOME_WORKERS BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh home" ;;
  keycloak) COMMAND="BENCH_PROVIDERS='$PROVIDERS' BENCH_PHASES=$PHASES BENCH_USERS=$USERS BENCH_CONCURRENCY=$CONCURRENCY BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS BENCH_SETUP_THREADS=$SETUP_THREADS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS BENCH_KC_VERSION=$KC_VERSION BENCH_KC_HEAP='$KC_HEAP' BENCH_KC_CACHE=$KC_CACHE${KC_JAVA_OPTS_APPEND:+ BENCH_KC_JAVA_OPTS='$KC_JAVA_OPTS_APPEND'}${APP_JAVA_OPTS:+ BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS'} bash bench/run.sh keycloak" ;;
  hub) COMMAND="BENCH_HUB_SIZES=$HUB_SIZES${HUB_PHASES:+ BENCH_HUB_PHASES=$HUB_PHASES} BENCH_CONCURRENCY=$CONCURRENCY BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS BENCH_RAW_SECONDS=$RAW_SECONDS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS' bash bench/run.sh hub" ;;
  fhir) COMMAND="${HAPI_WAR:+BENCH_HAPI_WAR=$HAPI_WAR }BENCH_CONCURRENCY=$CONCURRENCY BENCH_WARMUP=$WARMUP BENCH_DURATION=$DURATION BENCH_MAX_OPS=$MAX_OPS BENCH_FHIR_WRITERS=$FHIR_WRITERS BENCH_FHIR_SEARCHERS=$FHIR_SEARCHERS BENCH_FHIR_YEARS=$FHIR_YEARS BENCH_RAW_SECONDS=$RAW_SECONDS TSUNAGU_DEMO_RESIDENTS=$RESIDENTS${HAPI_JAVA_OPTS:+ BENCH_HAPI_JAVA_OPTS='$HAPI_JAVA_OPTS'} BENCH_APP_JAVA_OPTS='$APP_JAVA_OPTS' bash bench/run.sh fhir" ;;
esac
if [[ "$JFR" == 1 ]]; then COMMAND="BENCH_JFR=1 $COMMAND"; fi

# ---- guards --------------------------------------------------------------------------------------
for d in "$DB" "$KC_DB" "$HAPI_DB"; do
  if [[ ! "$d" =~ ^tsunagu_bench[a-z0-9_]*$ ]]; then
    echo "BENCH_DB, BENCH_KC_DB and BENCH_HAPI_DB must start with tsunagu_bench (this script drops them): $d" >&2; exit 2
  fi
done
if [[ "$MODE" == keycloak && "$DB" == "$KC_DB" ]]; then echo "BENCH_DB and BENCH_KC_DB must differ" >&2; exit 2; fi
if [[ "$MODE" == fhir && "$DB" == "$HAPI_DB" ]]; then echo "BENCH_DB and BENCH_HAPI_DB must differ" >&2; exit 2; fi
for p in $PROVIDERS; do
  [[ "$p" == keycloak || "$p" == tsunagu ]] || { echo "BENCH_PROVIDERS: keycloak and/or tsunagu, not '$p'" >&2; exit 2; }
done
[[ "$PHASES" =~ ^(login|refresh|client-credentials)(,(login|refresh|client-credentials))*$ ]] \
  || { echo "BENCH_PHASES: a comma-separated list of login, refresh, client-credentials: '$PHASES'" >&2; exit 2; }
[[ "$KC_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "BENCH_KC_VERSION: a version like 26.7.3" >&2; exit 2; }
if [[ "$PGHOST" != "127.0.0.1" && "$PGHOST" != "localhost" ]]; then
  echo "BENCH_PGHOST must be 127.0.0.1 (load and database drops stay local): $PGHOST" >&2; exit 2
fi
for n in "$PORT" "$KC_PORT" "$KC_MGMT_PORT" "$HAPI_PORT" "$FHIR_WRITERS" "$FHIR_SEARCHERS" "$FHIR_YEARS" "$DISTURBED_RETRIES" "$USERS" "$CONCURRENCY" "$WARMUP" "$DURATION" "$MAX_OPS" "$SETUP_THREADS" "$QUIET_WAIT" \
         "$ACTIVITY_RESIDENTS" "$LAG_SAMPLE" "$RAW_SECONDS" "$REDEEM_INITIAL" "$REDEEM_DOUBLES" "$STARTUP_TIMEOUT" $HOME_SIZES ${HOME_WORKERS//,/ } ${HUB_SIZES//,/ }; do
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
KC_PID=""        # kc.sh, which forwards TERM to its java child
KC_JAVA_PID=""   # Keycloak's JVM (CPU and memory are read from it)
HAPI_PID=""      # HAPI FHIR's JVM
STATUS=0
COMPLETED=0
# shellcheck disable=SC2317  # also called by the EXIT trap
stop_keycloak() {
  if [[ -n "$KC_PID" ]] && kill -0 "$KC_PID" 2>/dev/null; then
    echo "-- stopping Keycloak (kc.sh pid $KC_PID, JVM pid ${KC_JAVA_PID:-?})"
    kill -TERM "$KC_PID" 2>/dev/null || true   # kc.sh forwards TERM to the JVM and waits for it
    for _ in $(seq 1 40); do kill -0 "$KC_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$KC_PID" 2>/dev/null; then kill -KILL "$KC_PID" 2>/dev/null || true; fi
  fi
  if [[ -n "$KC_JAVA_PID" ]] && kill -0 "$KC_JAVA_PID" 2>/dev/null; then
    for _ in $(seq 1 20); do kill -0 "$KC_JAVA_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$KC_JAVA_PID" 2>/dev/null; then kill -KILL "$KC_JAVA_PID" 2>/dev/null || true; fi
  fi
  KC_PID=""; KC_JAVA_PID=""
  rm -f "$KC_PID_FILE"
}

# shellcheck disable=SC2317  # also called by the EXIT trap
stop_hapi() {
  if [[ -n "$HAPI_PID" ]] && kill -0 "$HAPI_PID" 2>/dev/null; then
    echo "-- stopping HAPI FHIR (pid $HAPI_PID)"
    kill -TERM "$HAPI_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$HAPI_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$HAPI_PID" 2>/dev/null; then kill -KILL "$HAPI_PID" 2>/dev/null || true; fi
  fi
  HAPI_PID=""
  rm -f "$HAPI_PID_FILE"
}

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
  stop_keycloak
  stop_hapi
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
# The same for a Keycloak left over (only if the pid file names a kc.sh of our unpacked distribution).
if [[ -f "$KC_PID_FILE" ]]; then
  old="$(cat "$KC_PID_FILE")"
  if [[ "$old" =~ ^[0-9]+$ ]] && ps -o args= -p "$old" 2>/dev/null | grep -qF -- "$KC_DIR/"; then
    echo "-- stopping the Keycloak left over from an earlier run (pid $old)"
    kill -TERM "$old" || true
    for _ in $(seq 1 30); do kill -0 "$old" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$KC_PID_FILE"
fi
# The same for a HAPI FHIR left over (only if the pid file names a java running the war given now).
if [[ -f "$HAPI_PID_FILE" ]]; then
  old="$(cat "$HAPI_PID_FILE")"
  if [[ "$old" =~ ^[0-9]+$ && -n "$HAPI_WAR" ]] && ps -o args= -p "$old" 2>/dev/null | grep -qF -- "-jar $HAPI_WAR"; then
    echo "-- stopping the HAPI FHIR left over from an earlier run (pid $old)"
    kill -TERM "$old" || true
    for _ in $(seq 1 40); do kill -0 "$old" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$HAPI_PID_FILE"
fi
ports="$PORT"
if [[ "$MODE" == keycloak ]]; then ports="$PORT $KC_PORT $KC_MGMT_PORT"; fi
if [[ "$MODE" == fhir ]]; then ports="$PORT $HAPI_PORT"; fi
for p in $ports; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "port $p is in use by another program; set BENCH_PORT / BENCH_KC_PORT / BENCH_KC_MANAGEMENT_PORT / BENCH_HAPI_PORT" >&2; exit 2
  fi
done

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
recreate_db() {  # [database] [state file]
  local db=${1:-$DB} state=${2:-$STATE}
  echo "-- recreating database $db"
  psql_db -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
  rm -f "$state"
}

# start_app RESIDENTS: starts the app with a demo ward of RESIDENTS and waits (at most
# $STARTUP_TIMEOUT s) until /actuator/health is UP, which it is only after the demo ward is generated
# (readiness follows ApplicationReadyEvent, whose listener generates it). Sets APP_PID and STARTUP.
start_app() {
  local up=0
  launch_app "$1"
  for _ in $(seq 1 "$STARTUP_TIMEOUT"); do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      echo "the app exited while starting; last lines of $APP_LOG:" >&2; tail -30 "$APP_LOG" >&2; exit 1
    fi
    if curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then up=1; break; fi
    sleep 1
  done
  (( up )) || { echo "the app was not UP after $STARTUP_TIMEOUT s; see $APP_LOG" >&2; exit 1; }
  STARTUP=$(awk "BEGIN{printf \"%.0f\", $(date +%s.%N) - $APP_STARTED}")
}

# launch_app RESIDENTS: starts the app (no waiting); sets APP_PID and APP_STARTED (epoch seconds).
launch_app() {
  local residents=$1
  echo "-- starting the app on $BASE (demo ward of $residents residents)"
  APP_STARTED=$(date +%s.%N)
  (
    cd "$RESULTS"
    export TSUNAGU_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" TSUNAGU_DB_USER="$PGUSER" PORT="$PORT" \
           TSUNAGU_DEMO_RESIDENTS="$residents"
    # BENCH_JFR=1: deeper stacks than JFR's default 64 frames (Spring's are deeper); recorded by jcmd later
    jfr_opts=""
    if [[ "$JFR" == 1 ]]; then jfr_opts="-XX:FlightRecorderOptions:stackdepth=256"; fi
    # shellcheck disable=SC2086
    exec "$JAVA" $APP_JAVA_OPTS $jfr_opts -jar "$APP_JAR" $APP_ARGS
  ) >"$APP_LOG" 2>&1 &
  APP_PID=$!
  echo "$APP_PID" > "$APP_PID_FILE"
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

vacuum_analyze() {  # $1: what was written just before; [$2: database]
  local t0 t1 db=${2:-$DB}
  t0=$(date +%s.%N)
  psql_db -d "$db" -c "VACUUM ANALYZE"
  t1=$(date +%s.%N)
  log "== VACUUM ANALYZE on database $db after $1 (autovacuum is off): $(awk "BEGIN{printf \"%.1f\", $t1-$t0}") s"
}

# pg_scans DATABASE WHO: the tables read most sequentially since the counters were reset (after setup)
pg_scans() {
  log "   PostgreSQL table scans during warm-up and phases ($2; pg_stat_user_tables, top 4 by rows read sequentially):"
  psql_db -d "$1" -Atc "SELECT relname || ': seq_scan=' || seq_scan || ', seq_tup_read=' || seq_tup_read || ', idx_scan=' || coalesce(idx_scan, 0) || ', live rows=' || n_live_tup || ', dead rows=' || n_dead_tup || ', size ' || pg_size_pretty(pg_total_relation_size(relid)) FROM pg_stat_user_tables ORDER BY seq_tup_read DESC, seq_scan DESC LIMIT 4" \
    | while read -r line; do log "     $line"; done
}

header() {
  log "Tsunagu benchmark ($MODE) — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  log "command:   $COMMAND"
  log "machine:   $(nproc) CPUs ($(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(uname -sr)"
  log "java:      $("$JAVA" -version 2>&1 | head -1) (server and load generator); server JVM options: ${APP_JAVA_OPTS:-(defaults)}"
  log "app:       $(basename "$APP_JAR") built $(date -u -r "$APP_JAR" +%Y-%m-%dT%H:%M:%SZ), sha256 $(sha256sum "$APP_JAR" | cut -c1-12)$(git -C "$ROOT" log -1 --format=', working tree at commit %h (%cI)' 2>/dev/null || true)"
  if [[ "$MODE" == keycloak ]]; then
    log "keycloak:  $KC_VERSION, org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip from Maven Central (sha256 $(sha256sum "$KC_DIR/keycloak-quarkus-dist-$KC_VERSION.zip" | cut -c1-12)), production mode (kc.sh build, start --optimized), JAVA_OPTS_KC_HEAP='$KC_HEAP'${KC_JAVA_OPTS_APPEND:+, JAVA_OPTS_APPEND='$KC_JAVA_OPTS_APPEND'}, --cache=$KC_CACHE, 127.0.0.1:$KC_PORT"
    log "providers: $PROVIDERS (one after the other, never at the same time; each on a freshly created database: Tsunagu $DB, Keycloak $KC_DB)"
  fi
  if [[ "$MODE" == fhir ]]; then
    if [[ -n "$HAPI_WAR" && -f "$HAPI_WAR" ]]; then
      log "hapi:      $HAPI_WAR (sha256 $(sha256sum "$HAPI_WAR" | cut -c1-12), built $(date -u -r "$HAPI_WAR" +%Y-%m-%dT%H:%M:%SZ)), $("$HAPI_JAVA_HOME/bin/java" -version 2>&1 | head -1), JVM options: ${HAPI_JAVA_OPTS:-(defaults)}; its default settings but for the database (spring.datasource.*, HapiFhirPostgresDialect) and 127.0.0.1:$HAPI_PORT"
    else
      log "hapi:      not run (BENCH_HAPI_WAR ${HAPI_WAR:+= $HAPI_WAR: no such file}${HAPI_WAR:-is not set})"
    fi
    log "servers:   HAPI FHIR, then Tsunagu, one after the other (never both at once), each on a freshly created database (HAPI $HAPI_DB, Tsunagu $DB); $CONCURRENCY clients; writers $FHIR_WRITERS, searchers $FHIR_SEARCHERS with $FHIR_YEARS years of daily measurements"
  fi
  if [[ "$MODE" == hub ]]; then
    log "hub:       sizes $HUB_SIZES entities, one after the other, each on a freshly created database $DB and a fresh server started with $APP_ARGS; $CONCURRENCY clients; then the raw insert rate (server stopped)"
  fi
  log "database:  $(psql_db -d postgres -Atc 'SHOW server_version') on $PGHOST:$PGPORT, $( [[ "$MODE" == keycloak ]] && echo "databases $DB and $KC_DB" || echo "database $DB") (fresh), autovacuum=$(psql_db -d postgres -Atc 'SHOW autovacuum'), shared_buffers=$(psql_db -d postgres -Atc 'SHOW shared_buffers'), synchronous_commit=$(psql_db -d postgres -Atc 'SHOW synchronous_commit'), Hikari pool ${TSUNAGU_DB_POOL:-10} (Tsunagu)"
}

app_log_summary() {  # [log file] [its name]
  local file=${1:-$APP_LOG} name=${2:-app}
  log "   $name log: $(grep -c ' ERROR ' "$file" || true) ERROR lines, $(grep -c ' WARN ' "$file" || true) WARN lines ($file)"
  { grep -E ' (ERROR|WARN) ' "$file" || true; } | sed -E 's/^[^ ]+ +([A-Z]+) +[0-9]+ --- \[[^]]*\] \[[^]]*\] +/\1 /' \
    | cut -c1-220 | sort | uniq -c | sort -rn | head -8 \
    | while read -r line; do log "     $line"; done
}

GEN=("$JAVA")
# shellcheck disable=SC2206
GEN+=($GEN_JAVA_OPTS)
GEN+=(-jar "$GEN_JAR")
gen_common() {  # [base URL] [state file] [server pid]: Tsunagu's by default
  COMMON=(--base-url="${1:-$BASE}" --state="${2:-$STATE}" --users="$USERS" --setup-threads="$SETUP_THREADS"
          --concurrency="$CONCURRENCY" --warmup="$WARMUP" --duration="$DURATION" --max-ops="$MAX_OPS"
          --quiet-wait="$QUIET_WAIT" --disturbed-retries="$DISTURBED_RETRIES" --app-pid="${3:-$APP_PID}"
          --clock-ticks="$(getconf CLK_TCK)")
}

# ---- oidc (the default): logins and refreshes ------------------------------------------------------
# run_oidc [RESULTS_FILE]: Tsunagu on a fresh database; the phases of $PHASES. With a results file
# (mode "keycloak") the header is printed by the caller and the figures go to that file as well.
run_oidc() {
  local results_file=${1:-} jfr_on=0 figures
  figures="${1:-$RESULTS/results-$MODE.properties}"   # also the phases' times, for the JFR summary
  recreate_db
  start_app "$RESIDENTS"
  if [[ -z "$results_file" ]]; then header; else log ""; log "======== Tsunagu (Sapporo Smart ID) on 127.0.0.1:$PORT, database $DB"; fi
  log "startup:   up in ${STARTUP} s (Flyway + demo ward of $RESIDENTS residents); JVM options: ${APP_JAVA_OPTS:-(defaults)}$( [[ "$JFR" == 1 ]] && echo " -XX:FlightRecorderOptions:stackdepth=256 (BENCH_JFR=1)")"
  log ""
  gen_common
  "${GEN[@]}" setup "${COMMON[@]}" --phases="$PHASES" 2>&1 | tee -a "$PARTIAL" || { echo "setup failed" >&2; exit 1; }

  # VACUUM ANALYZE (autovacuum is off: without it the planner knows nothing of the new rows)
  vacuum_analyze "setup"
  psql_db -d "$DB" -Atc "SELECT pg_stat_reset()" >/dev/null  # table scan counters: from here on

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

  # BENCH_JFR=1: a flight recording of the server during warm-up and phases only (not setup)
  if [[ "$JFR" == 1 ]]; then
    rm -f "$JFR_FILE"
    if "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=bench settings=profile filename="$JFR_FILE" >/dev/null; then
      jfr_on=1; log "== JFR: recording the server (settings=profile) from here to the end of the phases: $JFR_FILE"
    else
      log "== JFR: could not start a recording (jcmd $APP_PID JFR.start)"
    fi
  fi

  set +e
  "${GEN[@]}" measure "${COMMON[@]}" --phases="$PHASES" --argon2="$ARGON2" --argon2-source="$SOURCE" \
    --client-secret-hash="$CLIENT_HASH" --command="$COMMAND" --server-jvm="${APP_JAVA_OPTS:-(defaults)}" \
    --results-file="$figures" 2>&1 | tee -a "$PARTIAL"
  STATUS=${PIPESTATUS[0]}
  set -e
  if (( jfr_on )); then
    "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.stop name=bench >/dev/null || log "== JFR: JFR.stop failed"
    jfr_summary "$figures"
  fi

  log ""
  log "== afterwards (Tsunagu)"
  log "   rows: $(psql_db -d "$DB" -Atc "SELECT 'oauth2_authorization=' || (SELECT count(*) FROM oauth2_authorization) || ', spring_session=' || (SELECT count(*) FROM spring_session) || ', account=' || (SELECT count(*) FROM account) || ', audit_entry=' || (SELECT count(*) FROM audit_entry)"); oauth2_authorization by grant: $(psql_db -d "$DB" -Atc "SELECT coalesce(string_agg(authorization_grant_type || '=' || n, ', '), 'none') FROM (SELECT authorization_grant_type, count(*) AS n FROM oauth2_authorization GROUP BY 1 ORDER BY 1) g"); database size $(psql_db -d "$DB" -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
  pg_scans "$DB" Tsunagu
  app_log_summary
  if (( STATUS != 0 )); then
    log "== measure exited with status $STATUS (3 = some operations failed; see ERROR lines above)"
  fi
}

# jfr_summary [RESULTS_FILE]: the hottest methods of the recording, per measured phase if the
# results file gives the phases' times; also the JDK's own "jfr view hot-methods" over the whole file.
jfr_summary() {
  [[ -s "$JFR_FILE" ]] || { log "== JFR: no recording at $JFR_FILE"; return 0; }
  log ""
  log "== JFR: $JFR_FILE ($(du -h "$JFR_FILE" | cut -f1))"
  "${GEN[@]}" jfr-summary --jfr="$JFR_FILE" ${1:+--results-file="$1"} 2>&1 | tee -a "$PARTIAL" || true
  log ""
  log "== jfr view hot-methods (whole recording: warm-up and all phases)"
  "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$JFR_FILE" 2>&1 | head -40 | tee -a "$PARTIAL" || true
}

# ---- keycloak: the same flows against Keycloak, then Tsunagu, side by side --------------------------
fetch_keycloak() {
  local zip="$KC_DIR/keycloak-quarkus-dist-$KC_VERSION.zip"
  mkdir -p "$KC_DIR"
  if [[ ! -s "$zip" ]]; then
    echo "-- fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip (Maven Central, ~170 MB) into $KC_DIR"
    (cd "$ROOT" && ./mvnw -q -f "$BENCH_DIR/pom.xml" dependency:copy \
       -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$KC_DIR") \
       >"$KC_DIR/fetch.log" 2>&1 || { cat "$KC_DIR/fetch.log" >&2; echo "could not fetch Keycloak" >&2; exit 1; }
  fi
  if [[ ! -x "$KC_HOME/bin/kc.sh" ]]; then
    echo "-- unpacking $zip"
    rm -rf "$KC_HOME"
    (cd "$KC_DIR" && unzip -q "$zip") || { echo "could not unpack $zip" >&2; exit 1; }
  fi
}

# kc.sh build (the "optimized" start needs it) with PostgreSQL and health checks; skipped if the
# unpacked distribution was already built with the same options.
build_keycloak() {
  local options="--db=postgres --health-enabled=true" marker="$KC_HOME/.bench-build-options" t0
  if [[ -f "$marker" && "$(cat "$marker")" == "$options" ]]; then
    log "keycloak:  kc.sh build $options (done before for this unpacked distribution; skipped)"
    return 0
  fi
  t0=$(date +%s)
  # shellcheck disable=SC2086
  JAVA_HOME="$JAVA_HOME" "$KC_HOME/bin/kc.sh" build $options >"$RESULTS/keycloak-build.log" 2>&1 \
    || { tail -30 "$RESULTS/keycloak-build.log" >&2; echo "kc.sh build failed" >&2; exit 1; }
  echo "$options" > "$marker"
  log "keycloak:  kc.sh build $options in $(( $(date +%s) - t0 )) s"
}

# start_keycloak: production mode on 127.0.0.1:$KC_PORT (management/health on $KC_MGMT_PORT), its own
# database, the bootstrap admin from the environment; waits for /health/ready. Sets KC_PID,
# KC_JAVA_PID, KC_STARTUP.
start_keycloak() {
  local started up=0
  KC_ADMIN_PASSWORD="bench-$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')"   # throw-away, this run only
  echo "-- starting Keycloak $KC_VERSION on $KC_BASE (database $KC_DB)"
  started=$(date +%s.%N)
  local cache_opts=()
  # an "ispn" cache would cluster over JGroups: keep it on the loopback interface
  [[ "$KC_CACHE" == ispn ]] && cache_opts=(-Djgroups.bind.address=127.0.0.1)
  (
    cd "$RESULTS"
    export JAVA_HOME JAVA_OPTS_KC_HEAP="$KC_HEAP" KC_BOOTSTRAP_ADMIN_USERNAME=admin \
           KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD"
    [[ -n "$KC_JAVA_OPTS_APPEND" ]] && export JAVA_OPTS_APPEND="$KC_JAVA_OPTS_APPEND"
    exec "$KC_HOME/bin/kc.sh" start --optimized "${cache_opts[@]}" \
      --http-enabled=true --http-host=127.0.0.1 --http-port="$KC_PORT" --http-management-port="$KC_MGMT_PORT" \
      --hostname="$KC_BASE" --hostname-strict=true --cache="$KC_CACHE" \
      --db-url="jdbc:postgresql://$PGHOST:$PGPORT/$KC_DB" --db-username="$PGUSER" ${PGPASSWORD:+--db-password="$PGPASSWORD"}
  ) >"$KC_LOG" 2>&1 &
  KC_PID=$!
  echo "$KC_PID" > "$KC_PID_FILE"
  for _ in $(seq 1 "$STARTUP_TIMEOUT"); do
    if ! kill -0 "$KC_PID" 2>/dev/null; then
      echo "Keycloak exited while starting; last lines of $KC_LOG:" >&2; tail -30 "$KC_LOG" >&2; exit 1
    fi
    if curl -fsS --max-time 2 "http://127.0.0.1:$KC_MGMT_PORT/health/ready" 2>/dev/null | grep -q '"status": *"UP"'; then up=1; break; fi
    sleep 1
  done
  (( up )) || { echo "Keycloak was not ready after $STARTUP_TIMEOUT s; see $KC_LOG" >&2; exit 1; }
  KC_STARTUP=$(awk "BEGIN{printf \"%.0f\", $(date +%s.%N) - $started}")
  KC_JAVA_PID="$(ps -o pid= --ppid "$KC_PID" | tr -d ' ' | head -1)"
  [[ "$KC_JAVA_PID" =~ ^[0-9]+$ ]] && ps -o args= -p "$KC_JAVA_PID" | grep -q java \
    || { echo "cannot find Keycloak's JVM (child of kc.sh pid $KC_PID)" >&2; exit 1; }
}

keycloak_log_summary() {
  log "   keycloak log: $(grep -cE '^[0-9-]+ [0-9:,]+ ERROR ' "$KC_LOG" || true) ERROR lines, $(grep -cE '^[0-9-]+ [0-9:,]+ WARN ' "$KC_LOG" || true) WARN lines ($KC_LOG)"
  { grep -E '^[0-9-]+ [0-9:,]+ (ERROR|WARN) ' "$KC_LOG" || true; } \
    | sed -E 's/^[0-9-]+ [0-9:,]+ ([A-Z]+) +\[([^]]*)\] \([^)]*\) /\1 [\2] /; s/(sessionId|userId|refresh_token_id|refresh_token_sub|realmId|codeId|id)="[^"]*"/\1=…/g' \
    | cut -c1-200 | sort | uniq -c | sort -rn | head -6 \
    | while read -r line; do log "     $line"; done
}

run_keycloak_leg() {
  local results_file=$1
  recreate_db "$KC_DB" "$KC_STATE"
  log ""
  log "======== Keycloak $KC_VERSION on $KC_BASE, database $KC_DB"
  build_keycloak
  start_keycloak
  log "startup:   ready (/health/ready) in ${KC_STARTUP} s (schema created by Keycloak, master realm, bootstrap admin); JVM pid $KC_JAVA_PID, JAVA_OPTS_KC_HEAP='$KC_HEAP', db pool: Keycloak's default (db-pool-max-size 100)"
  log ""
  gen_common "$KC_BASE" "$KC_STATE" "$KC_JAVA_PID"
  export BENCH_KC_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD"   # to the generator, not on its command line
  local kc_common=(--provider=keycloak --kc-version="$KC_VERSION" --phases="$PHASES")
  "${GEN[@]}" setup "${COMMON[@]}" "${kc_common[@]}" 2>&1 | tee -a "$PARTIAL" \
    || { echo "Keycloak setup failed" >&2; exit 1; }
  vacuum_analyze "setup (realm, client, users, first logins)" "$KC_DB"
  psql_db -d "$KC_DB" -Atc "SELECT pg_stat_reset()" >/dev/null

  # Keycloak's argon2 parameters, read from a bench user's stored credential (parameters only):
  # credential_data {"hashIterations":5,"algorithm":"argon2","additionalParameters":{"memory":["7168"],...}}
  local q row ARGON2 SOURCE CLIENT_HASH secret stored
  q="SELECT c.credential_data::json->>'algorithm', c.credential_data::json->'additionalParameters'->'type'->>0,
            c.credential_data::json->'additionalParameters'->'version'->>0,
            c.credential_data::json->'additionalParameters'->'memory'->>0, c.credential_data::json->>'hashIterations',
            c.credential_data::json->'additionalParameters'->'parallelism'->>0,
            length(decode(c.secret_data::json->>'salt', 'base64')), length(decode(c.secret_data::json->>'value', 'base64'))
     FROM credential c JOIN user_entity u ON u.id = c.user_id JOIN realm r ON r.id = u.realm_id
     WHERE r.name = 'tsunagu-bench' AND u.username LIKE 'bench%@bench.example' AND c.type = 'password'
     ORDER BY u.username LIMIT 1"
  row="$(psql_db -d "$KC_DB" -At -F ' ' -c "$q")"
  local alg type ver m t p salt hash
  read -r alg type ver m t p salt hash <<<"$row"
  if [[ "$alg" == argon2 && "$type" == id ]]; then
    ARGON2="m=$m,t=$t,p=$p,salt=$salt,hash=$hash"
    SOURCE="read from the stored credential of a bench user (credential_data: algorithm $alg, type $type, version $ver)"
  else
    ARGON2="m=7168,t=5,p=1,salt=16,hash=32"
    SOURCE="PROBLEM: the stored credential is not argon2id (${row:-none found}); printing the expected defaults"
  fi
  secret="$(sed -n 's/^client.secret=//p' "$KC_STATE")"
  stored="$(psql_db -d "$KC_DB" -Atc "SELECT secret FROM client WHERE client_id = 'tsunagu-bench-partner'")"
  if [[ -n "$secret" && "$stored" == "$secret" ]]; then
    CLIENT_HASH="plain text (Keycloak keeps the client secret as is in client.secret and compares it): no slow hash on token requests"
  else
    CLIENT_HASH="not plain text in client.secret (not read further)"
  fi
  log "== password hashing (Keycloak): argon2id $ARGON2 ($SOURCE)"
  log "== client secret (Keycloak): $CLIENT_HASH"

  set +e
  "${GEN[@]}" measure "${COMMON[@]}" "${kc_common[@]}" --argon2="$ARGON2" --argon2-source="$SOURCE" \
    --client-secret-hash="$CLIENT_HASH" --command="$COMMAND" --results-file="$results_file" \
    --server-jvm="JAVA_OPTS_KC_HEAP='$KC_HEAP'${KC_JAVA_OPTS_APPEND:+ JAVA_OPTS_APPEND='$KC_JAVA_OPTS_APPEND'} (other options kc.sh's defaults)" \
    2>&1 | tee -a "$PARTIAL"
  local rc=${PIPESTATUS[0]}
  set -e
  unset BENCH_KC_ADMIN_PASSWORD
  if (( rc != 0 && STATUS == 0 )); then STATUS=$rc; fi

  log ""
  log "== afterwards (Keycloak)"
  log "   rows: $(psql_db -d "$KC_DB" -Atc "SELECT 'user_entity=' || (SELECT count(*) FROM user_entity) || ', offline_user_session=' || (SELECT count(*) FROM offline_user_session) || ', offline_client_session=' || (SELECT count(*) FROM offline_client_session) || ', event_entity=' || (SELECT count(*) FROM event_entity)"); database size $(psql_db -d "$KC_DB" -Atc "SELECT pg_size_pretty(pg_database_size('$KC_DB'))")"
  pg_scans "$KC_DB" Keycloak
  keycloak_log_summary
  if (( rc != 0 )); then log "== measure (Keycloak) exited with status $rc (3 = some operations failed)"; fi
  stop_keycloak
}

run_keycloak() {
  local kc_results="$RESULTS/results-keycloak.properties" ts_results="$RESULTS/results-tsunagu.properties" p
  rm -f "$kc_results" "$ts_results"
  fetch_keycloak
  header
  for p in $PROVIDERS; do
    case "$p" in
      keycloak) run_keycloak_leg "$kc_results" ;;
      tsunagu)
        local rc_before=$STATUS
        run_oidc "$ts_results"
        stop_app
        if (( rc_before != 0 )); then STATUS=$rc_before; fi ;;
    esac
  done
  log ""
  "${GEN[@]}" compare --compare="keycloak=$kc_results,tsunagu=$ts_results" --command="$COMMAND" 2>&1 | tee -a "$PARTIAL"
}

# ---- activity: POST /api/v1/activities per second -----------------------------------------------------
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

# ---- hotpath: partner POST -> activity -> award -> balance, 1/4/8 clients, beside the raw commit rate ---
run_hotpath() {
  local jfr_on=0 figures="$RESULTS/results-hotpath.properties"
  [[ "$HOTPATH_CLIENTS" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "BENCH_HOTPATH_CLIENTS: numbers, comma-separated" >&2; exit 2; }
  recreate_db
  start_app "$RESIDENTS"
  header
  log "startup:   up in ${STARTUP} s (Flyway + demo ward of $RESIDENTS residents)$( [[ "$JFR" == 1 ]] && echo "; -XX:FlightRecorderOptions:stackdepth=256 (BENCH_JFR=1)")"
  vacuum_analyze "the demo ward was generated at startup (the generator runs VACUUM ANALYZE again after its setup)"
  log ""
  rm -f "$figures"
  if [[ "$JFR" == 1 ]]; then
    rm -f "$JFR_FILE"
    if "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=bench settings=profile filename="$JFR_FILE" >/dev/null; then
      jfr_on=1; log "== JFR: recording the server (settings=profile) from setup to the end of the phases: $JFR_FILE (per-phase figures below cover the phases only)"
    else
      log "== JFR: could not start a recording (jcmd $APP_PID JFR.start)"
    fi
  fi
  gen_common
  set +e
  "${GEN[@]}" hotpath "${COMMON[@]}" --activity-residents="$ACTIVITY_RESIDENTS" --hotpath-clients="$HOTPATH_CLIENTS" \
    --lag-sample="$LAG_SAMPLE" --raw-seconds="$RAW_SECONDS" --jdbc-url="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
    --db-user="$PGUSER" --command="$COMMAND" --results-file="$figures" 2>&1 | tee -a "$PARTIAL"
  STATUS=${PIPESTATUS[0]}
  set -e
  if (( jfr_on )); then
    "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.stop name=bench >/dev/null || log "== JFR: JFR.stop failed"
    jfr_summary "$figures"
  fi
  log ""
  log "== afterwards"
  log "   rows: $(psql_db -d "$DB" -Atc "SELECT 'activity=' || (SELECT count(*) FROM activity) || ', points_journal=' || (SELECT count(*) FROM points_journal) || ', points_line=' || (SELECT count(*) FROM points_line) || ', event_publication=' || (SELECT count(*) FROM event_publication) || ' (incomplete ' || (SELECT count(*) FROM event_publication WHERE completion_date IS NULL) || ')'"); database size $(psql_db -d "$DB" -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
  log "   ledger: all lines sum to $(psql_db -d "$DB" -Atc "SELECT COALESCE(SUM(amount), 0) FROM points_line"); accounts whose balance differs from their lines: $(psql_db -d "$DB" -Atc "SELECT COUNT(*) FROM points_account a WHERE a.balance <> (SELECT COALESCE(SUM(l.amount), 0) FROM points_line l WHERE l.account = a.id)")"
  pg_scans "$DB" Tsunagu
  app_log_summary
  if (( STATUS != 0 )); then
    log "== hotpath exited with status $STATUS (3 = some requests failed or some awards were not seen)"
  fi
}

# ---- redeem: coupon redemptions at the till, 1/4/8 tills, beside the raw commit rate ------------------
run_redeem() {
  local jfr_on=0 figures="$RESULTS/results-redeem.properties"
  rm -f "$figures"
  [[ "$REDEEM_CLIENTS" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "BENCH_REDEEM_CLIENTS: numbers, comma-separated" >&2; exit 2; }
  recreate_db
  start_app "$RESIDENTS"
  header
  log "startup:   up in ${STARTUP} s (Flyway + demo ward of $RESIDENTS residents)$( [[ "$JFR" == 1 ]] && echo "; -XX:FlightRecorderOptions:stackdepth=256 (BENCH_JFR=1)")"
  vacuum_analyze "the demo ward was generated at startup (the generator runs VACUUM ANALYZE again after its setup and before each phase)"
  log ""
  if [[ "$JFR" == 1 ]]; then
    rm -f "$JFR_FILE"
    if "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=bench settings=profile filename="$JFR_FILE" >/dev/null; then
      jfr_on=1; log "== JFR: recording the server (settings=profile) from setup to the end of the run: $JFR_FILE"
    else
      log "== JFR: could not start a recording (jcmd $APP_PID JFR.start)"
    fi
  fi
  psql_db -d "$DB" -Atc "SELECT pg_stat_reset()" >/dev/null
  gen_common
  set +e
  "${GEN[@]}" redeem "${COMMON[@]}" --redeem-clients="$REDEEM_CLIENTS" --redeem-initial="$REDEEM_INITIAL" \
    --redeem-doubles="$REDEEM_DOUBLES" --raw-seconds="$RAW_SECONDS" --jdbc-url="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
    --db-user="$PGUSER" --command="$COMMAND" --results-file="$figures" 2>&1 | tee -a "$PARTIAL"
  STATUS=${PIPESTATUS[0]}
  set -e
  if (( jfr_on )); then
    "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.stop name=bench >/dev/null || log "== JFR: JFR.stop failed"
    jfr_summary "$figures"
  fi
  log ""
  log "== afterwards (psql)"
  log "   rows: $(psql_db -d "$DB" -Atc "SELECT 'coupon=' || (SELECT count(*) FROM coupon) || ' (used ' || (SELECT count(*) FROM coupon WHERE redeemed_at IS NOT NULL) || '), activity COUPON_USED=' || (SELECT count(*) FROM activity WHERE type = 'COUPON_USED') || ', spring_session=' || (SELECT count(*) FROM spring_session) || ', event_publication=' || (SELECT count(*) FROM event_publication) || ' (incomplete ' || (SELECT count(*) FROM event_publication WHERE completion_date IS NULL) || ')'"); database size $(psql_db -d "$DB" -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
  pg_scans "$DB" Tsunagu
  app_log_summary
  if (( STATUS != 0 )); then
    log "== redeem exited with status $STATUS (3 = some redemptions failed, the double-redemption check or a database check failed)"
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

# ---- fhir: HAPI FHIR JPA server, then Tsunagu's /fhir, then the raw commit rate; the table -------------
FHIR_GEN=("$JAVA")
# shellcheck disable=SC2206
FHIR_GEN+=($GEN_JAVA_OPTS)
FHIR_GEN+=(-cp "$GEN_JAR" jp.tsunagu.bench.FhirBench)
fhir_common() {  # base URL, server pid, database
  FHIR_COMMON=(--base-url="$1" --app-pid="$2" --jdbc-url="jdbc:postgresql://$PGHOST:$PGPORT/$3" --db-user="$PGUSER"
               --concurrency="$CONCURRENCY" --warmup="$WARMUP" --duration="$DURATION" --max-ops="$MAX_OPS"
               --quiet-wait="$QUIET_WAIT" --writers="$FHIR_WRITERS" --searchers="$FHIR_SEARCHERS" --years="$FHIR_YEARS"
               --clock-ticks="$(getconf CLK_TCK)" --command="$COMMAND")
}

# wait_fhir_metadata BASE PID STARTED LOG [HEALTH]: polls BASE/fhir/metadata every 0.25 s until it answers
# 200 with a CapabilityStatement; sets FHIR_STARTUP (seconds from STARTED, the process start). Returns 1
# if the process exited or $STARTUP_TIMEOUT passed, 2 if HEALTH (a URL) said UP 20 s ago and there is
# still no CapabilityStatement (a build without a FHIR endpoint).
wait_fhir_metadata() {
  local base=$1 pid=$2 started=$3 file=$4 health=${5:-} deadline up_at=0 n=0
  deadline=$(( $(date +%s) + STARTUP_TIMEOUT ))
  while (( $(date +%s) < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server exited while starting; last lines of $file:" >&2; tail -30 "$file" >&2; return 1
    fi
    n=$(( n + 1 ))
    if [[ -n "$health" ]] && (( n % 4 == 0 )); then
      if (( up_at == 0 )) && curl -fsS --max-time 2 "$health" 2>/dev/null | grep -q '"status":"UP"'; then up_at=$(date +%s); fi
      if (( up_at > 0 && $(date +%s) - up_at > 20 )); then return 2; fi
    fi
    # (read whole, then matched: grep -q would stop reading early and, under pipefail, fail curl's pipe)
    if [[ "$(curl -fsS --max-time 2 -H 'Accept: application/fhir+json' "$base/fhir/metadata" 2>/dev/null || true)" == *CapabilityStatement* ]]; then
      FHIR_STARTUP=$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $started}")
      return 0
    fi
    sleep 0.25
  done
  return 1
}

run_fhir_hapi() {
  local results_file=$1 started rc
  recreate_db "$HAPI_DB" "$RESULTS/.no-state"
  log ""
  log "======== HAPI FHIR JPA server on $HAPI_BASE, database $HAPI_DB"
  echo "-- starting HAPI FHIR ($HAPI_WAR) on $HAPI_BASE"
  mkdir -p "$RESULTS/hapi-work"
  started=$(date +%s.%N)
  (
    cd "$RESULTS/hapi-work"   # anything it writes into its working directory stays here
    # Its defaults, except where it is and which database: spring.datasource.* and the dialect its
    # application.yaml names for PostgreSQL; 127.0.0.1 only.
    # shellcheck disable=SC2086
    exec "$HAPI_JAVA_HOME/bin/java" $HAPI_JAVA_OPTS -Dserver.address=127.0.0.1 -Dserver.port="$HAPI_PORT" \
      -Dspring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$HAPI_DB" -Dspring.datasource.username="$PGUSER" \
      -Dspring.datasource.password="${PGPASSWORD:-}" -Dspring.datasource.driver-class-name=org.postgresql.Driver \
      -Dspring.jpa.properties.hibernate.dialect=ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect \
      -jar "$HAPI_WAR"
  ) >"$HAPI_LOG" 2>&1 &
  HAPI_PID=$!
  echo "$HAPI_PID" > "$HAPI_PID_FILE"
  wait_fhir_metadata "$HAPI_BASE" "$HAPI_PID" "$started" "$HAPI_LOG" \
    || { echo "HAPI FHIR did not answer /fhir/metadata within $STARTUP_TIMEOUT s; see $HAPI_LOG" >&2; exit 1; }
  local hapi_started
  hapi_started="$(sed -nE 's/.*Started Application in ([0-9.]+) seconds.*/\1/p' "$HAPI_LOG" | head -1)"
  log "startup:   first 200 of /fhir/metadata ${FHIR_STARTUP} s after the process started (Spring: 'Started Application in ${hapi_started:-?} seconds'; Hibernate creates the schema on the fresh database); JVM pid $HAPI_PID"
  fhir_common "$HAPI_BASE" "$HAPI_PID" "$HAPI_DB"
  set +e
  "${FHIR_GEN[@]}" run --target=hapi "${FHIR_COMMON[@]}" --startup-seconds="$FHIR_STARTUP" \
    --startup-note="(process start to the first 200 of /fhir/metadata, polled every 0.25 s)" \
    --server-jvm="${HAPI_JAVA_OPTS:-(defaults)}" --title="HAPI FHIR JPA server (starter, $(basename "$HAPI_WAR")), default settings, no authentication" \
    --results-file="$results_file" 2>&1 | tee -a "$PARTIAL"
  rc=${PIPESTATUS[0]}
  set -e
  if (( rc != 0 && STATUS == 0 )); then STATUS=$rc; fi
  log ""
  log "== afterwards (HAPI)"
  log "   rows: $(psql_db -d "$HAPI_DB" -Atc "SELECT coalesce(string_agg(res_type || '=' || n, ', '), 'none') FROM (SELECT res_type, count(*) AS n FROM hfj_resource GROUP BY 1 ORDER BY 1) r") (hfj_resource); database size $(psql_db -d "$HAPI_DB" -Atc "SELECT pg_size_pretty(pg_database_size('$HAPI_DB'))")"
  app_log_summary "$HAPI_LOG" HAPI
  if (( rc != 0 )); then log "== HAPI leg exited with status $rc (3 = some operations failed)"; fi
  stop_hapi
}

run_fhir_tsunagu() {
  local results_file=$1 rc
  recreate_db
  log ""
  log "======== Tsunagu on $BASE, database $DB"
  launch_app "$RESIDENTS"
  local waited=0
  wait_fhir_metadata "$BASE" "$APP_PID" "$APP_STARTED" "$APP_LOG" "$BASE/actuator/health" || waited=$?
  if (( waited != 0 )); then
    if (( waited == 2 )); then
      log "Tsunagu: SKIPPED: the app is UP but /fhir/metadata gives no CapabilityStatement 20 s later (HTTP $(curl -s -o /dev/null -w '%{http_code}' "$BASE/fhir/metadata")): no FHIR endpoint in this build"
      app_log_summary
      stop_app
      return 0
    fi
    echo "Tsunagu did not start; see $APP_LOG" >&2; exit 1
  fi
  local metadata=$FHIR_STARTUP up=0
  for _ in $(seq 1 "$STARTUP_TIMEOUT"); do
    if curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then up=1; break; fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app exited; see $APP_LOG" >&2; exit 1; }
    sleep 1
  done
  (( up )) || { echo "the app was not UP after $STARTUP_TIMEOUT s; see $APP_LOG" >&2; exit 1; }
  STARTUP=$(awk "BEGIN{printf \"%.0f\", $(date +%s.%N) - $APP_STARTED}")
  log "startup:   first 200 of /fhir/metadata ${metadata} s after the process started; health UP (demo ward of $RESIDENTS generated) after ${STARTUP} s; JVM options: ${APP_JAVA_OPTS:-(defaults)}"
  fhir_common "$BASE" "$APP_PID" "$DB"
  set +e
  "${FHIR_GEN[@]}" run --target=tsunagu "${FHIR_COMMON[@]}" --startup-seconds="$metadata" \
    --startup-note="(process start to the first 200 of /fhir/metadata, polled every 0.25 s; Flyway on a fresh database)" \
    --server-jvm="${APP_JAVA_OPTS:-(defaults)}" --results-file="$results_file" 2>&1 | tee -a "$PARTIAL"
  rc=${PIPESTATUS[0]}
  set -e
  if (( rc != 0 && STATUS == 0 )); then STATUS=$rc; fi
  log ""
  log "== afterwards (Tsunagu)"
  log "   largest tables: $(psql_db -d "$DB" -Atc "SELECT string_agg(relname || ' ' || n_live_tup || ' rows ' || pg_size_pretty(pg_total_relation_size(relid)), ', ') FROM (SELECT * FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 5) t"); database size $(psql_db -d "$DB" -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
  app_log_summary
  if (( rc != 0 )); then log "== Tsunagu leg exited with status $rc (3 = some operations failed)"; fi
  stop_app
}

run_fhir() {
  local hapi_results="$RESULTS/results-fhir-hapi.properties" ts_results="$RESULTS/results-fhir-tsunagu.properties"
  local raw_results="$RESULTS/results-fhir-raw.properties"
  rm -f "$hapi_results" "$ts_results" "$raw_results"
  header
  if [[ -z "$HAPI_WAR" ]]; then
    log ""
    log "======== HAPI FHIR JPA server: SKIPPED: BENCH_HAPI_WAR is not set (the path of the starter's ROOT.war, built outside this repository: see bench/README.md); the table compares with the issue's figures instead"
  elif [[ ! -f "$HAPI_WAR" ]]; then
    log ""
    log "======== HAPI FHIR JPA server: SKIPPED: BENCH_HAPI_WAR=$HAPI_WAR is not a file"
  else
    run_fhir_hapi "$hapi_results"
  fi
  run_fhir_tsunagu "$ts_results"
  log ""
  log "== raw PostgreSQL commit rate (both servers stopped; database $DB)"
  "${FHIR_GEN[@]}" raw --jdbc-url="jdbc:postgresql://$PGHOST:$PGPORT/$DB" --db-user="$PGUSER" --raw-seconds="$RAW_SECONDS" \
    --results-file="$raw_results" 2>&1 | tee -a "$PARTIAL" || log "   raw commit loop failed"
  "${FHIR_GEN[@]}" compare --hapi="$hapi_results" --tsunagu="$ts_results" --raw="$raw_results" --command="$COMMAND" 2>&1 \
    | tee -a "$PARTIAL"
}

# ---- hub: the data hub's NGSI-LD API at each size, then the raw insert rate, then the table -------------
HUB_GEN=("$JAVA")
# shellcheck disable=SC2206
HUB_GEN+=($GEN_JAVA_OPTS)
HUB_GEN+=(-cp "$GEN_JAR" jp.tsunagu.bench.HubBench)
run_hub() {
  local size first=1 rc figures jfr_on results=() raw_results="$RESULTS/results-hub-raw.properties"
  [[ "$HUB_SIZES" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "BENCH_HUB_SIZES: numbers, comma-separated" >&2; exit 2; }
  rm -f "$RESULTS"/results-hub-*.properties
  for size in ${HUB_SIZES//,/ }; do
    figures="$RESULTS/results-hub-$size.properties"
    results+=("$figures")
    recreate_db
    start_app "$RESIDENTS"
    if (( first )); then header; first=0; fi
    log ""
    log "======== $size entities: Tsunagu on $BASE, database $DB (fresh), server pid $APP_PID"
    log "startup:   up in ${STARTUP} s (Flyway + demo ward of $RESIDENTS residents, with the demo's city data on the hub); JVM options: ${APP_JAVA_OPTS:-(defaults)}; arguments: $APP_ARGS"
    vacuum_analyze "the demo ward was generated at startup (the generator runs VACUUM ANALYZE of the hub tables after loading and before each phase)"
    psql_db -d "$DB" -Atc "SELECT pg_stat_reset()" >/dev/null  # table scan counters: from here on
    jfr_on=0
    if [[ "$JFR" == 1 ]]; then
      rm -f "$JFR_FILE"
      if "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=bench settings=profile filename="$JFR_FILE" >/dev/null; then
        jfr_on=1; log "== JFR: recording the server (settings=profile) from the load to the end of the phases: $JFR_FILE"
      else
        log "== JFR: could not start a recording (jcmd $APP_PID JFR.start)"
      fi
    fi
    set +e
    "${HUB_GEN[@]}" run --base-url="$BASE" --app-pid="$APP_PID" --jdbc-url="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
      --db-user="$PGUSER" --size="$size" --concurrency="$CONCURRENCY" --warmup="$WARMUP" --duration="$DURATION" \
      --max-ops="$MAX_OPS" --quiet-wait="$QUIET_WAIT" --clock-ticks="$(getconf CLK_TCK)" --command="$COMMAND" \
      --server-jvm="${APP_JAVA_OPTS:-(defaults)}" --results-file="$figures" ${HUB_PHASES:+--phases="$HUB_PHASES"} 2>&1 | tee -a "$PARTIAL"
    rc=${PIPESTATUS[0]}
    set -e
    if (( rc != 0 && STATUS == 0 )); then STATUS=$rc; fi
    if (( jfr_on )); then
      "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.stop name=bench >/dev/null || log "== JFR: JFR.stop failed"
      jfr_summary "$figures"
      cp -f "$JFR_FILE" "$RESULTS/tsunagu-hub-$size.jfr" 2>/dev/null || true
    fi
    log ""
    log "== afterwards ($size entities)"
    log "   largest tables: $(psql_db -d "$DB" -Atc "SELECT string_agg(relname || ' ' || n_live_tup || ' rows ' || pg_size_pretty(pg_total_relation_size(relid)), ', ') FROM (SELECT * FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 5) t"); database size $(psql_db -d "$DB" -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
    pg_scans "$DB" Tsunagu
    app_log_summary
    if (( rc != 0 )); then log "== hub ($size entities) exited with status $rc (1 = setup or load failed, 3 = some operations failed or notifications were missing)"; fi
    stop_app
    cp -f "$APP_LOG" "$RESULTS/app-hub-$size.log"
  done
  log ""
  log "== raw PostgreSQL insert rate (server stopped; database $DB)"
  "${HUB_GEN[@]}" raw --jdbc-url="jdbc:postgresql://$PGHOST:$PGPORT/$DB" --db-user="$PGUSER" --raw-seconds="$RAW_SECONDS" \
    --results-file="$raw_results" 2>&1 | tee -a "$PARTIAL" || log "   raw insert loop failed"
  "${HUB_GEN[@]}" summary --results="$(IFS=,; echo "${results[*]}")" --raw="$raw_results" --command="$COMMAND" 2>&1 \
    | tee -a "$PARTIAL"
  if (( STATUS != 0 )); then
    log "== hub exited with status $STATUS (1 = setup or load failed, 3 = some operations failed or notifications were missing)"
  fi
}

case "$MODE" in
  oidc) run_oidc ;;
  activity) run_activity ;;
  home) run_home ;;
  keycloak) run_keycloak ;;
  hotpath) run_hotpath ;;
  redeem) run_redeem ;;
  fhir) run_fhir ;;
  hub) run_hub ;;
esac
cp -f "$PARTIAL" "$RESULTS/$RUN_PREFIX-$(date -u +%Y%m%dT%H%M%SZ).txt"
COMPLETED=1
exit "$STATUS"
