git init -q -b main .
echo base > README.md
echo "x==1" > test_requirements.txt
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> test_requirements.txt
git commit -qam change
