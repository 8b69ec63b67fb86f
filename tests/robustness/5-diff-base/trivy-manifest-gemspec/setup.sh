git init -q -b main .
echo base > README.md
echo "x==1" > mylib.gemspec
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> mylib.gemspec
git commit -qam change
