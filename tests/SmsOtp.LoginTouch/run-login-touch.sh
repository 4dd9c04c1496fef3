#!/usr/bin/env bash
# Files one login touches: the src/SmsOtp.Core files with at least one line run during one login (send, the
# queued delivery to a WireMock provider, verify) on a warmed-up local server on Azurite. Line coverage by
# coverlet, cleared before the login and read at its end (OneLoginTests). Not part of .ci/run or the solution.
#
#   tests/SmsOtp.LoginTouch/run-login-touch.sh            # the working tree
#   tests/SmsOtp.LoginTouch/run-login-touch.sh 98c9760    # a commit (a temporary worktree with this project copied in)
#   tests/SmsOtp.LoginTouch/run-login-touch.sh --idle [commit]  # the control: a window as long, without a login
set -euo pipefail
test=One_login_after_a_warm_up_login
what="Files one login touches"
if [ "${1:-}" = "--idle" ]; then
  test=Idle_window_after_a_warm_up_login
  what="Files run in an idle window as long as a login"
  shift
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
out="$(mktemp -d "${TMPDIR:-/tmp}/login-touch.XXXXXX")"
tree="$root"
label="working tree at $(git -C "$root" rev-parse --short HEAD)"

if [ $# -gt 0 ]; then
  tree="$out/tree"
  git -C "$root" worktree add --detach --quiet "$tree" "$1"
  trap 'git -C "$root" worktree remove --force "$tree"' EXIT
  cp -r "$here" "$tree/tests/"
  rm -rf "$tree/tests/SmsOtp.LoginTouch/bin" "$tree/tests/SmsOtp.LoginTouch/obj"
  label="commit $(git -C "$root" rev-parse --short "$1")"
fi

dotnet test "$tree/tests/SmsOtp.LoginTouch" --nologo --verbosity quiet --filter "FullyQualifiedName~OneLoginTests.$test" \
  --collect "XPlat Code Coverage" --results-directory "$out/coverage" \
  -- 'DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include=[SmsOtp.Core]*' >"$out/test.log" 2>&1 \
  || { cat "$out/test.log"; exit 1; }

report="$(find "$out/coverage" -name coverage.cobertura.xml | head -n 1)"
# A file counts when any of its lines has hits > 0; code generated into obj/ is not a file of Core.
awk '
  /<class / { match($0, /filename="[^"]*"/); f = substr($0, RSTART + 10, RLENGTH - 11); sub(/.*src\/SmsOtp\.Core\//, "", f); next }
  /<line / && f !~ /^obj\// && match($0, /hits="[0-9]+"/) && substr($0, RSTART + 6, RLENGTH - 7) + 0 > 0 { print f }
' "$report" | sort -u >"$out/login-touch.txt"

# The lines run (each line of a file once, however often it ran), and all the lines of the files touched: what a
# reader follows, and what a reader has to open, to understand one login.
ran="$(awk '
  /<class / { match($0, /filename="[^"]*"/); f = substr($0, RSTART + 10, RLENGTH - 11); next }
  /<line / && f !~ /\/obj\// && match($0, /number="[0-9]+"/) { n = substr($0, RSTART + 8, RLENGTH - 9)
    if (match($0, /hits="[0-9]+"/) && substr($0, RSTART + 6, RLENGTH - 7) + 0 > 0) ran[f ":" n] = 1 }
  END { print length(ran) }
' "$report")"
opened="$(cd "$tree/src/SmsOtp.Core" && xargs cat <"$out/login-touch.txt" | wc -l)"
total="$(git -C "$tree" ls-files 'src/SmsOtp.Core/*.cs' | wc -l)"
echo "$what ($label): $(wc -l <"$out/login-touch.txt") of $total src/SmsOtp.Core .cs files; $ran lines run, in files of $opened lines"
awk -F/ '{ d = NF > 1 ? $1 : "."; n[d]++; l[d] = l[d] " " substr($0, length(d) + 2) }
  END { for (d in n) printf "  %s (%d):%s\n", d, n[d], l[d] }' "$out/login-touch.txt" | sort
echo "List: $out/login-touch.txt"
