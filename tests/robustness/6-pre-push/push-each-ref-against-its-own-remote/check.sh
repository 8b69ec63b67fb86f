git --git-dir=remote.git rev-parse -q --verify refs/heads/topic >/dev/null
test "$(git --git-dir=remote.git rev-parse topic)" = "$(git --git-dir=repo/.git rev-parse topic)"
