git init -q -b main .
echo base > README.md
echo "x==1" > dev-requirements.txt
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> dev-requirements.txt
git commit -qam change
