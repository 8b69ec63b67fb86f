cd repo
git diff --cached --name-only | grep -qx staged.txt
git diff --name-only | grep -qx README.md
test "$(git rev-parse --abbrev-ref HEAD)" = main
test ! -e deploy.env
