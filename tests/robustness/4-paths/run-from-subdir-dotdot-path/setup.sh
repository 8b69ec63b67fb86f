git init -q -b main .
mkdir -p sub
printf 'a\nb\nc\n' > sub/app.py
git add sub/app.py
git commit -qm base
git checkout -qb feature
printf 'a\nKEY=AKIA\nc\n' > sub/app.py
git add sub/app.py
git commit -qm change
