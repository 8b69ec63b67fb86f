git init -q -b main .
echo base > README.md
mkdir -p vendor
echo "x==1" > vendor/modules.txt
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> vendor/modules.txt
git commit -qam change
