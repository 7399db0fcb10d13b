#!/usr/bin/env bash
# Runs the CLI over every file in tests/corpus, tests/fixtures/xlsx and data/ (each format, and
# with the options that change the wording), and over the example extracts, writing what it
# printed (stdout, stderr, exit code) into one directory. Run it before and after a change that
# should not change behaviour, then `diff -r BEFORE AFTER`:
#
#     scripts/cli-snapshot.sh target/debug/scwres /tmp/before
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/cli-snapshot.sh SCWRES_BINARY OUT_DIR}
out=${2:?usage: scripts/cli-snapshot.sh SCWRES_BINARY OUT_DIR}
bin=$(realpath "$bin")
rm -rf "$out"
mkdir -p "$out"
run() { # NAME ARGS...
  local name=$1
  shift
  "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err"
  echo $? >"$out/$name.rc"
}
for f in tests/corpus/* tests/fixtures/xlsx/* data/*; do
  [ -f "$f" ] || continue
  case "$f" in *.py) continue ;; esac
  n=$(echo "$f" | tr '/' '_')
  for fmt in json table csv; do
    run "$n.$fmt" report "$f" --format "$fmt"
  done
  run "$n.nhs.json" report "$f" --format json --nhs-orientation --band 0.9,1.1
  run "$n.prev.json" report "$f" --format json --previous data/example-submission.csv
done
tmp=${TMPDIR:-/tmp}/scwres-cli-snapshot
rm -rf "$tmp"
mkdir -p "$tmp"
r=tests/records
run agg_all aggregate --staff $r/staff.csv --shortlisted $r/shortlisted.csv --survey $r/survey.csv \
  --skip-unusable -o "$tmp/all.csv" --save-settings "$tmp/settings.json"
cp "$tmp/all.csv" "$out/agg_all.csv" 2>/dev/null
cp "$tmp/settings.json" "$out/agg_all.settings.json" 2>/dev/null
run agg_skip aggregate --staff $r/staff.csv --skip-unusable --salary-bands 30000,70000 -o "$tmp/skip.csv"
cp "$tmp/skip.csv" "$out/agg_skip.csv" 2>/dev/null
run agg_children aggregate --survey $r/survey.csv --workforce children -o "$tmp/children.csv"
cp "$tmp/children.csv" "$out/agg_children.csv" 2>/dev/null
run agg_settings aggregate --staff $r/staff.csv --settings "$out/agg_all.settings.json" -o "$tmp/s.csv"
cp "$tmp/s.csv" "$out/agg_settings.csv" 2>/dev/null
run agg_bad aggregate --staff data/example-submission.csv -o "$tmp/bad.csv"
run agg_xlsx aggregate --staff tests/fixtures/xlsx/staff.xlsx --skip-unusable -o "$tmp/x.csv"
cp "$tmp/x.csv" "$out/agg_xlsx.csv" 2>/dev/null
run agg_unusable aggregate --staff $r/staff.csv -o "$tmp/u.csv"
run usage report
run bad_band report data/example-submission.csv --band 2,1
rm -rf "$tmp"
echo "$(ls "$out" | wc -l) files in $out"
