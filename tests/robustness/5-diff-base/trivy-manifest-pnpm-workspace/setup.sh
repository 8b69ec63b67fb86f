git init -q -b main .
echo base > README.md
echo "x==1" > pnpm-workspace.yaml
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> pnpm-workspace.yaml
git commit -qam change
