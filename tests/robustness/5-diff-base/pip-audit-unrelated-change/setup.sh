git init -q -b main .
echo base > README.md
mkdir -p docs
echo "x==1" > docs/notes.txt
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> docs/notes.txt
git commit -qam change
