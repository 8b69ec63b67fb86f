git init -q .
mkdir -p out
