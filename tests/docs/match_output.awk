# Whether a command's output (file ACTUAL) matches the output a document shows (file EXPECTED),
# so a doc's sample output is produced by a test and cannot drift. Exit 0 on a match; otherwise
# prints where the two part and exits 1.
#
# In EXPECTED:
#   - a line starting with "..." stands for any number of lines, none included ("...(five more
#     divergences)...", "...the divergence...");
#   - "..." inside a line stands for any characters ("run seed 1234...", "st-4BsU...state");
#   - everything else is literal.
# On both sides, what differs from run to run is normalised first: a loopback address's port
# (127.0.0.1:37319 -> 127.0.0.1:PORT), and wall times and rates ("in 0.4 s", "43.3 runs/s").
#
# Usage: awk -f match_output.awk EXPECTED ACTUAL

function normalise(line) {
  gsub(/127\.0\.0\.1:[0-9]+/, "127.0.0.1:PORT", line)
  gsub(/ in [0-9]+\.[0-9]+ s/, " in <seconds> s", line)
  gsub(/[0-9]+\.[0-9]+ runs\/s/, "<rate> runs/s", line)
  return line
}

# Whether `text` matches `pattern`, in which each "..." matches any characters.
function line_matches(pattern, text,    pieces, n, k, at, rest) {
  n = split(pattern, pieces, /\.\.\./)
  if (n == 1)
    return pattern == text
  if (substr(text, 1, length(pieces[1])) != pieces[1])
    return 0
  rest = substr(text, length(pieces[1]) + 1)
  for (k = 2; k < n; k++) {
    at = index(rest, pieces[k])
    if (at == 0)
      return 0
    rest = substr(rest, at + length(pieces[k]))
  }
  return length(rest) >= length(pieces[n]) &&
         substr(rest, length(rest) - length(pieces[n]) + 1) == pieces[n]
}

# Whether expected lines i.. match actual lines j..; remembers the furthest doc line reached, and
# the first output line it was tried against, for the message. Backtracks over what each "..."
# line swallows.
function matches(i, j,    k) {
  if (i > furthest_i) {
    furthest_i = i
    furthest_j = j
  }
  if (i > n_expected)
    return j > n_actual
  if (expected[i] ~ /^\.\.\./) {
    for (k = j; k <= n_actual + 1; k++)
      if (matches(i + 1, k))
        return 1
    return 0
  }
  return j <= n_actual && line_matches(expected[i], actual[j]) && matches(i + 1, j + 1)
}

FNR == 1 { file++ }
file == 1 { expected[++n_expected] = normalise($0) }
file == 2 { actual[++n_actual] = normalise($0) }

END {
  furthest_i = 0
  if (matches(1, 1))
    exit 0
  printf "    the doc's line %d matches no output line from line %d on:\n", furthest_i, furthest_j
  printf "      doc:    %s\n", furthest_i <= n_expected ? expected[furthest_i] : "(end)"
  printf "      output: %s\n", furthest_j <= n_actual ? actual[furthest_j] : "(end)"
  exit 1
}
