# shellcheck shell=bash
# How jobs look to a person (text output); --output json prints the API's own JSON instead.
# Sourced by bin/docbatch.

# print_job: the job in API_BODY, one field a line.
print_job() {
  jq -r '
    def line(name; value): if value == null then empty else "\(name | . + " " * (11 - length))\(value)" end;
    (.total_tasks - .completed_tasks - .failed_tasks) as $left
    | line("job"; .job_id),
      line("type"; "\(.job_type), priority \(.priority)"),
      line("status"; "\(.status), \(.progress)%"),
      line("documents"; "\(.total_tasks): \(.completed_tasks) succeeded, \(.failed_tasks) failed, \($left) not done"),
      line("pages"; if has("pages_total") then "\(.pages_total): \(.pages_done) read or failed" else null end),
      line("options"; if (.options // {}) == {} then null else (.options | tojson) end),
      line("retries"; if .retries > 0 or .recoveries > 0 then "\(.retries), taken over \(.recoveries) times" else null end),
      line("node"; .node),
      line("created"; .created_at),
      line("started"; .started_at),
      line("finished"; .finished_at),
      line("error"; .error)
  ' <<<"$API_BODY"
}

# print_job_or_json OUTPUT: the job in API_BODY as text or as the API's JSON.
print_job_or_json() {
  if [ "$1" = json ]; then
    jq . <<<"$API_BODY"
  else
    print_job
  fi
}

# Pads tab-separated columns to their widest cell (column(1) is not on every machine).
align_columns() {
  awk -F '\t' '
    { rows[NR] = $0; for (i = 1; i <= NF; i++) if (length($i) > width[i]) width[i] = length($i) }
    END {
      for (r = 1; r <= NR; r++) {
        n = split(rows[r], cell, "\t"); line = ""
        for (i = 1; i < n; i++) line = line sprintf("%-" width[i] "s  ", cell[i])
        print line cell[n]
      }
    }'
}
