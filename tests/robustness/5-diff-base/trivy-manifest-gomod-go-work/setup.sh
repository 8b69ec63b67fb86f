git init -q -b main .
echo base > README.md
echo "x==1" > go.work
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> go.work
git commit -qam change
