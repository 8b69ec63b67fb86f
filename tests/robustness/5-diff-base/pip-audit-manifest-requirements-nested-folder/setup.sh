git init -q -b main .
echo base > README.md
mkdir -p services/api/requirements
echo "x==1" > services/api/requirements/base.txt
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> services/api/requirements/base.txt
git commit -qam change
