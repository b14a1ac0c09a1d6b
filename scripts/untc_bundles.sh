#!/usr/bin/env bash
# Writes the bundled records of the eighteen UN human-rights treaties (data/<id>/actions.csv and
# texts/) from the saved UN status pages in data/untc/, with `pacta ingest-untc PAGE --treaty ID
# --bundle data/<id>`. data/untc/hr_treaties.txt pairs each treaty id with its page; each
# data/<id>/by_hand.csv and left_out.csv (see data/README.md) is taken in by the writer.
# Usage: scripts/untc_bundles.sh PATH/TO/pacta [ID...]   (default: all eighteen)
set -euo pipefail
PACTA=${1:?usage: scripts/untc_bundles.sh PATH/TO/pacta [ID...]}
shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A database to resolve names and the profiles' competence ids (the records already bundled
# are loaded too; the page's actions are written whatever the database holds).
export PACTA_HOME="$ROOT" PACTA_DB="$WORK/names.db"
"$PACTA" init >/dev/null
while read -r id page; do
  if [ $# -gt 0 ] && [[ " $* " != *" $id "* ]]; then continue; fi
  "$PACTA" ingest-untc "$ROOT/data/untc/$page.html.gz" --treaty "$id" --bundle "$ROOT/data/$id"
done <"$ROOT/data/untc/hr_treaties.txt"
