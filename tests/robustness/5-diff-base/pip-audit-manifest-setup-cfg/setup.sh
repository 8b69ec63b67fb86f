git init -q -b main .
echo base > README.md
echo "x==1" > setup.cfg
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> setup.cfg
git commit -qam change
