git init -q -b main .
echo base > README.md
echo "x==1" > go.sum
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> go.sum
git commit -qam change
