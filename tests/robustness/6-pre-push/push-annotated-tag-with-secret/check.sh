! git --git-dir=remote.git rev-parse -q --verify refs/tags/v1 >/dev/null
# Tree scans ran in a private checkout, not the repository, and it is gone.
test -s where.log
while read -r d; do
	case $d in "$(pwd -P)/repo"*) echo "scanned the work tree: $d"; exit 1 ;; esac
	test ! -e "$d" || { echo "left behind: $d"; exit 1; }
done < where.log
