git init -q -b main .
echo base > README.md
mkdir -p src
echo "x==1" > src/other.py
git add -A
git commit -qm base
git checkout -qb feature
echo "y==2" >> src/other.py
git commit -qam change
