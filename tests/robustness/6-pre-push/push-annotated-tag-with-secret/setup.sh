# Shared by the pre-push cases' setup.sh: a repository "repo" with a bare
# remote "remote.git", the hook installed, and a custom tree scanner.
CASE_DIR=$(pwd -P)
export CASE_DIR
git init -q --bare remote.git
git init -q -b main repo
cd repo
git remote add origin "$CASE_DIR/remote.git"
cat > .secgate.yml <<YML
tools:
  custom:
    - name: tree-scan
      command: [sh, $CASE_DIR/scan.sh]
      format: gitleaks
      output: stdout
YML
echo "# app" > README.md
git add -A
git commit -qm base
git push -q origin main
secgate hook install >/dev/null
git checkout -q -b feature
echo "AWS_KEY=AKIAFAKEFAKEFAKE0001" > deploy.env
git add deploy.env
git commit -qm "add deploy config"
git tag -a -m release v1
git checkout -q main
