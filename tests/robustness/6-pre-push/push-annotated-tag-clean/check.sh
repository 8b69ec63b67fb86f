git --git-dir=remote.git rev-parse -q --verify refs/tags/v2 >/dev/null
