#!/usr/bin/env bash
# pacta ingest-untc: saved UN status pages against the bundled record (counts compared, every
# difference named), --apply through the checks of `pacta record`, applying twice records once,
# a newer page records only what changed; broken pages are errors naming what is missing.
set -u
PACTA="$1"
HOME_DIR="$2"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PACTA_DB="$WORK/pacta.db" PACTA_HOME="$HOME_DIR" PACTA_TODAY=2026-12-06
source "$(dirname "$0")/lib.sh"
UNTC="$HOME_DIR/data/untc"
count_entries() { "$PACTA" verify | sed -n 's/^ok: \([0-9]*\) entries.*/\1/p'; }

# Without a database: the page is read, nothing is resolved.
check "reads without a database" "treaty         XXVI-5  Convention on the Prohibition of the Use, Stockpiling" "$PACTA" ingest-untc "$UNTC/ottawa.html.gz"
check "page counts against its table" "signatories page 132, table 132; parties page 162, table 162" "$PACTA" ingest-untc "$UNTC/ottawa.html.gz"
check_rc "--apply needs a database" 2 "$PACTA" ingest-untc --apply "$UNTC/att.html.gz"

"$PACTA" init >/dev/null

# The Ottawa Convention's page against pacta's apmbc (chapter XXVI-5): the counts agree.
check "ottawa is apmbc" "pacta treaty   apmbc" "$PACTA" ingest-untc "$UNTC/ottawa.html.gz"
check "ottawa counts" "signatories page 132, table 132, pacta 132; parties page 162, table 162, pacta 162" "$PACTA" ingest-untc "$UNTC/ottawa.html.gz"
check "ottawa agrees" "counts agree" "$PACTA" ingest-untc "$UNTC/ottawa.html.gz"
check "estonia's withdrawal is the record's" "EST  withdrawal  2025-06-27  (note 1): already recorded as entry" "$PACTA" ingest-untc "$UNTC/ottawa.html.gz"
check "poland's pending withdrawal is read" "POL  withdrawal  2025-08-20  (note 8): already recorded as entry" "$PACTA" ingest-untc "$UNTC/ottawa.html.gz"
json=$("$PACTA" ingest-untc --json "$UNTC/ottawa.html.gz")
check "json: treaty" "apmbc" jq -r '.[0].treaty' <<<"$json"
check "json: no differences" "0" jq -r '.[0].counts.differences | length' <<<"$json"
check "json: pacta's parties on the page's day" "162" jq -r '.[0].counts.pacta.parties' <<<"$json"
check "json: every name mapped" "0" jq -r '.[0].unmapped | length' <<<"$json"
check "json: 166 participants" "166" jq -r '.[0].participants | length' <<<"$json"
check "json: St. Kitts and Nevis is KNA" "KNA" jq -r '.[0].participants[] | select(.name == "St. Kitts and Nevis") | .state' <<<"$json"
check "json: nothing new is a consent" "0" jq -r '[.[0].actions[] | select((.kind == "ratification" or .kind == "accession") and (.outcome | startswith("already") | not))] | length' <<<"$json"

# The same page read against another treaty: every difference is named by state.
check "differences named" "only on the page:" "$PACTA" ingest-untc --treaty att "$UNTC/ottawa.html.gz"
check "differences counted" "parties on 2026-02-03: the page's table and pacta differ" "$PACTA" ingest-untc --treaty att "$UNTC/ottawa.html.gz"

# --apply on the ATT's page: the record already holds its signatures and consents (other
# sources); the provisional applications and declarations are new. Applying again records nothing.
before=$(count_entries)
out=$("$PACTA" ingest-untc --apply "$UNTC/att.html.gz")
rc=$?
check_rc "first apply exits 0" 0 test "$rc" -eq 0
recorded=$(sed -n 's/^  summary        \([0-9]*\) recorded.*/\1/p' <<<"$out")
after=$(count_entries)
check "first apply records what is new" "yes" bash -c "[ '$recorded' -gt 0 ] && [ $((before + recorded)) -eq $after ] && echo yes"
check "first apply refuses nothing" "0 refused" echo "$out"
check "provisional application recorded" "ESP  declaration  2013-06-03  (provisional application): recorded as entry" echo "$out"
check "consents already held" "ALB  ratification  2014-03-19  (table): already recorded as entry" echo "$out"
check "second apply records nothing" "  summary        0 recorded," "$PACTA" ingest-untc --apply "$UNTC/att.html.gz"
check "second apply adds no entry" "$after" count_entries
check "verify after apply" "hash chain intact" "$PACTA" verify
check "the source cites the page" "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26&clang=_en ; UN Treaty Collection status page as at 2026-02-03" "$PACTA" timeline att ESP --json
check "counts still agree" "counts agree" "$PACTA" ingest-untc "$UNTC/att.html.gz"

# The CCM: Lithuania's bracketed instruments and its withdrawal, held by the record already.
check "ccm: lithuania's withdrawal" "LTU  withdrawal  2024-09-06  (note 3): already recorded as entry" "$PACTA" ingest-untc --apply "$UNTC/ccm.html.gz"
check "ccm: apply twice" "  summary        0 recorded," "$PACTA" ingest-untc --apply "$UNTC/ccm.html.gz"

# A newer page (Angola ratifies on 15 January 2026): only that is recorded, citing --url.
zcat "$UNTC/att.html.gz" >"$WORK/att.html"
perl -0pi -e 's{(<td>Angola<br></td>\s*<td>[^<]*<br></td>\s*<td>&nbsp;</td>\s*)<td>&nbsp;</td>}{$1<td>15 Jan 2026<br></td>}; s{Parties :(\s*)117}{Parties :${1}118}' "$WORK/att.html"
before=$(count_entries)
check "newer page: one new consent" "AGO  ratification  2026-01-15  (table): recorded as entry" "$PACTA" ingest-untc --apply --url https://example.org/att-newer "$WORK/att.html"
check "newer page: one entry more" "$((before + 1))" count_entries
check "newer page: cited by --url" "https://example.org/att-newer ; UN Treaty Collection status page as at 2026-02-03" "$PACTA" timeline att AGO --json
check "newer page: pacta counts 118" "parties page 118, table 118, pacta 118" "$PACTA" ingest-untc "$WORK/att.html"
check "verify after the newer page" "hash chain intact" "$PACTA" verify

# Statements of "Declarations and Reservations" (issue 14), against the bundled records: ICERD,
# Türkiye's "Declarations and reservation:" is one reservation with declarations; Thailand's
# "Interpretative declaration :" whose text goes on with "Reservations" is split in two; CRC,
# the Netherlands' "Article 26:" stands under "Reservations:" (context); ICCPR art. 41,
# Zimbabwe's "20 August 1991*" is read.
cerd=$("$PACTA" ingest-untc --json "$UNTC/cerd.html.gz")
check "cerd: TUR reservation with declarations, already bundled" "with-declarations already" jq -r '.[0].actions[] | select(.state == "TUR" and .kind == "reservation") | "\(.qualifier) \(.outcome | split(" ")[0])"' <<<"$cerd"
check "cerd: THA declaration and reservation of 2003-01-28" "declaration reservation" jq -r '[.[0].actions[] | select(.state == "THA" and .date == "2003-01-28" and (.kind == "declaration" or .kind == "reservation")) | .kind] | join(" ")' <<<"$cerd"
check "cerd: nothing new from the statements" "0" jq -r '[.[0].actions[] | select(.from == "declarations and reservations" and (.outcome | startswith("already") | not) and (.outcome | startswith("not recorded") | not))] | length' <<<"$cerd"
check "crc: Article 26 under Reservations:" '"context":"Reservations:"' bash -c "'$PACTA' ingest-untc --json '$UNTC/crc.html.gz' | jq -c '.[0].declarations.statements[] | select(.heading == \"\\\"Article 26:\")'"
check "iccpr: Zimbabwe's art. 41 dated" "ZWE  competence-declaration  1991-08-20  subject art41" "$PACTA" ingest-untc "$UNTC/iccpr.html.gz"

# Broken pages: exit 2, naming what is missing; nothing written.
head -c "$(grep -b -o 'InnerPage_tblgrid' "$WORK/att.html" | head -1 | cut -d: -f1)" "$WORK/att.html" >"$WORK/cut.html"
check "truncated page" "cut.html: the participants table (tblgrid) is missing" "$PACTA" ingest-untc "$WORK/cut.html"
check_rc "truncated page exits 2" 2 "$PACTA" ingest-untc --apply "$WORK/cut.html"
sed 's/Approval(AA), Acceptance(A), Accession(a), Ratification/Approval(AA), Ratification, Adhesion(x)/' "$WORK/att.html" >"$WORK/odd.html"
check "unknown column" "odd.html: the participants table has a column 'Approval(AA), Ratification, Adhesion(x)' that pacta does not know" "$PACTA" ingest-untc "$WORK/odd.html"
head -c 30000 "$UNTC/att.html.gz" >"$WORK/cut.html.gz"
check "truncated gzip" "the gzip stream is truncated" "$PACTA" ingest-untc "$WORK/cut.html.gz"
check "missing file" "nope.html: cannot be read" "$PACTA" ingest-untc "$WORK/nope.html"
check_rc "missing file exits 2" 2 "$PACTA" ingest-untc "$WORK/nope.html"
check "verify at the end" "hash chain intact" "$PACTA" verify

finish ingest_untc_test
