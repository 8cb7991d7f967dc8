# shellcheck shell=bash
# Following a job until it has finished (submit --wait, retry --wait), with its progress on stderr:
# one line redrawn in place on a terminal, an occasional plain line otherwise (logs, CI).
# Sourced by bin/docbatch.

POLL_SECONDS=${DOCBATCH_POLL_SECONDS:-1}
# Without a terminal: a line when the status changes, otherwise at most one this often.
PLAIN_LINE_SECONDS=${DOCBATCH_PROGRESS_SECONDS:-10}
# How long a server that stopped answering (a node restarting, Redis away) may take to come back; the
# job itself goes on meanwhile.
OUTAGE_SECONDS=${DOCBATCH_OUTAGE_SECONDS:-120}
readonly BAR_WIDTH=30

# The job's fields follow_job reads, from the last GET /api/jobs/{id}.
JOB_STATUS="" JOB_PROGRESS=0 JOB_TOTAL=0 JOB_SUCCEEDED=0 JOB_FAILED=0 JOB_FINISHED=""

read_job_fields() {
  IFS=$'\t' read -r JOB_STATUS JOB_PROGRESS JOB_TOTAL JOB_SUCCEEDED JOB_FAILED JOB_FINISHED < <(
    jq -r '[.status, .progress, .total_tasks, .completed_tasks, .failed_tasks,
            (if has("finished_at") then "yes" else "no" end)] | @tsv' <<<"$API_BODY"
  )
}

# "[#########.....................]  30%  3/10 done, 1 failed  RUNNING  0:04"
progress_bar() {
  local elapsed=$1 filled=$((JOB_PROGRESS * BAR_WIDTH / 100)) bar
  bar=$(printf '%*s' "$filled" '' | tr ' ' '#')$(printf '%*s' $((BAR_WIDTH - filled)) '' | tr ' ' '.')
  printf '[%s] %3d%%  %d/%d done, %d failed  %s  %d:%02d' "$bar" "$JOB_PROGRESS" \
    $((JOB_SUCCEEDED + JOB_FAILED)) "$JOB_TOTAL" "$JOB_FAILED" "$JOB_STATUS" \
    $((elapsed / 60)) $((elapsed % 60))
}

# follow_job JOB_ID: polls the job until it has finished (it has finished_at: a cancelled job may
# still have documents in flight before that). Returns 0 when every document succeeded, 1 otherwise;
# leaves the job's last answer in API_BODY.
follow_job() {
  local id=$1 terminal="" started=$SECONDS last_status="" last_line_at=-1 last_progress=-1
  [ -t 2 ] && terminal=1
  trap 'stopped_following "$id" "$terminal"' INT
  local outage_since=""
  while :; do
    if ! API_OUTAGE_OK=1 api_get "/api/jobs/$id"; then
      if [ -z "$outage_since" ]; then
        outage_since=$SECONDS
        [ -n "$terminal" ] && printf '\n' >&2
        note "no answer from the server ($API_OUTAGE); trying again for up to $OUTAGE_SECONDS s"
      elif [ $((SECONDS - outage_since)) -ge "$OUTAGE_SECONDS" ]; then
        fail "$EXIT_SERVER" server_unreachable \
          "no answer from $DOCBATCH_BASE for $OUTAGE_SECONDS s ($API_OUTAGE); job $id may still run: docbatch status $id"
      fi
      sleep "$POLL_SECONDS"
      continue
    fi
    [ -n "$outage_since" ] && note "the server answers again"
    outage_since=""
    read_job_fields
    local elapsed=$((SECONDS - started))
    if [ -n "$terminal" ]; then
      printf '\r\033[K%s' "$(progress_bar "$elapsed")" >&2
    elif [ "$JOB_STATUS" != "$last_status" ] \
      || { [ "$JOB_PROGRESS" != "$last_progress" ] && [ $((SECONDS - last_line_at)) -ge "$PLAIN_LINE_SECONDS" ]; }; then
      note "job $id: $JOB_STATUS $JOB_PROGRESS% ($((JOB_SUCCEEDED + JOB_FAILED))/$JOB_TOTAL done, $JOB_FAILED failed)"
      last_line_at=$SECONDS
      last_status=$JOB_STATUS
      last_progress=$JOB_PROGRESS
    fi
    [ "$JOB_FINISHED" = yes ] && break
    sleep "$POLL_SECONDS"
  done
  trap - INT
  [ -n "$terminal" ] && printf '\n' >&2
  note "job $id $JOB_STATUS: $JOB_SUCCEEDED of $JOB_TOTAL documents succeeded, $JOB_FAILED failed"
  if [ "$JOB_STATUS" = COMPLETED ] && [ "$JOB_FAILED" -eq 0 ] && [ "$JOB_SUCCEEDED" -eq "$JOB_TOTAL" ]; then
    return "$EXIT_OK"
  fi
  if [ "$JOB_FAILED" -gt 0 ]; then
    local job=$API_BODY
    print_first_failures "$id"
    API_BODY=$job
  fi
  return "$EXIT_FAILED"
}

# The first few failed documents and why, so that a failed --wait says what went wrong.
readonly FAILURES_SHOWN=5
print_first_failures() {
  local id=$1 lines=() page path="/api/jobs/$1/results?offset=0&limit=1000"
  while [ -n "$path" ] && [ ${#lines[@]} -lt $FAILURES_SHOWN ]; do
    api_get "$path"
    mapfile -t page < <(jq -r '.results[] | select(.status == "failed")
      | "  \(.document): \(.error.code // "error"): \(.error.message // "")"' <<<"$API_BODY")
    lines+=("${page[@]}")
    path=$(jq -r '.next // empty' <<<"$API_BODY")
  done
  printf '%s\n' "${lines[@]:0:$FAILURES_SHOWN}" >&2
  if [ "$JOB_FAILED" -gt $FAILURES_SHOWN ]; then
    note "  ... and $((JOB_FAILED - FAILURES_SHOWN)) more: docbatch results $id --failed"
  fi
}

stopped_following() {
  [ -n "$2" ] && printf '\n' >&2
  note "stopped waiting; job $1 goes on: docbatch status $1 (or docbatch cancel $1)"
  exit "$EXIT_INTERRUPTED"
}
