#!/usr/bin/env bash
# Sends a signed AfterShip 2025-01 webhook to a running receiver, as AfterShip would.
#   scripts/send-sample-webhook.sh [url] [secret] [body.json]
# Defaults: the local function host, the secret from local.settings.sample.json, requests/sample-webhook.json.
# Run it twice: the second delivery has the same event_id and is answered 200 without a second state change.
set -euo pipefail
url="${1:-http://localhost:7071/api/webhooks/aftership}"
secret="${2:-local-webhook-secret}"
body="${3:-$(dirname "$0")/../requests/sample-webhook.json}"

# The signature covers the exact bytes sent: sign the file, then send the file, never a re-serialised copy.
signature=$(openssl dgst -sha256 -hmac "$secret" -binary "$body" | base64 -w0)
rc=0
curl -sS -i -X POST "$url" \
  -H "Content-Type: application/json" \
  -H "as-webhook-version: 2025-01" \
  -H "aftership-hmac-sha256: $signature" \
  --data-binary "@$body" || rc=$?
echo
if [[ $rc -eq 7 ]]; then
  echo "send-sample-webhook: nothing answers at $url: is the app running? start scripts/run-local.sh" >&2
fi
exit "$rc"
