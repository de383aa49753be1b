#!/usr/bin/env bash
# Quick start, command 1: install what is missing, start the infrastructure and every service, say where to look.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$(date +%s)
bash "$HERE/install.sh"
# shellcheck source=env.sh
. "$HERE/env.sh"
bash "$HERE/infra.sh" start
(cd "$ROOT" && npm run --silent build)
bash "$HERE/services.sh" start
instances_note=""
if [ "${SERVICE_INSTANCES:-1}" != 1 ]; then
  instances_note=$'\n'"  (each service runs as $SERVICE_INSTANCES instances behind a round-robin proxy on its port; make status lists them)"
fi
cat <<MSG

Trygg Samverkan is running ($(( $(date +%s) - started )) s).
  Web front (residents):               http://127.0.0.1:$WEB_PORT/   (e.g. http://127.0.0.1:$WEB_PORT/ale/grannsamverkan)
  Coordinator pages:                   http://127.0.0.1:$WEB_PORT/ale/samordnare   (sign in as samordnare.ale, password trygg-dev)
  Police pages:                        http://127.0.0.1:$WEB_PORT/polis   (sign in as polis.trollhattan, password trygg-dev)
  Received email (local SMTP server):  $MAIL_CATCHER_URL
  Received SMS (local SMS gateway):    http://127.0.0.1:$SMS_GATEWAY_PORT
  Sign-in (development IdP):           $DEV_IDP_URL/   (the seeded people, password trygg-dev; README "Local sign-in")
  enrolment API:                       http://127.0.0.1:$ENROLMENT_PORT   (health: /health/ready)
  notifications:                       http://127.0.0.1:$NOTIFICATIONS_PORT
  volunteers:                          http://127.0.0.1:$VOLUNTEERS_PORT
  police-liaison:                      http://127.0.0.1:$POLICE_LIAISON_PORT
  onboarding (processes):              http://127.0.0.1:$ONBOARDING_PORT/processes
  bra-review (example plug-in):        http://127.0.0.1:$BRA_REVIEW_PORT$instances_note
Try the walking skeleton:
  curl -i -X POST http://127.0.0.1:$ENROLMENT_PORT/registrations -H 'content-type: application/json' \\
       -d '{"municipalityId":"lilla-edet","name":"Anna Andersson","email":"anna@example.se","address":{"street":"Storgatan","number":"1","postcode":"463 30"},"intent":"join"}'
  then open $MAIL_CATCHER_URL to read the Swedish email.
Stop everything: make down
MSG
