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
# JOB_PAGES: "done/total" pages of an OCR job (documents read page by page count each page), or "-".
JOB_STATUS="" JOB_PROGRESS=0 JOB_TOTAL=0 JOB_SUCCEEDED=0 JOB_FAILED=0 JOB_FINISHED="" JOB_PAGES="-"

read_job_fields() {
  IFS=$'\t' read -r JOB_STATUS JOB_PROGRESS JOB_TOTAL JOB_SUCCEEDED JOB_FAILED JOB_FINISHED JOB_PAGES < <(
    jq -r '[.status, .progress, .total_tasks, .completed_tasks, .failed_tasks,
            (if has("finished_at") then "yes" else "no" end),
            (if has("pages_total") then "\(.pages_done)/\(.pages_total)" else "-" end)] | @tsv' <<<"$API_BODY"
  )
}

# "[#########.....................]  30%  3/10 done, 1 failed  RUNNING  0:04"
progress_bar() {
  local elapsed=$1 filled=$((JOB_PROGRESS * BAR_WIDTH / 100)) bar
  bar=$(printf '%*s' "$filled" '' | tr ' ' '#')$(printf '%*s' $((BAR_WIDTH - filled)) '' | tr ' ' '.')
  printf '[%s] %3d%%  %d/%d done, %d failed  %s  %d:%02d' "$bar" "$JOB_PROGRESS" \
    $((JOB_SUCCEEDED + JOB_FAILED)) "$JOB_TOTAL" "$JOB_FAILED" "$JOB_STATUS" \
    $((elapsed / 60)) $((elapsed % 60))
  if [ "$JOB_PAGES" != - ]; then printf '  pages %s' "$JOB_PAGES"; fi
}

# report_job JOB_ID OUTPUT WAIT: what submit and retry print for the job they just started. Without
# WAIT: its id, or the answer's JSON (OUTPUT json). With WAIT: follows it (follow_job) and returns
# its outcome, printing the id first (OUTPUT id) or the final record after (OUTPUT json).
report_job() {
  local job_id=$1 output=$2 wait=$3
  if [ -z "$wait" ]; then
    if [ "$output" = json ]; then jq . <<<"$API_BODY"; else printf '%s\n' "$job_id"; fi
    return "$EXIT_OK"
  fi
  [ "$output" = id ] && printf '%s\n' "$job_id"
  local outcome=0
  follow_job "$job_id" || outcome=$?
  [ "$output" = json ] && jq . <<<"$API_BODY"
  return $outcome
}

# follow_job JOB_ID: polls the job until it has finished (it has finished_at: a cancelled job may
# still have documents in flight before that). Returns 0 when every document succeeded, 1 otherwise;
# leaves the job's last answer in API_BODY.
follow_job() {
  local id=$1
  FOLLOW_TERMINAL="" FOLLOW_STARTED=$SECONDS
  [ -t 2 ] && FOLLOW_TERMINAL=1
  trap 'stopped_following "$id"' INT
  while :; do
    if poll_job "$id"; then
      show_progress "$id"
      [ "$JOB_FINISHED" = yes ] && break
    fi
    sleep "$POLL_SECONDS"
  done
  trap - INT
  [ -n "$FOLLOW_TERMINAL" ] && printf '\n' >&2
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

FOLLOW_TERMINAL="" FOLLOW_STARTED=0 FOLLOW_OUTAGE_SINCE="" FOLLOW_LAST_LINE_AT=-1
FOLLOW_LAST_STATUS="" FOLLOW_LAST_PROGRESS=-1

# poll_job JOB_ID: reads the job into the JOB_ fields; returns 1 while the server does not answer, and
# ends the command once that has lasted OUTAGE_SECONDS.
poll_job() {
  if API_OUTAGE_OK=1 api_get "/api/jobs/$1"; then
    [ -n "$FOLLOW_OUTAGE_SINCE" ] && note "the server answers again"
    FOLLOW_OUTAGE_SINCE=""
    read_job_fields
    return 0
  fi
  if [ -z "$FOLLOW_OUTAGE_SINCE" ]; then
    FOLLOW_OUTAGE_SINCE=$SECONDS
    [ -n "$FOLLOW_TERMINAL" ] && printf '\n' >&2
    note "no answer from the server ($API_OUTAGE); trying again for up to $OUTAGE_SECONDS s"
  elif [ $((SECONDS - FOLLOW_OUTAGE_SINCE)) -ge "$OUTAGE_SECONDS" ]; then
    fail "$EXIT_SERVER" server_unreachable \
      "no answer from $DOCBATCH_BASE for $OUTAGE_SECONDS s ($API_OUTAGE); job $1 may still run: docbatch status $1"
  fi
  return 1
}

# show_progress JOB_ID: redraws the bar on a terminal; otherwise writes a line when the status
# changed, or when the progress did and the last line is PLAIN_LINE_SECONDS old.
show_progress() {
  if [ -n "$FOLLOW_TERMINAL" ]; then
    printf '\r\033[K%s' "$(progress_bar $((SECONDS - FOLLOW_STARTED)))" >&2
    return
  fi
  if [ "$JOB_STATUS" != "$FOLLOW_LAST_STATUS" ] \
    || { [ "$JOB_PROGRESS" != "$FOLLOW_LAST_PROGRESS" ] \
      && [ $((SECONDS - FOLLOW_LAST_LINE_AT)) -ge "$PLAIN_LINE_SECONDS" ]; }; then
    note "job $1: $JOB_STATUS $JOB_PROGRESS% ($((JOB_SUCCEEDED + JOB_FAILED))/$JOB_TOTAL done, $JOB_FAILED failed)"
    FOLLOW_LAST_LINE_AT=$SECONDS
    FOLLOW_LAST_STATUS=$JOB_STATUS
    FOLLOW_LAST_PROGRESS=$JOB_PROGRESS
  fi
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
  [ -n "$FOLLOW_TERMINAL" ] && printf '\n' >&2
  note "stopped waiting; job $1 goes on: docbatch status $1 (or docbatch cancel $1)"
  exit "$EXIT_INTERRUPTED"
}
