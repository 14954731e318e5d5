#!/usr/bin/env bash
# Smoke test of a deployed medsum API with IAM auth: every request is signed with SigV4 by curl, using
# the credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, as
# aws-actions/configure-aws-credentials sets them). The caller needs execute-api:Invoke on the API.
#
#   smoke-test.sh API_URL health   # GET /health is 200 and "ok"
#   smoke-test.sh API_URL full     # and a synthetic report goes from 202 to SUCCESS within 5 minutes
set -euo pipefail

API_URL=${1:?usage: smoke-test.sh API_URL [health|full]}
MODE=${2:-full}
REGION=${AWS_REGION:?AWS_REGION is not set}
: "${AWS_ACCESS_KEY_ID:?}" "${AWS_SECRET_ACCESS_KEY:?}"

signed() {
  local args=(--silent --show-error --max-time 30 --aws-sigv4 "aws:amz:${REGION}:execute-api"
              --user "${AWS_ACCESS_KEY_ID}:${AWS_SECRET_ACCESS_KEY}")
  if [ -n "${AWS_SESSION_TOKEN:-}" ]; then
    args+=(-H "x-amz-security-token: ${AWS_SESSION_TOKEN}")
  fi
  curl "${args[@]}" "$@"
}

echo "GET ${API_URL}/health"
health=$(signed --write-out '\n%{http_code}' "${API_URL}/health")
code=$(tail -n1 <<<"$health"); body=$(sed '$d' <<<"$health")
echo "  ${code} ${body}"
[ "$code" = 200 ] && [ "$(jq -r .status <<<"$body")" = ok ] || { echo "health check failed" >&2; exit 1; }

[ "$MODE" = full ] || exit 0

# Made-up text: no patient data ever goes into a smoke test.
report=$(jq -n --arg id "SMOKE-${GITHUB_RUN_ID:-local}" '{patientId: $id, sourceSystem: "SmokeTest",
  text: "SMOKE TEST. HISTORY: Synthetic patient with two days of cough. EXAM: Clear chest. ASSESSMENT: Viral infection. PLAN: Fluids and rest; review in one week if not better.",
  metadata: {urgency: "LOW"}}')
echo "POST ${API_URL}/summarize"
submitted=$(signed --write-out '\n%{http_code}' -H 'Content-Type: application/json' -d "$report" "${API_URL}/summarize")
code=$(tail -n1 <<<"$submitted"); body=$(sed '$d' <<<"$submitted")
echo "  ${code} ${body}"
[ "$code" = 202 ] || { echo "submit failed" >&2; exit 1; }
status_url=$(jq -r .statusUrl <<<"$body")

for attempt in $(seq 1 60); do
  status=$(signed "$status_url" | jq -r .status)
  echo "  poll ${attempt}: ${status}"
  case "$status" in
    SUCCESS) echo "smoke test passed"; exit 0 ;;
    FAILED) signed "$status_url" | jq '{status, error, attempts}' >&2; exit 1 ;;
  esac
  sleep 5
done
echo "the report did not reach SUCCESS within 5 minutes" >&2
exit 1
