# shellcheck shell=bash
# summary: list jobs, newest first

COMMAND_USAGE="docbatch list [--status STATUS] [--limit N] [--offset N] [--output text|json]"

command_help() {
  cat <<EOF
usage: $COMMAND_USAGE

Lists jobs newest first (GET /api/jobs), one a line: id, type, status, progress, documents, failed,
created.

  --status STATUS   PENDING, QUEUED, RUNNING, COMPLETED, FAILED or CANCELLED
  --limit N         at most N jobs (default 50, at most 1000)
  --offset N        skip the N newest
  --output json     the API's JSON as it is

example:
  docbatch list --status RUNNING
EOF
}

command_run() {
  local status="" limit=50 offset=0 output=text
  while [ $# -gt 0 ]; do
    case "$1" in
      --status) need_value "$1" "${2-}"; status=$2; shift 2 ;;
      --limit) need_value "$1" "${2-}"; need_integer "$1" "$2"; limit=$2; shift 2 ;;
      --offset) need_value "$1" "${2-}"; need_integer "$1" "$2"; offset=$2; shift 2 ;;
      --output) need_value "$1" "${2-}"; need_choice "$1" "$2" text json; output=$2; shift 2 ;;
      *) usage_error "unexpected argument $1" ;;
    esac
  done
  # The server checks the status's name and the page's bounds, and says what it accepts.
  local query="offset=$offset&limit=$limit"
  [ -n "$status" ] && query+="&status=$(jq -rn --arg s "$status" '$s | @uri')"
  api_get "/api/jobs?$query"
  if [ "$output" = json ]; then
    jq . <<<"$API_BODY"
    return "$EXIT_OK"
  fi
  if [ "$(jq '.jobs | length' <<<"$API_BODY")" -eq 0 ]; then
    note "no jobs${status:+ with status $status}"
    return "$EXIT_OK"
  fi
  {
    printf 'JOB_ID\tTYPE\tSTATUS\tPROGRESS\tDOCUMENTS\tFAILED\tCREATED\n'
    jq -r '.jobs[] | [.job_id, .job_type, .status, "\(.progress)%", .total_tasks, .failed_tasks,
      (.created_at // "")] | @tsv' <<<"$API_BODY"
  } | align_columns
}
