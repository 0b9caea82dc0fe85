#!/usr/bin/env bash
# Runs every command the user documentation shows: each fenced code block in README.md and
# docs/*.md with a line starting `ivsim ` or `bash scripts/` must carry a marker on the last
# non-blank line before it, and every block marked `run` is executed against the bundled handler.
#
# Markers (HTML comments, invisible on GitHub):
#   <!-- test: run -->                       each command exits 0 and prints no word "error"
#                                            (lower case, as in "ivsim: error:"; IVS event names
#                                            such as "Participant Publish Error" are fine)
#   <!-- test: run expect-exit N -->         each command exits N (no "error" check when N is 2)
#   <!-- test: run replace FROM TO -->       runs each command with FROM replaced by TO (one
#                                            word each), e.g. "replace 400 20" to run a CI-sized
#                                            `--runs 400` small; repeatable
#   <!-- test: run handler --bug NAME -->    the handler starts with these arguments (always last)
#   <!-- test: skip REASON -->               not run; REASON is required (a real AWS queue, a
#                                            synopsis with placeholders, files of your project)
#   <!-- test: output -->                    on a block of sample output: it must match what the
#                                            last command run in the same document printed
#                                            (stdout and stderr), as match_output.awk says ("..."
#                                            elides; ports and wall times may differ)
# "127.0.0.1:8080" and "127.0.0.1:PORT" in a command become the handler's address. `ivsim`
# commands run in a scratch folder per document (with a copy of scenarios/, so files written by
# one block are there for the next, as for a reader going down the page); `bash scripts/...`
# commands run in ROOT. The test fails on an unmarked block, a marker on a block with no
# command, a malformed marker, or a command that breaks its expectation.
# Usage: run_doc_commands.sh HANDLER IVSIM ROOT [FILE...]   (FILEs relative to ROOT; default
#        README.md docs/*.md)
set -uo pipefail
handler=$1 ivsim=$2 root=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../e2e/start_handler.sh
source "$here/../e2e/start_handler.sh"
cd "$root" || exit 2
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(README.md docs/*.md)

work=$(mktemp -d)
handler_pid=
stop_handler() {
  if [ -n "$handler_pid" ]; then
    kill "$handler_pid" 2>/dev/null
    wait "$handler_pid" 2>/dev/null
    handler_pid=
  fi
}
trap 'stop_handler; rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$(realpath "$ivsim")" "$work/bin/ivsim"
export PATH="$work/bin:$PATH"

failures=0 ran=0 skipped=0 checked=0
fail() {
  echo "FAIL $*" >&2
  failures=$((failures + 1))
}

# Starts the handler afresh with the given arguments; sets `address` to 127.0.0.1:PORT.
restart_handler() {
  stop_handler
  start_handler run_doc_commands "$handler" "$@"
  address=${sut#http://}
}

# Runs one command of a `run` block: $1 where (FILE:LINE), $2 the command, $3 the expected exit
# code, $4 the scratch folder.
run_command() {
  local where=$1 command=$2 expected=$3 scratch=$4
  local i
  for ((i = 0; i < ${#replace_from[@]}; i++)); do
    command=${command//"${replace_from[i]}"/"${replace_to[i]}"}
  done
  command=${command//127.0.0.1:8080/$address}
  command=${command//127.0.0.1:PORT/$address}
  local dir=$scratch
  [[ $command == bash\ scripts/* ]] && dir=$root
  local status=0
  (cd "$dir" && timeout 120 bash -c "$command") >"$work/output" 2>&1 || status=$?
  cp "$work/output" "$work/last_output"
  ran=$((ran + 1))
  if [ "$status" -ne "$expected" ]; then
    fail "$where: expected exit $expected, got $status: $command"
    sed 's/^/    /' "$work/output" | tail -20 >&2
  elif [ "$expected" -ne 2 ] && grep -qw 'error' "$work/output"; then
    fail "$where: printed \"error\": $command"
    grep -w 'error' "$work/output" | sed 's/^/    /' | head -5 >&2
  else
    echo "ok   $where: $command"
  fi
}

# Runs the commands of one block, given its marker (after "test:") and its lines.
run_block() {
  local where=$1 marker=$2 scratch=$3
  shift 3
  local words
  read -r -a words <<<"$marker"
  local expected=0 handler_args=()
  replace_from=() replace_to=()
  words=("${words[@]:1}")
  while [ ${#words[@]} -gt 0 ]; do
    case ${words[0]} in
    expect-exit)
      expected=${words[1]:-x}
      [[ $expected =~ ^[0-3]$ ]] || { fail "$where: expect-exit needs 0, 1, 2 or 3"; return; }
      words=("${words[@]:2}")
      ;;
    replace)
      [ ${#words[@]} -ge 3 ] || { fail "$where: replace needs FROM and TO"; return; }
      replace_from+=("${words[1]}") replace_to+=("${words[2]}")
      words=("${words[@]:3}")
      ;;
    handler)
      handler_args=("${words[@]:1}")
      words=()
      ;;
    *)
      fail "$where: unknown marker word \"${words[0]}\" (see tests/docs/run_doc_commands.sh)"
      return
      ;;
    esac
  done
  restart_handler "${handler_args[@]}"
  local command
  for command in "$@"; do run_command "$where" "$command" "$expected" "$scratch"; done
  stop_handler
}

# Checks a block of sample output ($2...) against the last command's output; $1 where.
check_output() {
  local where=$1
  shift
  if [ ! -f "$work/last_output" ]; then
    fail "$where: an output block with no command run before it in this document"
  elif [ $# -eq 0 ]; then
    fail "$where: an empty output block"
  else
    printf '%s\n' "$@" >"$work/shown"
    if awk -f "$here/match_output.awk" "$work/shown" "$work/last_output" >"$work/mismatch"; then
      checked=$((checked + 1))
      echo "ok   $where: output as shown"
    else
      fail "$where: the output shown is not what the command before it printed"
      cat "$work/mismatch" >&2
      echo "    the command printed:" >&2
      sed 's/^/      /' "$work/last_output" | head -40 >&2
    fi
  fi
}

is_command() { [[ $1 =~ ^[[:space:]]*(ivsim\ |bash\ scripts/) ]]; }

for file in "${files[@]}"; do
  scratch="$work/$(basename "$file" .md)"
  mkdir -p "$scratch"
  cp -r "$root/scenarios" "$scratch/"
  rm -f "$work/last_output"
  in_block=0 last= marker= block_line=0 commands=() lines=() pending=
  line_number=0
  while IFS= read -r line || [ -n "$line" ]; do
    line_number=$((line_number + 1))
    if [[ $line =~ ^[[:space:]]*(\`\`\`|~~~) ]]; then
      if [ "$in_block" = 0 ]; then
        in_block=1 block_line=$line_number commands=() lines=() pending= marker=
        [[ $last =~ ^\<\!--\ test:\ (.*)\ --\>$ ]] && marker=${BASH_REMATCH[1]}
        [[ $last =~ ^\<\!--\ test: ]] && [ -z "$marker" ] &&
          fail "$file:$block_line: malformed marker \"$last\""
      else
        in_block=0 last=
        where="$file:$block_line"
        if [ "$marker" = output ]; then
          check_output "$where" "${lines[@]}"
        elif [ ${#commands[@]} -eq 0 ]; then
          [ -n "$marker" ] && fail "$where: a test marker on a block without an ivsim command"
        elif [ -z "$marker" ]; then
          fail "$where: a block with an ivsim command has no <!-- test: run --> or <!-- test: skip REASON --> marker before it"
        elif [[ $marker =~ ^skip\ +[^\ ] ]]; then
          skipped=$((skipped + ${#commands[@]}))
          echo "skip $where: ${marker#skip }"
        elif [[ $marker =~ ^run( |$) ]]; then
          run_block "$where" "$marker" "$scratch" "${commands[@]}"
        else
          fail "$where: marker \"$marker\" is neither \"run ...\" nor \"skip REASON\""
        fi
      fi
      continue
    fi
    if [ "$in_block" = 1 ]; then
      lines+=("$line")
      [ "$marker" = output ] && continue # sample output, not commands
      # A trailing backslash continues the command on the next line, as in a shell.
      if [ -n "$pending" ]; then
        pending+=$'\n'"$line"
      elif is_command "$line"; then
        pending=$line
      fi
      if [ -n "$pending" ] && [[ $pending != *\\ ]]; then
        commands+=("$pending")
        pending=
      fi
    elif [ -n "${line//[[:space:]]/}" ]; then
      last=$line
    fi
  done <"$file"
  [ "$in_block" = 0 ] || fail "$file:$block_line: code block never closed"
done

echo "run_doc_commands: $ran commands run, $skipped not run (marked skip), $checked outputs checked, $failures failures"
[ "$failures" -eq 0 ]
