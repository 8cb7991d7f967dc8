# shellcheck shell=bash
# summary: run again the documents of a finished job that failed or never ran

COMMAND_USAGE="docbatch retry JOB_ID [--wait] [--output id|json]"

command_help() {
  cat <<EOF
usage: $COMMAND_USAGE

Retries job JOB_ID (POST /api/jobs/JOB_ID/retry): its documents that failed, were cancelled or never
ran run again; the successful ones keep their results. Prints the job's id.

  --wait             follow the job until it has finished, as submit --wait does
  --output id|json   print the job's id (default) or its JSON (with --wait: once it has finished)

exit codes: 0 retried (with --wait: every document succeeded), 1 with --wait: documents failed again,
3 refused, e.g. "error: nothing_to_retry: ..." or "error: job_not_finished: ..."
EOF
}

command_run() {
  local job_id="" wait="" output=id
  while [ $# -gt 0 ]; do
    case "$1" in
      --wait) wait=1; shift ;;
      --output) need_value "$1" "${2-}"; need_choice "$1" "$2" id json; output=$2; shift 2 ;;
      -*) usage_error "unknown option $1" ;;
      *) [ -z "$job_id" ] || usage_error "one JOB_ID only"; job_id=$1; shift ;;
    esac
  done
  [ -n "$job_id" ] || usage_error "JOB_ID is required"
  need_id "job id" "$job_id"
  api POST "/api/jobs/$job_id/retry"
  report_job "$job_id" "$output" "$wait"
}
