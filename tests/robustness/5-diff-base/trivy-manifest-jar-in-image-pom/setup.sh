git init -q -b main .
echo base > README.md
echo "x==1" > pom.xml
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> pom.xml
git commit -qam change
