git init -q -b main .
echo "AWS_KEY=AKIAFAKEFAKEFAKE0001" > old.env
git add old.env
git commit -qm old
old=$(git rev-parse HEAD)
git checkout -qb feature
echo change > README.md
git add README.md
git commit -qm change
sed "s/@COMMIT@/$old/" g.json.in > g.json
