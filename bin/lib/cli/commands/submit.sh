# shellcheck shell=bash
# summary: upload files and submit a job over them (--wait: follow it to its end)

COMMAND_USAGE="docbatch submit --type TYPE [--priority N] [--option KEY=VALUE]... [--path DOC]... [--paths-from LIST] [--idempotency-key KEY] [--wait] [--output id|json] [FILE...]"

# Tries of POST /api/jobs when the server does not answer or answers 502/503/504, 2 s apart.
SUBMIT_TRIES=${DOCBATCH_SUBMIT_TRIES:-4}

# Files go to POST /api/documents this many at a time (one multipart request each).
UPLOAD_BATCH=${DOCBATCH_UPLOAD_BATCH:-20}

command_help() {
  cat <<EOF
usage: $COMMAND_USAGE

Uploads each local FILE (POST /api/documents), submits one job over them and the --path documents
(POST /api/jobs) and prints the job's id. Documents keep the order of the command line.

  --type TYPE         validation, preprocessing, ocr, nlp or pipeline (required)
  --priority N        -10 to 10, higher runs first (default 0)
  --option KEY=VALUE  a job option, repeatable. VALUE is JSON when it reads as a number, true,
                      false, null, an array or an object, and a string otherwise:
                      --option dpi=300 --option language=eng+deu --option 'annotators=["ner"]';
                      quote a string that looks like JSON: --option 'language="123"'
  --path DOC          a document already under the server's document root (e.g. scans/a.png),
                      repeatable
  --paths-from LIST   such documents, one a line, from the file LIST (- for stdin)
  --idempotency-key KEY
                      sent as Idempotency-Key (default: a new UUID): a submit tried again after
                      a timeout, or run again with the same KEY within a day, gets the job the
                      first try made instead of a second one
  --wait              follow the job until it has finished: a progress bar on a terminal, a line
                      now and then otherwise; the exit code then says how it went
  --output id|json    print the job's id (default) or its JSON (with --wait: once it has finished)
  --                  what follows is a FILE, even if it starts with -

An uploaded file is named in the job by its path under the server's document root,
uploads/<document_id>/<file name>, so that results show the file's name.

exit codes: 0 submitted (with --wait: every document succeeded), 1 with --wait: the job failed, was
cancelled or some documents failed, 2 bad arguments or unreadable FILE, 3 server unreachable or request
refused (e.g. "error: unknown_job_type: ...")

examples:
  docbatch submit --type ocr --priority 5 --option dpi=300 scans/*.png --wait
  (cd /srv/documents && find scans -name '*.tif') | docbatch submit --type ocr --paths-from -
  id=\$(docbatch submit --type validation --path reports/q3.pdf --path reports/q4.pdf)
EOF
}

command_run() {
  local type="" priority=0 wait="" output=id key=""
  local option_pairs=() kinds=() values=() files=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --type) need_value "$1" "${2-}"; type=$2; shift 2 ;;
      --priority) need_value "$1" "${2-}"; need_integer "$1" "$2"; priority=$2; shift 2 ;;
      --option)
        need_value "$1" "${2-}"
        [[ $2 == ?*=* ]] || usage_error "--option wants KEY=VALUE, not '$2'"
        option_pairs+=("$2")
        shift 2
        ;;
      --path) need_value "$1" "${2-}"; kinds+=(path); values+=("$2"); shift 2 ;;
      --idempotency-key) need_value "$1" "${2-}"; key=$2; shift 2 ;;
      --paths-from)
        need_value "$1" "${2-}"
        read_path_list "$2"
        shift 2
        ;;
      --wait) wait=1; shift ;;
      --output) need_value "$1" "${2-}"; need_choice "$1" "$2" id json; output=$2; shift 2 ;;
      --)
        shift
        while [ $# -gt 0 ]; do kinds+=(file); values+=("$1"); files+=("$1"); shift; done
        ;;
      -*) usage_error "unknown option $1" ;;
      *) kinds+=(file); values+=("$1"); files+=("$1"); shift ;;
    esac
  done
  [ -n "$type" ] || usage_error "--type is required"
  [ ${#values[@]} -gt 0 ] || usage_error "no documents: give FILEs to upload or --path DOC"
  local value
  for value in "${values[@]}"; do
    [[ $value == *$'\n'* ]] && usage_error "a document name contains a line break"
  done
  check_files "${files[@]}"

  local uploaded=()
  if [ ${#files[@]} -gt 0 ]; then
    mapfile -t uploaded < <(upload_files "${files[@]}")
    # upload_files runs in a subshell: a failed upload ended only that one.
    [ ${#uploaded[@]} -eq ${#files[@]} ] || exit "$EXIT_SERVER"
  fi
  local documents=() i next_upload=0
  for i in "${!kinds[@]}"; do
    if [ "${kinds[$i]}" = file ]; then
      documents+=("${uploaded[$next_upload]}")
      next_upload=$((next_upload + 1))
    else
      documents+=("${values[$i]}")
    fi
  done

  # Through a file: ten thousand document names can be more than a command line holds.
  printf '%s\n' "${documents[@]}" >"$CLI_TMP/documents"
  job_request "$type" "$priority" "$CLI_TMP/documents" "${option_pairs[@]}" >"$CLI_TMP/request.json" \
    || fail "$EXIT_USAGE" invalid_option "could not build the job's options"
  submit_once "${key:-$(new_key)}" "$CLI_TMP/request.json"
  local job_id
  job_id=$(jq -r .job_id <<<"$API_BODY")

  report_job "$job_id" "$output" "$wait"
}

# submit_once KEY REQUEST_FILE: POSTs the job with Idempotency-Key KEY, trying again with the same
# key while the server does not answer or is unavailable: a try whose answer was lost made the job,
# and the next one gets that job back rather than a second.
submit_once() {
  local try
  for try in $(seq 1 "$SUBMIT_TRIES"); do
    API_OUTAGE_OK=$([ "$try" -lt "$SUBMIT_TRIES" ] && echo yes)
    if api POST /api/jobs --header 'Content-Type: application/json' \
      --header "Idempotency-Key: $1" --data-binary "@$2"; then
      API_OUTAGE_OK=""
      return 0
    fi
    note "submit: $API_OUTAGE; trying again in 2 s with the same Idempotency-Key"
    sleep 2
  done
}

# new_key: a random UUID, from the kernel (no uuidgen on a minimal system).
new_key() {
  cat /proc/sys/kernel/random/uuid 2>/dev/null || printf '%s-%s' "$(date +%s%N)" "$RANDOM$RANDOM"
}

# read_path_list LIST: appends the document paths of the file LIST (- for stdin), one a line, blank
# lines skipped, to the command's kinds and values.
read_path_list() {
  local list=$1 path
  [ "$list" = - ] && list=/dev/stdin
  [ -r "$list" ] || usage_error "cannot read the list of paths $1"
  while IFS= read -r path || [ -n "$path" ]; do
    path=${path%$'\r'}
    [ -n "$path" ] || continue
    kinds+=(path)
    values+=("$path")
  done <"$list"
}

check_files() {
  local file
  for file in "$@"; do
    [ -f "$file" ] || usage_error "no such file: $file (a document already on the server is --path DOC)"
    [ -r "$file" ] || usage_error "cannot read $file"
  done
}

# upload_files FILE...: uploads the files, UPLOAD_BATCH per request, and prints one document
# reference per file, in order.
upload_files() {
  local total=$# sent=0 batch form=() file escaped
  while [ $# -gt 0 ]; do
    batch=$(($# < UPLOAD_BATCH ? $# : UPLOAD_BATCH))
    form=()
    for file in "${@:1:$batch}"; do
      # curl's -F reads a quoted file name with \ and " escaped: any name, even with ; or ,.
      escaped=${file//\\/\\\\}
      escaped=${escaped//\"/\\\"}
      form+=(--form "file=@\"$escaped\"")
    done
    REQUEST_TIMEOUT=0 api POST /api/documents "${form[@]}"
    jq -r '.documents[] | "uploads/\(.document_id)/\(.filename)"' <<<"$API_BODY"
    shift "$batch"
    sent=$((sent + batch))
    [ "$total" -gt "$UPLOAD_BATCH" ] && [ -t 2 ] && note "uploaded $sent of $total files"
  done
}

# job_request TYPE PRIORITY DOCUMENTS_FILE OPTION...: the POST /api/jobs body; the file holds one
# document a line.
job_request() {
  local type=$1 priority=$2 documents_file=$3
  shift 3
  jq -n --arg type "$type" --argjson priority "$priority" --rawfile documents "$documents_file" '
    def option_value:
      . as $text
      | if test("^(-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null|\\[.*\\]|\\{.*\\}|\".*\")$"; "s")
        then (try fromjson catch $text) else . end;
    {
      job_type: $type,
      priority: $priority,
      options: (reduce $ARGS.positional[] as $pair ({};
        ($pair | index("=")) as $at | .[$pair[:$at]] = ($pair[$at + 1:] | option_value))),
      documents: ($documents | rtrimstr("\n") | split("\n"))
    }' --args "$@"
}
