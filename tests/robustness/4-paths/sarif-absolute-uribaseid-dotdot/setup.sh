git init -q .
sed "s#@ROOT@#$(pwd -P)#g" s.sarif.in > s.sarif
