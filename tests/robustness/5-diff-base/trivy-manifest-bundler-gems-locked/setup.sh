git init -q -b main .
echo base > README.md
echo "x==1" > gems.locked
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> gems.locked
git commit -qam change
