#!/usr/bin/env bash
# The import-history command as an operator meets it: a bad file is reported in full and changes
# nothing; the real files, imported again, add nothing.
# Usage: Tests/cli/import-history.sh PATH/TO/tandem
set -uo pipefail
TANDEM=${1:?usage: import-history.sh PATH/TO/tandem}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite:$WORK/tandem.sqlite" LOG_LEVEL=warning
passed=0 failed=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok - $what"; else failed=$((failed + 1)); echo "not ok - $what"; fi
}

cat > "$WORK/partnerships.csv" <<'CSV'
no,mentor,mentee,first_visit_host,first_visit_start,first_visit_end,return_visit_host,return_visit_start,return_visit_end,return_visit_note
1,Ghana,Togo,Ghana,2021-03-01,2021-03-05,Togo,2021-09-06,2021-09-10,
2,Kenya,Ugnada,Kenya,2021-04-01,2021-04-05,Ugnada,2021-10-04,2021-10-08,
3,Chile,Peru,Chile,2021-02-30,2021-03-05,Peru,2021-10-04,2021-10-08,
4,Ghana,Togo,Ghana,2021-03-01,2021-03-05,Togo,2021-09-06,2021-09-10,
CSV
printf 'no,state_party\n1,Ghana\n2,Togo\n3,Kenya\n4,Uganda\n5,Chile\n6,Peru\n' > "$WORK/participants.csv"

"$TANDEM" import-history "$WORK/partnerships.csv" "$WORK/participants.csv" > "$WORK/bad.out" 2>&1
status=$?
cat "$WORK/bad.out"
check "a bad file fails" test "$status" -ne 0
check "the misspelled state is reported with its line and a suggestion" \
  grep -q "partnerships.csv:3: mentee: unknown State Party \"Ugnada\"; did you mean \"Uganda\"" "$WORK/bad.out"
check "the impossible date is reported with its line" grep -q "partnerships.csv:4: first_visit_start: unreadable date \"2021-02-30\"" "$WORK/bad.out"
check "the duplicate is reported with its line" grep -q "partnerships.csv:5: .*duplicate of line 2" "$WORK/bad.out"
check "it says nothing was imported" grep -q "4 problem(s) found; nothing was imported" "$WORK/bad.out"
count=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from partnerships').fetchone()[0])" "$WORK/tandem.sqlite")
check "the database still holds only the 19 shipped partnerships" test "$count" = 19

"$TANDEM" import-history Resources/Data/mpp-partnerships-2012-2019.csv Resources/Data/mpp-participants-2012-2019.csv > "$WORK/again.out" 2>&1
status=$?
cat "$WORK/again.out"
check "importing the real files again succeeds" test "$status" -eq 0
check "and reports nothing new" grep -q "Nothing new: all 19 partnerships are already present." "$WORK/again.out"

echo "import-history: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
