! git --git-dir=remote.git rev-parse -q --verify refs/heads/feature >/dev/null
test "$(git --git-dir=remote.git rev-parse main)" != "$(git --git-dir=repo/.git rev-parse main)"
