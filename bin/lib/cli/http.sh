# shellcheck shell=bash
# shellcheck disable=SC2034 # API_STATUS, API_BODY and API_OUTAGE are read by the callers
# Talking to the API: one function, api, sends a request with curl and either leaves a successful
# answer in API_STATUS and API_BODY or ends the command with exit 3 and a readable message.
# Sourced by bin/docbatch.

readonly DEFAULT_URL=http://localhost:8080
CONNECT_TIMEOUT=${DOCBATCH_CONNECT_TIMEOUT:-5}
REQUEST_TIMEOUT=${DOCBATCH_REQUEST_TIMEOUT:-60}

API_STATUS=""
API_BODY=""
# When set, api returns 1 with the reason in API_OUTAGE, rather than exiting, when the server does not
# answer or answers 502, 503 or 504: for a caller that can wait for it to come back.
API_OUTAGE_OK=""
API_OUTAGE=""

# Sets DOCBATCH_BASE (the server's URL without a trailing "/" nor "/api") and a private folder for
# request bodies and the credentials' headers, removed when the command exits.
api_setup() {
  local url=${DOCBATCH_URL:-$DEFAULT_URL}
  [[ $url =~ ^https?:// ]] || usage_error "the server URL must start with http:// or https://, not '$url'"
  url=${url%/}
  DOCBATCH_BASE=${url%/api}
  CLI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/docbatch.XXXXXX") \
    || fail "$EXIT_SETUP" no_temp_folder "cannot create a temporary folder under ${TMPDIR:-/tmp}"
  trap 'rm -rf "$CLI_TMP"' EXIT
  # In a file rather than on curl's command line, where any user of the machine could read them.
  : >"$CLI_TMP/headers"
  if [ -n "${DOCBATCH_TOKEN:-}" ]; then
    printf 'Authorization: Bearer %s\n' "$DOCBATCH_TOKEN" >>"$CLI_TMP/headers"
  fi
  if [ -n "${DOCBATCH_API_KEY:-}" ]; then
    printf 'X-API-Key: %s\n' "$DOCBATCH_API_KEY" >>"$CLI_TMP/headers"
  fi
}

# api METHOD PATH [CURL_OPTION...]
# PATH starts with /api/. On a 2xx answer sets API_STATUS and API_BODY (JSON) and returns 0; on anything
# else prints "error: <code>: <detail>" on stderr and exits 3 (but see API_OUTAGE_OK).
api() {
  local method=$1 path=$2
  shift 2
  local url=$DOCBATCH_BASE$path meta
  meta=$(curl --silent --show-error --globoff --request "$method" \
    --connect-timeout "$CONNECT_TIMEOUT" --max-time "$REQUEST_TIMEOUT" \
    --header 'Accept: application/json, application/problem+json' --header "@$CLI_TMP/headers" \
    --output "$CLI_TMP/answer" --write-out '%{http_code} %{content_type}' \
    "$@" "$url" 2>"$CLI_TMP/curl-error")
  local curl_status=$?
  if [ $curl_status -ne 0 ]; then
    local reason
    reason=$(sed -n '1s/^curl: ([0-9]*) //p' "$CLI_TMP/curl-error")
    if [ -n "$API_OUTAGE_OK" ]; then
      API_OUTAGE=${reason:-curl exit $curl_status}
      return 1
    fi
    fail "$EXIT_SERVER" server_unreachable \
      "no answer from $DOCBATCH_BASE (${reason:-curl exit $curl_status}); is the server running? Set DOCBATCH_URL or --url"
  fi
  API_STATUS=${meta%% *}
  local content_type=${meta#* }
  API_BODY=$(<"$CLI_TMP/answer")
  if [[ $API_STATUS == 2?? ]]; then
    # The media type, not a parse: a page of results can be megabytes.
    if [ -n "$API_BODY" ] && [[ $content_type != application/json* ]]; then
      fail "$EXIT_SERVER" not_docbatch \
        "$url answered $API_STATUS with something that is not JSON; is $DOCBATCH_BASE a docbatch server?"
    fi
    return 0
  fi
  if [ -n "$API_OUTAGE_OK" ] && [[ $API_STATUS == 50[234] ]]; then
    API_OUTAGE="it answered $API_STATUS $(jq -r '.code // empty' <<<"$API_BODY" 2>/dev/null)"
    API_OUTAGE=${API_OUTAGE% }
    return 1
  fi
  print_problem "$method" "$url" "$content_type"
  print_credential_hint
  exit "$EXIT_SERVER"
}

# After a 401 or 403: which credential was sent, and what to do about it.
print_credential_hint() {
  local sent=""
  if [ -n "${DOCBATCH_API_KEY:-}" ]; then
    sent="the API key in DOCBATCH_API_KEY"
  elif [ -n "${DOCBATCH_TOKEN:-}" ]; then
    sent="the bearer token in DOCBATCH_TOKEN"
  fi
  case "$API_STATUS" in
    401)
      if [ -z "$sent" ]; then
        note "  this server needs a credential: set DOCBATCH_API_KEY (an admin makes one with 'docbatch key new') or DOCBATCH_TOKEN"
      else
        note "  the server did not accept $sent"
      fi
      ;;
    403) note "  ${sent:-the credential} is valid, but its role does not allow this; ask an admin for one that does" ;;
  esac
}

# An error answer as one line, "error: <code>: <detail>", then one indented line per listed error.
# A problem+json answer (RFC 9457) gives its code and detail; anything else its status and first line.
print_problem() {
  local method=$1 url=$2 content_type=$3
  if [[ $content_type == application/problem+json* ]] \
    && jq -e 'type == "object"' <<<"$API_BODY" >/dev/null 2>&1; then
    jq -r --arg status "$API_STATUS" '
      (.detail // .title // "no detail") as $detail
      | "error: \(.code // "http_\($status)"): \($detail)",
        (.errors // [] | .[] | (.message // .detail // tostring) as $message
          | select($message != $detail) | "  \(.code // "error"): \($message)")
    ' <<<"$API_BODY" >&2
  else
    local first_line
    first_line=$(printf '%s' "$API_BODY" | tr -d '\r' | sed -n '/[^[:space:]]/{p;q}' | cut -c1-200)
    fail "$EXIT_SERVER" "http_$API_STATUS" "$method $url answered ${first_line:-nothing}"
  fi
}

# api_get PATH: GET, as api does (a paged answer's "next" link is such a path).
api_get() {
  api GET "$1"
}

