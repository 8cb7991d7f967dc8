# shellcheck shell=bash
# What every sub-command shares: the exit codes, error messages, argument handling and dispatch.
# Sourced by bin/docbatch.
#
# A sub-command is a file bin/lib/cli/commands/<name>.sh that defines
#   a "# summary: ..." line    shown by `docbatch --help`
#   COMMAND_USAGE              its usage line(s), shown after a usage error
#   command_help               prints its full help (stdout)
#   command_run ARGS...        does the work; its exit status is the command's
# and may set COMMAND_OFFLINE=1 when it talks to no server (then curl and jq are not required).
# Before command_run, every "--name=value" argument has become "--name value", and --url and --help
# have been handled, so a command parses only its own options.

# shellcheck disable=SC2034 # used by the other files
readonly EXIT_OK=0 EXIT_FAILED=1 EXIT_USAGE=2 EXIT_SERVER=3 EXIT_SETUP=4 EXIT_INTERRUPTED=130

COMMAND=""
COMMAND_USAGE=""
COMMAND_OFFLINE=""

# Bad arguments: the message, the command's usage, exit 2.
usage_error() {
  printf 'error: %s\n' "$1" >&2
  if [ -n "$COMMAND_USAGE" ]; then
    printf 'usage: %s\n' "$COMMAND_USAGE" >&2
    printf "run 'docbatch %s --help' for more\n" "$COMMAND" >&2
  else
    printf "usage: docbatch COMMAND [options]; run 'docbatch --help' for the commands\n" >&2
  fi
  exit "$EXIT_USAGE"
}

# fail EXIT_CODE CODE DETAIL: prints "error: CODE: DETAIL" on stderr and exits.
fail() {
  printf 'error: %s: %s\n' "$2" "$3" >&2
  exit "$1"
}

# note MESSAGE: a line for the person at the terminal (stderr: stdout is for what scripts read).
note() {
  printf '%s\n' "$*" >&2
}

# need_value OPTION VALUE: checks that OPTION was given a value ("${2-}": none when it was last).
need_value() {
  if [ -z "$2" ]; then
    usage_error "$1 needs a value"
  fi
}

# need_integer OPTION VALUE
need_integer() {
  [[ $2 =~ ^-?(0|[1-9][0-9]{0,8})$ ]] || usage_error "$1 must be an integer, not '$2'"
}

# need_choice OPTION VALUE CHOICE...
need_choice() {
  local option=$1 value=$2 choice
  shift 2
  for choice in "$@"; do
    [ "$value" = "$choice" ] && return 0
  done
  usage_error "$option must be one of: $*; not '$value'"
}

# A job id or dead-letter id goes into a URL path: refuse anything that would change the path.
need_id() {
  [[ $2 =~ ^[A-Za-z0-9][A-Za-z0-9._:-]*$ ]] || usage_error "'$2' is not a valid $1"
}

list_command_names() {
  local file names=()
  for file in "$CLI_HOME"/commands/*.sh; do
    names+=("$(basename "$file" .sh)")
  done
  printf '%s' "${names[*]}"
}

list_commands() {
  local file name
  for file in "$CLI_HOME"/commands/*.sh; do
    name=$(basename "$file" .sh)
    printf '  %-14s %s\n' "$name" "$(sed -n 's/^# summary: //p' "$file")"
  done
}

print_main_help() {
  cat <<EOF
docbatch: submit and follow docbatch jobs from scripts and terminals.

usage: docbatch COMMAND [options]        docbatch COMMAND --help

commands:
$(list_commands)

options for every command:
  --url URL     the server (default: \$DOCBATCH_URL, else http://localhost:8080)
  -h, --help    help for the command

environment:
  DOCBATCH_URL       the server
  DOCBATCH_TOKEN     sent as "Authorization: Bearer <token>" when set
  DOCBATCH_API_KEY   sent as "X-API-Key: <key>" when set (make one with: docbatch key new)

exit codes: 0 done, 1 the job or some of its documents failed (with --wait), 2 bad arguments,
3 server unreachable or request refused (printed as "error: <code>: <detail>"; a missing or wrong
credential is "error: unauthenticated", a role too low "error: forbidden"), 4 curl or jq missing
EOF
}

require_tools() {
  local tool missing=()
  for tool in curl jq; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    fail "$EXIT_SETUP" missing_tools "docbatch needs ${missing[*]}: sudo apt-get install ${missing[*]}"
  fi
}

main() {
  local args=() wants_help="" options_done=""
  while [ $# -gt 0 ]; do
    if [ -n "$options_done" ]; then
      args+=("$1")
      shift
      continue
    fi
    case "$1" in
      --) options_done=1; args+=("$1") ;;
      --url) need_value "$1" "${2-}"; DOCBATCH_URL=$2; shift ;;
      --url=*) DOCBATCH_URL=${1#--url=} ;;
      -h | --help) wants_help=1 ;;
      --*=*) args+=("${1%%=*}" "${1#*=}") ;;
      *) args+=("$1") ;;
    esac
    shift
  done

  COMMAND=${args[0]:-}
  if [ "$COMMAND" = help ]; then
    COMMAND=${args[1]:-}
    wants_help=1
  fi
  if [ -z "$COMMAND" ]; then
    if [ -n "$wants_help" ]; then
      print_main_help
      exit "$EXIT_OK"
    fi
    usage_error "no command given"
  fi
  local file="$CLI_HOME/commands/$COMMAND.sh"
  if [[ ! $COMMAND =~ ^[a-z][a-z-]*$ ]] || [ ! -f "$file" ]; then
    local unknown=$COMMAND
    COMMAND=""
    usage_error "unknown command '$unknown'; the commands are: $(list_command_names)"
  fi
  # shellcheck source=/dev/null
  source "$file"
  if [ -n "$wants_help" ]; then
    command_help
    exit "$EXIT_OK"
  fi

  if [ -z "$COMMAND_OFFLINE" ]; then
    require_tools
    api_setup
  fi
  command_run "${args[@]:1}"
}
