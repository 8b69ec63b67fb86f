git init -q -b main .
echo base > README.md
echo "x==1" > npm-shrinkwrap.json
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> npm-shrinkwrap.json
git commit -qam change
