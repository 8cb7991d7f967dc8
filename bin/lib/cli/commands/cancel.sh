# shellcheck shell=bash
# summary: cancel a job: its documents not yet processed will not be

COMMAND_USAGE="docbatch cancel JOB_ID [--output text|json]"

command_help() {
  cat <<EOF
usage: $COMMAND_USAGE

Cancels job JOB_ID (DELETE /api/jobs/JOB_ID) and shows it. Documents already processed keep their
results; those running stop. A job that has already finished cannot be cancelled (error: job_finished,
exit 3). A cancelled job can run its remaining documents later: docbatch retry JOB_ID.
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
  api DELETE "/api/jobs/$job_id"
  print_job_or_json "$output"
}
