git init -q -b main .
echo base > README.md
echo "x==1" > pdm.lock
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> pdm.lock
git commit -qam change
