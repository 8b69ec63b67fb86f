git init -q -b main .
echo base > README.md
echo "x==1" > Requirements.txt
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> Requirements.txt
git commit -qam change
