git init -q -b main .
echo base > README.md
git add README.md
git commit -qm base
git checkout -qb feature
echo "AWS_KEY=AKIAFAKEFAKEFAKE0001" > secrets.env
git add secrets.env
git commit -qm "add config"
git rm -q secrets.env
git commit -qm "remove config"
sed "s/@COMMIT@/$(git rev-parse HEAD~1)/" g.sarif.in > g.sarif
