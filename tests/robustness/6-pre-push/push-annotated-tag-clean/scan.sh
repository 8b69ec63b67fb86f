#!/bin/sh
# A tree scanner for the pre-push cases: every file under . holding an
# AKIA key is a gitleaks-style finding. It notes where it ran.
pwd -P >> "$CASE_DIR/where.log"
printf '['
grep -rIl --exclude-dir=.git 'AKIA' . 2>/dev/null | sort | {
	sep=
	while read -r f; do
		f=${f#./}
		printf '%s{"RuleID":"aws-access-token","Description":"AWS","StartLine":1,"EndLine":1,"StartColumn":1,"EndColumn":20,"Match":"k","Secret":"k","File":"%s","SymlinkFile":"","Commit":"","Entropy":3,"Author":"","Email":"","Date":"","Message":"","Tags":[],"Fingerprint":"x"}' "$sep" "$f"
		sep=,
	done
}
printf ']\n'
[ -z "$SCAN_SLEEP" ] || sleep "$SCAN_SLEEP"
