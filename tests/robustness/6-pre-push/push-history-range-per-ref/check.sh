cd repo
# main was at main~1 on the remote; feature is new.
grep -q -- "--log-opts $(git rev-parse main) --not $(git rev-parse main~1)" ../calls.log
grep -q -- "--log-opts $(git rev-parse feature) --not --remotes" ../calls.log
