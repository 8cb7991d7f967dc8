# shellcheck shell=bash
# summary: show a job: status, progress, counters, times

COMMAND_USAGE="docbatch status JOB_ID [--output text|json]"

command_help() {
  cat <<EOF
usage: $COMMAND_USAGE

Shows job JOB_ID (GET /api/jobs/JOB_ID): its type, status, progress, documents succeeded and failed,
node and times. --output json prints the API's JSON as it is.

example:
  docbatch status 3f0c9a4e-... --output json | jq .progress
EOF
}

command_run() {
  local job_id="" output=text
  while [ $# -gt 0 ]; do
    case "$1" in
      --output) need_value "$1" "${2-}"; need_choice "$1" "$2" text json; output=$2; shift 2 ;;
      -*) usage_error "unknown option $1" ;;
      *) [ -z "$job_id" ] || usage_error "one JOB_ID only"; job_id=$1; shift ;;
    esac
  done
  [ -n "$job_id" ] || usage_error "JOB_ID is required"
  need_id "job id" "$job_id"
  api_get "/api/jobs/$job_id"
  print_job_or_json "$output"
}
