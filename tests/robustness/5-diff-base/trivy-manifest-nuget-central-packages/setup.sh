git init -q -b main .
echo base > README.md
echo "x==1" > Directory.Packages.props
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> Directory.Packages.props
git commit -qam change
