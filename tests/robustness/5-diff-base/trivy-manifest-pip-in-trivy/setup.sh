git init -q -b main .
echo base > README.md
mkdir -p requirements
echo "x==1" > requirements/prod.txt
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> requirements/prod.txt
git commit -qam change
