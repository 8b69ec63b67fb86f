git init -q -b main .
echo base > README.md
echo "x==1" > settings.gradle.kts
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> settings.gradle.kts
git commit -qam change
