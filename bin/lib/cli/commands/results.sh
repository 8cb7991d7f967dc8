# shellcheck shell=bash
# summary: print each document's result of a job, as text, JSON or CSV

COMMAND_USAGE="docbatch results JOB_ID [--output text|json|csv] [--failed] [--page-size N] [--download DIR]"

command_help() {
  cat <<EOF
usage: $COMMAND_USAGE

Prints the result of every document of job JOB_ID, reading all the pages of
GET /api/jobs/JOB_ID/results (its "next" links). A document not processed yet is "pending".

  --output text     one line a document: index, status, document, then its time or its error
                    (default)
  --output json     one JSON object: the job's counters and "results", every document's result as
                    the API gives it
  --output csv      a header, then one row a document: index, document, status, duration_ms,
                    error_code, error_message, result (the result's JSON)
  --failed          only the documents that failed
  --page-size N     documents per request (default and most: 1000)
  --download DIR    also fetch every artifact of those documents (the files the job produced)
                    into DIR/<index>/<name>; a file already there with the same SHA-256 is
                    skipped, so an interrupted download resumes where it stopped

examples:
  docbatch results 3f0c9a4e-... --failed
  docbatch results 3f0c9a4e-... --output csv > results.csv
  docbatch results 3f0c9a4e-... --output json | jq -r '.results[].result.text'
  docbatch results 3f0c9a4e-... --download scans-out/
EOF
}

command_run() {
  local job_id="" output=text only_failed="" page_size=1000 download=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --output) need_value "$1" "${2-}"; need_choice "$1" "$2" text json csv; output=$2; shift 2 ;;
      --failed) only_failed=1; shift ;;
      --page-size) need_value "$1" "${2-}"; need_integer "$1" "$2"; page_size=$2; shift 2 ;;
      --download) need_value "$1" "${2-}"; download=$2; shift 2 ;;
      -*) usage_error "unknown option $1" ;;
      *) [ -z "$job_id" ] || usage_error "one JOB_ID only"; job_id=$1; shift ;;
    esac
  done
  [ -n "$job_id" ] || usage_error "JOB_ID is required"
  need_id "job id" "$job_id"

  local wanted='.results[]'
  [ -n "$only_failed" ] && wanted='.results[] | select(.status == "failed")'
  local rows="$CLI_TMP/results.jsonl" path="/api/jobs/$job_id/results?offset=0&limit=$page_size"
  : >"$rows"
  while [ -n "$path" ]; do
    api_get "$path"
    # One pass over the page: its "next" link (or an empty line) first, then the results it keeps.
    { IFS= read -r path; cat >>"$rows"; } < <(jq -r "(.next // \"\"), ($wanted | tojson)" <<<"$API_BODY")
  done

  if [ -n "$download" ]; then
    download_artifacts "$job_id" "$rows" "$download"
    return
  fi

  # The counters are those of the last page read: the freshest.
  case "$output" in
    json)
      # Through files: a page of OCR texts can be larger than one command-line argument may be.
      jq 'del(.results, .next, .offset, .limit)' <<<"$API_BODY" >"$CLI_TMP/counters.json"
      jq -n --slurpfile counters "$CLI_TMP/counters.json" --slurpfile results "$rows" \
        '$counters[0] + {results: $results}'
      ;;
    csv)
      printf 'index,document,status,duration_ms,error_code,error_message,result\n'
      jq -r '[.index, .document, .status, .duration_ms, .error.code, .error.message,
        (if .result == null then null else (.result | tojson) end)] | @csv' "$rows"
      ;;
    text)
      jq -r '"job \(.job_id) \(.status): \(.successful) of \(.total_tasks) documents succeeded, \(.failed) failed"' \
        <<<"$API_BODY"
      jq -r '[.index, .status, .document,
        if .status == "failed" then "\(.error.code // "error"): \(.error.message // "")"
        elif .duration_ms != null then "\(.duration_ms) ms" else "" end] | @tsv' "$rows" | align_columns
      ;;
  esac
}

# download_artifacts JOB_ID ROWS_FILE DIR: every artifact of the documents in ROWS_FILE into
# DIR/<index>/<name>, skipping those already there whole (same SHA-256).
download_artifacts() {
  local job_id=$1 rows=$2 dir=$3 fetched=0 skipped=0 index name sha url target
  mkdir -p "$dir" || fail "$EXIT_USAGE" no_folder "cannot create the folder $dir"
  for index in $(jq -r '.index' "$rows"); do
    api_get "/api/jobs/$job_id/documents/$index/artifacts"
    while IFS=$'\t' read -r name sha url; do
      [ -n "$name" ] || continue
      # The server refuses such names; a client checks anyway before it writes a file.
      if [[ $name == */* || $name == .* ]]; then
        fail "$EXIT_SERVER" bad_artifact_name "the server listed an artifact named '$name'"
      fi
      target="$dir/$index/$name"
      if [ -f "$target" ] && [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$sha" ]; then
        skipped=$((skipped + 1))
        continue
      fi
      mkdir -p "$dir/$index"
      if ! curl --silent --show-error --fail --globoff \
        --connect-timeout "$CONNECT_TIMEOUT" --header "@$CLI_TMP/headers" \
        --output "$target.part" "$DOCBATCH_BASE$url" 2>"$CLI_TMP/curl-error"; then
        rm -f "$target.part"
        fail "$EXIT_SERVER" download_failed "$url: $(head -c 200 "$CLI_TMP/curl-error")"
      fi
      if [ "$(sha256sum "$target.part" | cut -d' ' -f1)" != "$sha" ]; then
        rm -f "$target.part"
        fail "$EXIT_SERVER" checksum_mismatch "$url did not arrive whole (its SHA-256 differs); run again"
      fi
      mv -f "$target.part" "$target"
      fetched=$((fetched + 1))
    done < <(jq -r '.artifacts[] | [.name, .sha256, .url] | @tsv' <<<"$API_BODY")
  done
  printf 'downloaded %d artifacts into %s; %d already there\n' "$fetched" "$dir" "$skipped"
}
