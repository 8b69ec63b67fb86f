git init -q -b main .
echo base > README.md
echo "x==1" > pylock.toml
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> pylock.toml
git commit -qam change
