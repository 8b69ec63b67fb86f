git init -q .
mkdir -p out
mv 'a.sarif' '::stop-commands::x.sarif'
mv 'b.sarif' 'x##[group]b.sarif'
