git init -q -b main .
echo base > README.md
mkdir -p gradle
echo "x==1" > gradle/libs.versions.toml
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> gradle/libs.versions.toml
git commit -qam change
