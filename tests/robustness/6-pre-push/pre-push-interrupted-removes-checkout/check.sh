test -s where.log
while read -r d; do test ! -e "$d" || { echo "left behind: $d"; exit 1; }; done < where.log
