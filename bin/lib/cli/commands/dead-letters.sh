# shellcheck shell=bash
# summary: list dead letters (documents that crashed their workers), requeue or discard one

# shellcheck disable=SC2034 # read by usage_error
COMMAND_USAGE="docbatch dead-letters [list] [--output text|json] | dead-letters requeue ID | dead-letters discard ID"

command_help() {
  cat <<EOF
usage: docbatch dead-letters [list] [--output text|json]
       docbatch dead-letters requeue ID [--output text|json]
       docbatch dead-letters discard ID [--output text|json]

A dead letter is a document whose runs failed unexpectedly max_retries + 1 times (its worker crashed,
hung or died on it); its job records it as failed with "dead_lettered".

  list       every dead letter (GET /api/dead-letters): id, worker type, job, document index, when,
             last error (the default)
  requeue    runs the entry's job again: its documents without a successful outcome run again
             (POST /api/dead-letters/ID/requeue; refused with job_not_finished while the job runs)
  discard    forgets the entry; the document keeps its failed outcome (DELETE /api/dead-letters/ID)
EOF
}

command_run() {
  local action="" id="" output=text
  while [ $# -gt 0 ]; do
    case "$1" in
      --output) need_value "$1" "${2-}"; need_choice "$1" "$2" text json; output=$2; shift 2 ;;
      -*) usage_error "unknown option $1" ;;
      *)
        if [ -z "$action" ]; then
          need_choice "action" "$1" list requeue discard
          action=$1
        elif [ -z "$id" ] && [ "$action" != list ]; then
          id=$1
        else
          usage_error "unexpected argument $1"
        fi
        shift
        ;;
    esac
  done
  action=${action:-list}
  if [ "$action" != list ]; then
    [ -n "$id" ] || usage_error "$action needs the dead letter's ID (see docbatch dead-letters list)"
    need_id "dead letter id" "$id"
  fi

  case "$action" in
    list) api_get /api/dead-letters ;;
    requeue) api POST "/api/dead-letters/$id/requeue" ;;
    discard) api DELETE "/api/dead-letters/$id" ;;
  esac
  if [ "$output" = json ]; then
    jq . <<<"$API_BODY"
    return "$EXIT_OK"
  fi
  case "$action" in
    list) print_dead_letters ;;
    requeue) jq -r '"requeued: job \(.job_id) runs again (docbatch status \(.job_id))"' <<<"$API_BODY" ;;
    discard) jq -r '"discarded dead letter \(.id) (job \(.job_id), document \(.document_index))"' <<<"$API_BODY" ;;
  esac
}

print_dead_letters() {
  if [ "$(jq .total <<<"$API_BODY")" -eq 0 ]; then
    note "no dead letters"
    return
  fi
  {
    printf 'ID\tWORKER_TYPE\tJOB_ID\tDOCUMENT\tDEAD_AT\tERROR\n'
    jq -r '.dead_letters[] | [.id, .worker_type, (.job_id // ""), (.document_index // ""), .dead_at,
      (.error | gsub("[\t\n\r]"; " ") | .[:120])] | @tsv' <<<"$API_BODY"
  } | align_columns
}
