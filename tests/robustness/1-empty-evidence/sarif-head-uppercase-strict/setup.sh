git init -q .
git add -A
git commit -qm init
up=$(git rev-parse HEAD | tr abcdef ABCDEF)
sed "s/@HEAD@/$up/g" upper.sarif.in > upper.sarif
