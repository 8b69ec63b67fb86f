git init -q -b main .
echo base > README.md
git add README.md
git commit -qm base
git checkout -qb feature
echo change >> README.md
git commit -qam change
git checkout -q main
echo "AWS_KEY=AKIAFAKEFAKEFAKE0001" > main.env
git add main.env
git commit -qm "on main only"
c=$(git rev-parse HEAD)
git checkout -q feature
sed "s/@COMMIT@/$c/" g.json.in > g.json
