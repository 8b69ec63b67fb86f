git init -q .
git add -A
git commit -qm init
head=$(git rev-parse HEAD)
for f in *.in; do
	[ -e "$f" ] || continue
	sed "s/@HEAD@/$head/g" "$f" > "${f%.in}"
done
