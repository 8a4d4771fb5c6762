#!/usr/bin/env bash
# Runs the OpenID Foundation conformance suite against a fresh local Tsunagu (Sapporo Smart ID).
#
# One command: starts the MongoDB stand-in (or uses a MongoDB already listening), the suite, nginx
# (TLS in front of both), a fresh Tsunagu from this repository's jar; registers the test clients
# through Tsunagu's admin screen; runs the OpenID Connect plans; prints a per-plan summary; writes
# everything to conformance/results/<run id>/; and stops what it started.
#
# Required:  OIDF_SUITE_DIR   a checkout of the conformance suite, built per its own README
#                             (target/fapi-test-suite.jar and scripts/run-test-plan.py must exist)
# Optional:  MONGO_STANDIN_JAR runnable jar of a MongoDB stand-in, started as
#                             `java -jar $MONGO_STANDIN_JAR 127.0.0.1 $MONGO_PORT`; unset: a MongoDB
#                             (or stand-in) must already listen on 127.0.0.1:$MONGO_PORT
#            PLANS            space-separated subset of: basic config formpost logout backchannel
#                             (default: all five)
#            MODULES          comma-separated test module names to run within the plans (default: all)
#            SKIP_BUILD=1     use target/tsunagu-*.jar as it is instead of building it
#            KEEP_RUNNING=1   leave everything running at the end (prints how to stop it)
#            JAVA_HOME, PYTHON, ports and host names: see the defaults below.
# Exit status: 0 when no module failed or hung (warnings and reviews are for a person to judge),
# 3 when some did, anything else when the harness itself failed.
# See conformance/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"

: "${OIDF_SUITE_DIR:?set OIDF_SUITE_DIR to a built checkout of the OpenID conformance suite}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
KEYTOOL="$JAVA_HOME/bin/keytool"
PYTHON="${PYTHON:-/usr/bin/python3}"
NGINX="${NGINX:-nginx}"

SUITE_HOST="${SUITE_HOST:-localhost.emobix.co.uk}"
SUITE_HTTPS_PORT="${SUITE_HTTPS_PORT:-8443}"
SUITE_HTTP_PORT="${SUITE_HTTP_PORT:-18470}"
TSUNAGU_HOST="${TSUNAGU_HOST:-localhost}"
TSUNAGU_HTTPS_PORT="${TSUNAGU_HTTPS_PORT:-9443}"
TSUNAGU_PORT="${TSUNAGU_PORT:-18090}"
MONGO_PORT="${MONGO_PORT:-27017}"
ALIAS="${ALIAS:-tsunagu}"
PLANS="${PLANS:-basic config formpost logout backchannel}"
MODULES="${MODULES:-}"

ADMIN_USER="${ADMIN_USER:-admin@demo.tsunagu.example}"
LOGIN_USER="${LOGIN_USER:-resident@demo.tsunagu.example}"
DEMO_PASSWORD="${DEMO_PASSWORD:-tsunagu-demo-2026}"

SUITE_BASE="https://$SUITE_HOST:$SUITE_HTTPS_PORT"
ISSUER="https://$TSUNAGU_HOST:$TSUNAGU_HTTPS_PORT"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$HERE/results/$RUN_ID"
WORK="$RESULTS/work"
LOGS="$RESULTS/logs"

SUITE_JAR="$OIDF_SUITE_DIR/target/fapi-test-suite.jar"
RUNNER="$OIDF_SUITE_DIR/scripts/run-test-plan.py"

log() { printf '%s [conformance] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

declare -A PLAN_NAME=(
	[basic]="oidcc-basic-certification-test-plan[server_metadata=discovery][client_registration=static_client]"
	[config]="oidcc-config-certification-test-plan"
	[formpost]="oidcc-formpost-basic-certification-test-plan[server_metadata=discovery][client_registration=static_client]"
	[logout]="oidcc-rp-initiated-logout-certification-test-plan[response_type=code][client_registration=static_client]"
	[backchannel]="oidcc-backchannel-rp-initiated-logout-certification-test-plan[response_type=code][client_registration=static_client]"
)

# ---------------------------------------------------------------------------------------------
# Process bookkeeping: every process we start is recorded and stopped (by pid) on exit.
STARTED_PIDS=()
STARTED_NAMES=()
start_bg() { # name logfile command...
	local name="$1" logfile="$2"; shift 2
	"$@" >"$logfile" 2>&1 &
	STARTED_PIDS+=("$!")
	STARTED_NAMES+=("$name")
	log "started $name (pid $!), log: $logfile"
}

cleanup() {
	local rc=$?
	if [[ "${KEEP_RUNNING:-0}" == 1 ]]; then
		log "KEEP_RUNNING=1: leaving running: ${STARTED_NAMES[*]:-nothing} (pids ${STARTED_PIDS[*]:-})"
		log "stop them with: kill ${STARTED_PIDS[*]:-}"
		exit "$rc"
	fi
	local i
	for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
		local pid="${STARTED_PIDS[$i]}"
		if kill -0 "$pid" 2>/dev/null; then
			log "stopping ${STARTED_NAMES[$i]} (pid $pid)"
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
			kill -9 "$pid" 2>/dev/null || true
		fi
	done
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # description timeout-seconds command...
	local what="$1" timeout="$2"; shift 2
	local deadline=$((SECONDS + timeout))
	until "$@" >/dev/null 2>&1; do
		if ((SECONDS >= deadline)); then die "timed out after ${timeout}s waiting for $what"; fi
		local pid
		for pid in "${STARTED_PIDS[@]}"; do
			kill -0 "$pid" 2>/dev/null || die "a started process (pid $pid) died while waiting for $what; see $LOGS"
		done
		sleep 2
	done
	log "$what is up"
}

# ---------------------------------------------------------------------------------------------
preflight() {
	[[ -f "$SUITE_JAR" ]] || die "$SUITE_JAR not found: build the suite per its README first"
	[[ -f "$RUNNER" ]] || die "$RUNNER not found"
	[[ -x "$JAVA" ]] || die "no java at $JAVA (set JAVA_HOME)"
	command -v "$NGINX" >/dev/null || die "nginx not found (Debian: apt-get install nginx-light)"
	command -v openssl >/dev/null || die "openssl not found"
	command -v jq >/dev/null || die "jq not found"
	"$PYTHON" -c 'import httpx, pyparsing' 2>/dev/null \
		|| die "$PYTHON lacks httpx/pyparsing (Debian: apt-get install python3-httpx python3-pyparsing)"
	local h
	for h in "$SUITE_HOST" "$TSUNAGU_HOST"; do
		getent hosts "$h" | grep -q '127\.0\.0\.1\|::1' \
			|| die "$h does not resolve to 127.0.0.1: add '127.0.0.1 $h' to /etc/hosts"
	done
	local p
	for p in "$SUITE_HTTP_PORT" "$SUITE_HTTPS_PORT" "$TSUNAGU_PORT" "$TSUNAGU_HTTPS_PORT"; do
		port_busy "$p" && die "port $p is already in use"
	done
	if [[ -n "${MONGO_STANDIN_JAR:-}" ]]; then
		[[ -f "$MONGO_STANDIN_JAR" ]] || die "MONGO_STANDIN_JAR=$MONGO_STANDIN_JAR not found"
		port_busy "$MONGO_PORT" && die "port $MONGO_PORT is in use but MONGO_STANDIN_JAR is set"
	else
		port_busy "$MONGO_PORT" || die "nothing listens on 127.0.0.1:$MONGO_PORT: start MongoDB or set MONGO_STANDIN_JAR"
	fi
	local p
	for p in $PLANS; do [[ -n "${PLAN_NAME[$p]:-}" ]] || die "unknown plan '$p' in PLANS"; done
}

make_tls() {
	# A throw-away CA and one server certificate for both hosts; the suite's JVM trusts the CA
	# (its scripted browser, HtmlUnit, checks certificates; its back-channel client does not).
	local d="$WORK/tls"
	mkdir -p "$d"
	openssl req -x509 -newkey rsa:2048 -nodes -days 7 -keyout "$d/ca.key" -out "$d/ca.crt" \
		-subj "/CN=Tsunagu conformance run CA" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
	openssl req -newkey rsa:2048 -nodes -keyout "$d/server.key" -out "$d/server.csr" -subj "/CN=$TSUNAGU_HOST" 2>/dev/null
	printf 'subjectAltName=DNS:localhost,DNS:%s,DNS:%s,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
		"$SUITE_HOST" "$TSUNAGU_HOST" >"$d/ext.cnf"
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 7 \
		-extfile "$d/ext.cnf" -out "$d/server.crt" 2>/dev/null
	cp "$JAVA_HOME/lib/security/cacerts" "$d/truststore.jks"
	chmod u+w "$d/truststore.jks"
	"$KEYTOOL" -importcert -noprompt -alias tsunagu-conformance-ca -file "$d/ca.crt" \
		-keystore "$d/truststore.jks" -storepass changeit >/dev/null 2>&1
}

render() { # template -> stdout, replacing @NAME@ placeholders
	sed -e "s#@WORK@#$WORK#g" -e "s#@LOGS@#$LOGS#g" \
		-e "s#@SUITE_HOST@#$SUITE_HOST#g" -e "s#@SUITE_HTTPS_PORT@#$SUITE_HTTPS_PORT#g" \
		-e "s#@SUITE_HTTP_PORT@#$SUITE_HTTP_PORT#g" -e "s#@TSUNAGU_HOST@#$TSUNAGU_HOST#g" \
		-e "s#@TSUNAGU_HTTPS_PORT@#$TSUNAGU_HTTPS_PORT#g" -e "s#@TSUNAGU_PORT@#$TSUNAGU_PORT#g" "$1"
}

start_mongo() {
	if [[ -n "${MONGO_STANDIN_JAR:-}" ]]; then
		start_bg mongo-stand-in "$LOGS/mongo.log" "$JAVA" -jar "$MONGO_STANDIN_JAR" 127.0.0.1 "$MONGO_PORT"
		wait_for "MongoDB stand-in on :$MONGO_PORT" 60 port_busy "$MONGO_PORT"
	else
		log "using the MongoDB already listening on 127.0.0.1:$MONGO_PORT"
	fi
}

start_suite() {
	# Run from the suite checkout (its dev profile serves static files from src/main/resources).
	# --spring.profiles.active=dev gives devmode (no login), and the dev signing keys.
	(
		cd "$OIDF_SUITE_DIR"
		exec "$JAVA" -Xmx3g -Djdk.tls.maxHandshakeMessageSize=65536 \
			-Djavax.net.ssl.trustStore="$WORK/tls/truststore.jks" -Djavax.net.ssl.trustStorePassword=changeit \
			-jar "$SUITE_JAR" --spring.profiles.active=dev \
			--server.address=127.0.0.1 --server.port="$SUITE_HTTP_PORT" \
			--spring.mongodb.uri="mongodb://127.0.0.1:$MONGO_PORT/test_suite_$RUN_ID" \
			--fintechlabs.base_url="$SUITE_BASE" \
			--fintechlabs.base_mtls_url="https://$SUITE_HOST:$((SUITE_HTTPS_PORT + 1))" \
			--fintechlabs.devmode=true --fintechlabs.startredir=false \
			--oidc.gitlab.iss=http://127.0.0.1:9/ --oidc.google.iss=http://127.0.0.1:9/
	) >"$LOGS/suite.log" 2>&1 &
	STARTED_PIDS+=("$!"); STARTED_NAMES+=("conformance-suite")
	log "started conformance-suite (pid $!), log: $LOGS/suite.log"
}

start_nginx() {
	mkdir -p "$WORK/nginx"/{body,proxy,fastcgi,uwsgi,scgi}
	chmod -R a+rwx "$WORK/nginx"
	render "$HERE/nginx.conf.template" >"$WORK/nginx.conf"
	"$NGINX" -t -q -c "$WORK/nginx.conf" -p "$WORK/nginx" -e "$LOGS/nginx-error.log" \
		|| die "nginx rejected $WORK/nginx.conf"
	start_bg nginx "$LOGS/nginx.out" "$NGINX" -c "$WORK/nginx.conf" -p "$WORK/nginx" -e "$LOGS/nginx-error.log" -g 'daemon off;'
}

build_tsunagu() {
	if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
		log "building Tsunagu (./mvnw -q -Dmaven.test.skip=true package)"
		(cd "$REPO" && ./mvnw -q -Dmaven.test.skip=true package) >"$LOGS/tsunagu-build.log" 2>&1 \
			|| die "Tsunagu build failed; see $LOGS/tsunagu-build.log"
	fi
	TSUNAGU_JAR="$(ls "$REPO"/target/tsunagu-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true)"
	[[ -n "$TSUNAGU_JAR" ]] || die "no target/tsunagu-*.jar"
	cp "$TSUNAGU_JAR" "$WORK/tsunagu.jar"
	( cd "$REPO" && git log -1 --format='%H %s' ) >"$RESULTS/tsunagu-commit.txt" 2>/dev/null || true
}

start_tsunagu() {
	# A fresh embedded H2 database under $WORK/tsunagu/data (demo ward and demo accounts).
	mkdir -p "$WORK/tsunagu"
	(
		cd "$WORK/tsunagu"
		unset TSUNAGU_DB_URL TSUNAGU_DB_USER TSUNAGU_DB_PASSWORD
		export PORT="$TSUNAGU_PORT" TSUNAGU_ISSUER="$ISSUER"
		export TSUNAGU_WEBAUTHN_ORIGINS="$ISSUER" SERVER_ADDRESS=127.0.0.1
		# Back-channel logout tokens go to the suite over https: trust this run's CA.
		exec "$JAVA" -Djavax.net.ssl.trustStore="$WORK/tls/truststore.jks" -Djavax.net.ssl.trustStorePassword=changeit \
			-jar "$WORK/tsunagu.jar"
	) >"$LOGS/tsunagu.log" 2>&1 &
	STARTED_PIDS+=("$!"); STARTED_NAMES+=("tsunagu")
	log "started tsunagu (pid $!), log: $LOGS/tsunagu.log"
}

# ---------------------------------------------------------------------------------------------
# Client registration through the admin screen, as an administrator would do it.
CURL=(curl -sS --fail-with-body --max-time 30 --cacert "$WORK/tls/ca.crt")

csrf_of() { grep -o 'name="_csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'; }

admin_login() {
	local jar="$WORK/admin-cookies.txt"
	rm -f "$jar"
	"${CURL[@]}" -c "$jar" -b "$jar" "$ISSUER/login" -o "$WORK/login.html"
	local csrf; csrf="$(csrf_of "$WORK/login.html")"
	[[ -n "$csrf" ]] || die "no CSRF token on $ISSUER/login"
	local status
	status="$("${CURL[@]}" -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' "$ISSUER/login" \
		--data-urlencode "username=$ADMIN_USER" --data-urlencode "password=$DEMO_PASSWORD" \
		--data-urlencode "_csrf=$csrf")"
	[[ "$status" == 302* && "$status" != *error* ]] || die "admin sign-in failed: $status"
}

register_client() { # name [backchannel] -> prints "client_id client_secret"
	local backchannel=()
	# only the back-channel plan's clients: the other plans do not expect logout tokens
	[[ "${2:-}" == backchannel ]] && backchannel=(--data-urlencode "backChannelLogoutUri=$SUITE_BASE/test/a/$ALIAS/backchannel_logout")
	local name="$1" jar="$WORK/admin-cookies.txt" page="$WORK/admin-clients.html" out="$WORK/registered-$1.html"
	"${CURL[@]}" -c "$jar" -b "$jar" "$ISSUER/admin/clients" -o "$page"
	local csrf; csrf="$(csrf_of "$page")"
	[[ -n "$csrf" ]] || die "no CSRF token on /admin/clients (is $ADMIN_USER an administrator?)"
	# Every scope the suite may ask for that the form offers (address is not offered by Tsunagu).
	local scope args=()
	for scope in openid profile email address phone offline_access; do
		grep -q "name=\"scopes\"[^>]*value=\"$scope\"" "$page" && args+=(--data-urlencode "scopes=$scope")
	done
	"${CURL[@]}" -c "$jar" -b "$jar" "$ISSUER/admin/clients" -o "$out" \
		--data-urlencode "_csrf=$csrf" \
		--data-urlencode "name=$name" \
		--data-urlencode "redirectUris=$SUITE_BASE/test/a/$ALIAS/callback" \
		--data-urlencode "postLogoutRedirectUris=$SUITE_BASE/test/a/$ALIAS/post_logout_redirect" \
		"${args[@]}" "${backchannel[@]}" \
		--data-urlencode "confidential=true" \
		--data-urlencode "backEnd=false" \
		--data-urlencode "requireProofKey=false"
	local id secret
	id="$(tr '\n' ' ' <"$out" | grep -o 'notice--success.*' | grep -o 'partner-[0-9a-f-]\{36\}' | head -1 || true)"
	secret="$(grep -o '<code id="client-secret">[^<]*</code>' "$out" | sed 's/<[^>]*>//g' | head -1 || true)"
	[[ -n "$id" && -n "$secret" ]] || die "registering client '$name' failed; see $out"
	echo "$id $secret"
}

write_configs() {
	mkdir -p "$RESULTS/config"
	local p
	for p in $PLANS; do
		local c1="$CLIENT1_ID" s1="$CLIENT1_SECRET" c2="$CLIENT2_ID" s2="$CLIENT2_SECRET"
		if [[ "$p" == backchannel ]]; then
			c1="$BC_CLIENT1_ID" s1="$BC_CLIENT1_SECRET" c2="$BC_CLIENT2_ID" s2="$BC_CLIENT2_SECRET"
		fi
		sed -e "s#@OP_BASE@#$ISSUER#g" -e "s#@ISSUER@#$ISSUER#g" -e "s#@ALIAS@#$ALIAS#g" \
			-e "s#@SUITE_BASE@#$SUITE_BASE#g" \
			-e "s#@PLAN@#$p (run $RUN_ID)#g" \
			-e "s#@CLIENT1_ID@#$c1#g" -e "s#@CLIENT1_SECRET@#$s1#g" \
			-e "s#@CLIENT2_ID@#$c2#g" -e "s#@CLIENT2_SECRET@#$s2#g" \
			-e "s#@LOGIN_USER@#$LOGIN_USER#g" -e "s#@LOGIN_PASSWORD@#$DEMO_PASSWORD#g" \
			"$HERE/plans/oidcc.template.json" >"$RESULTS/config/$p.json"
		jq empty "$RESULTS/config/$p.json" || die "rendered config $p.json is not JSON"
	done
}

run_plans() {
	local args=() p plan
	for p in $PLANS; do
		plan="${PLAN_NAME[$p]}"
		# the runner's grammar: plan[variant=value]...:module1,module2 config.json
		[[ -n "$MODULES" ]] && plan="$plan:$MODULES"
		args+=("$plan" "$RESULTS/config/$p.json")
	done
	mkdir -p "$RESULTS/export"
	log "running plans: $PLANS (runner output: $LOGS/runner.log)"
	local rc=0
	(
		cd "$OIDF_SUITE_DIR/scripts"
		CONFORMANCE_SERVER="$SUITE_BASE/" CONFORMANCE_DEV_MODE=1 \
			CONFORMANCE_MAX_CONSECUTIVE_FAILURES=1000 CONFORMANCE_RESTART_RETRIES=0 \
			"$PYTHON" "$RUNNER" --export-dir "$RESULTS/export" "${args[@]}"
	) >"$LOGS/runner.log" 2>&1 || rc=$?
	log "runner finished (exit $rc: non-zero when any test failed or did not finish)"
}

# ---------------------------------------------------------------------------------------------
main() {
	preflight
	mkdir -p "$WORK" "$LOGS"
	ln -sfn "$RUN_ID" "$HERE/results/latest"
	log "run $RUN_ID: results in $RESULTS"
	make_tls
	build_tsunagu
	start_mongo
	start_suite
	start_nginx
	start_tsunagu
	wait_for "Tsunagu ($ISSUER)" 240 "${CURL[@]}" -o /dev/null "$ISSUER/.well-known/openid-configuration"
	wait_for "conformance suite ($SUITE_BASE)" 240 "${CURL[@]}" -o /dev/null "$SUITE_BASE/api/runner/available"

	admin_login
	read -r CLIENT1_ID CLIENT1_SECRET < <(register_client "OIDF conformance client 1")
	read -r CLIENT2_ID CLIENT2_SECRET < <(register_client "OIDF conformance client 2")
	[[ -n "${CLIENT1_ID:-}" && -n "${CLIENT2_ID:-}" ]] || die "client registration failed (see above)"
	log "registered clients $CLIENT1_ID and $CLIENT2_ID"
	BC_CLIENT1_ID="" BC_CLIENT1_SECRET="" BC_CLIENT2_ID="" BC_CLIENT2_SECRET=""
	if [[ " $PLANS " == *" backchannel "* ]]; then
		read -r BC_CLIENT1_ID BC_CLIENT1_SECRET < <(register_client "OIDF back-channel client 1" backchannel)
		read -r BC_CLIENT2_ID BC_CLIENT2_SECRET < <(register_client "OIDF back-channel client 2" backchannel)
		[[ -n "$BC_CLIENT1_ID" && -n "$BC_CLIENT2_ID" ]] || die "back-channel client registration failed"
		log "registered back-channel clients $BC_CLIENT1_ID and $BC_CLIENT2_ID"
	fi
	printf 'client1 %s\nclient2 %s\n' "$CLIENT1_ID" "$CLIENT2_ID" >>"$RESULTS/clients.txt"
	"${CURL[@]}" "$ISSUER/.well-known/openid-configuration" -o "$RESULTS/openid-configuration.json"

	write_configs
	run_plans
	local verdict=0
	"$PYTHON" "$HERE/summarize.py" --server "$SUITE_BASE/" --run-id "$RUN_ID" --out "$RESULTS" || verdict=$?
	case "$verdict" in
		0) log "done, no module failed: $RESULTS/summary.txt, $RESULTS/report.md" ;;
		3) log "done, some modules FAILED or did not finish: $RESULTS/summary.txt, $RESULTS/report.md" ;;
		*) log "summarize.py failed (exit $verdict); the raw runner output is $LOGS/runner.log" ;;
	esac
	return "$verdict"
}

main "$@"
