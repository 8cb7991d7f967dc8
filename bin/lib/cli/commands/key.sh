# shellcheck shell=bash
# summary: make an API key (here, no server needed): prints it once, files only its SHA-256

# shellcheck disable=SC2034 # read by usage_error and main
COMMAND_USAGE="docbatch key new --user NAME --role submitter|operator|admin|worker [--file FILE]"
# shellcheck disable=SC2034 # read by main: this command talks to no server
COMMAND_OFFLINE=1

command_help() {
  cat <<EOF
usage: $COMMAND_USAGE

Makes a new API key for user NAME with a role (submitter: their own jobs and documents; operator:
every job, the dashboard, workers, metrics and dead letters; admin: also the configuration;
worker: a machine that takes tasks of external types, and nothing else). The key
is "dbk_" and 43 random base64url characters (32 bytes from /dev/urandom). It is printed once, on
stdout, and never stored: the server keeps only its SHA-256, in an entry "NAME:ROLE:SHA256HEX".

  --file FILE   append the entry to FILE (created readable by its owner only when missing): the
                API_KEYS_FILE of the servers, which read it again within a second of a change
  (no --file)   print the entry on a second line of stdout, for API_KEYS or a secret store

The key goes to whoever uses it: DOCBATCH_API_KEY for this command line, the X-API-Key header for
the API, or the dashboard's sign-in form. To revoke a key, delete its line from the file.
Runs here: it needs neither a server nor curl nor jq, only sha256sum and base64 (coreutils).

  key=\$(docbatch key new --user alice --role submitter --file data/api-keys)
EOF
}

command_run() {
  local action=${1-}
  [ $# -eq 0 ] || shift
  case "$action" in
    new) ;;
    "") usage_error "key needs an action: new" ;;
    *) usage_error "unknown key action '$action'; the actions are: new" ;;
  esac
  local user="" role="" file=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --user) need_value "$1" "${2-}"; user=$2; shift 2 ;;
      --role) need_value "$1" "${2-}"; need_choice "$1" "$2" submitter operator admin worker; role=$2; shift 2 ;;
      --file) need_value "$1" "${2-}"; file=$2; shift 2 ;;
      *) usage_error "unknown argument $1" ;;
    esac
  done
  [ -n "$user" ] || usage_error "--user is required"
  [ -n "$role" ] || usage_error "--role is required"
  # The server's rule for user names (security/ApiKeyTable.USER): a name also names a folder.
  [[ $user =~ ^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$ ]] \
    || usage_error "--user must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit; not '$user'"
  local tool
  for tool in sha256sum base64 head tr; do
    command -v "$tool" >/dev/null || fail "$EXIT_SETUP" missing_tools "docbatch key needs $tool (coreutils)"
  done

  # The format of security/ApiKeyTable.newKey: 32 random bytes, base64url without padding.
  local key hash entry
  key=dbk_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
  [[ $key =~ ^dbk_[A-Za-z0-9_-]{43}$ ]] || fail "$EXIT_SETUP" no_random "could not read 32 bytes from /dev/urandom"
  # printf is a builtin: the key is on no process's command line.
  hash=$(printf '%s' "$key" | sha256sum) || fail "$EXIT_SETUP" no_sha256 "sha256sum failed"
  entry="$user:$role:${hash%% *}"

  if [ -z "$file" ]; then
    printf '%s\n%s\n' "$key" "$entry"
    note "the key (line 1) is shown only now; its entry (line 2) goes into API_KEYS or API_KEYS_FILE"
    return "$EXIT_OK"
  fi
  # Entries are one a line: a file that does not end with a new line gets one first.
  local separator=""
  if [ -s "$file" ] && [ -n "$(tail -c 1 "$file")" ]; then
    separator=$'\n'
  fi
  # The date is a comment (the server ignores what follows #): when the key was made.
  if ! (umask 077 && printf '%s%s  # %s\n' "$separator" "$entry" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$file") 2>/dev/null; then
    fail "$EXIT_SETUP" cannot_write "cannot append to $file"
  fi
  printf '%s\n' "$key"
  note "$user ($role): entry added to $file; the key above is shown only now"
}
