mkdir real
mv .secgate.yml real/
git init -q real
mkdir -p real/src
echo "k=1" > real/src/app.py
ln -s real link
sed "s#@LINK@#$(pwd -P)/link#g" g.json.in > real/g.json
