! git --git-dir=remote.git rev-parse -q --verify refs/heads/feature >/dev/null
