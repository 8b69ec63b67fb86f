git init -q -b main .
echo base > README.md
mkdir -p requirements
echo "x==1" > requirements/dev.in
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> requirements/dev.in
git commit -qam change
