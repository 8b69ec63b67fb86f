# fish completion for secgate(1); installed as
# share/fish/vendor_completions.d/secgate.fish. tests/install_test.py
# checks it against `secgate help COMMAND`.

set -l commands init ingest run baseline config doctor hook upload-sarif help version
set -l tools gitleaks trivy pip-audit codeql sarif

complete -c secgate -f
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -l help -d 'show the commands'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -l version -d 'print the versions'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a ingest -d 'gate scanner reports'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a run -d 'run the scanners and gate them'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a baseline -d 'create, update or prune the baseline'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a config -d 'validate or show the configuration'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a init -d 'write a .secgate.yml fitted to this repository'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a doctor -d 'check that every tool can run'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a hook -d 'install or remove the pre-push hook'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a upload-sarif -d 'upload SARIF to code scanning'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a help -d 'show help for a command'
complete -c secgate -n "not __fish_seen_subcommand_from $commands" -a version -d 'print the versions'

# Every command
complete -c secgate -n "__fish_seen_subcommand_from $commands" -l help -d 'show help'

# ingest and run
set -l gate "__fish_seen_subcommand_from ingest run"
complete -c secgate -n "__fish_seen_subcommand_from ingest baseline" -l tool -x -a "$tools" -d "read every report as this tool's output"
complete -c secgate -n "__fish_seen_subcommand_from ingest run baseline config doctor" -l config -r -F -d 'configuration file'
complete -c secgate -n "__fish_seen_subcommand_from ingest run baseline config doctor" -l profile -x -a release -d 'configuration profile'
complete -c secgate -n "__fish_seen_subcommand_from ingest run config" -l fail-on -x -a 'critical high medium low info none' -d 'block at or above this severity'
complete -c secgate -n "__fish_seen_subcommand_from ingest run baseline config" -l baseline -r -F -d 'baseline file'
complete -c secgate -n "__fish_seen_subcommand_from ingest run config" -l new-only -d 'only findings absent from the baseline block'
complete -c secgate -n "__fish_seen_subcommand_from ingest run config" -l all -d 'every finding can block'
complete -c secgate -n "__fish_seen_subcommand_from ingest run config" -l strict -d 'stale suppressions fail the gate'
complete -c secgate -n $gate -l diff-base -x -a '(__fish_git_branches 2>/dev/null)' -d 'only lines changed since REF block'
complete -c secgate -n $gate -l explain -d 'the reason for each verdict'
complete -c secgate -n $gate -l offline -d 'no request to OSV'
complete -c secgate -n $gate -l json -r -F -d 'write the JSON report'
complete -c secgate -n $gate -l junit -r -F -d 'write JUnit XML'
complete -c secgate -n $gate -l sarif -r -F -d 'write SARIF 2.1.0'
complete -c secgate -n $gate -l markdown -r -F -d 'write a Markdown summary'
complete -c secgate -n $gate -l evidence -r -a '(__fish_complete_directories)' -d 'write the release record'
complete -c secgate -n $gate -l github -d 'GitHub Actions annotations and outputs'
complete -c secgate -n $gate -l color -x -a 'auto always never' -d 'colour'
complete -c secgate -n "__fish_seen_subcommand_from ingest" -F -d 'report'

# run and doctor
complete -c secgate -n "__fish_seen_subcommand_from run doctor" -l tools -x -a 'gitleaks trivy pip-audit codeql env headers' -d 'only these tools (a,b)'
complete -c secgate -n "__fish_seen_subcommand_from run" -l jobs -x -d 'at most N tools at once'
complete -c secgate -n "__fish_seen_subcommand_from run" -l pre-push -d "read git's pre-push lines on stdin"

# baseline, config, hook
complete -c secgate -n "__fish_seen_subcommand_from baseline; and not __fish_seen_subcommand_from create update prune" -a 'create update prune'
complete -c secgate -n "__fish_seen_subcommand_from create update prune" -F -d 'report'
complete -c secgate -n "__fish_seen_subcommand_from baseline" -l checks -x -a 'env headers' -d 'also run these built-in checks (a,b)'
complete -c secgate -n "__fish_seen_subcommand_from baseline hook" -l force -d 'replace an existing baseline or hook'
complete -c secgate -n "__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from validate show" -a 'validate show'
complete -c secgate -n "__fish_seen_subcommand_from hook; and not __fish_seen_subcommand_from install uninstall" -a 'install uninstall'

# upload-sarif
set -l up "__fish_seen_subcommand_from upload-sarif"
complete -c secgate -n $up -F -d 'SARIF log'
complete -c secgate -n $up -l ref -x -d 'the ref the log belongs to'
complete -c secgate -n $up -l sha -x -d 'the commit the log belongs to'
complete -c secgate -n $up -l repo -x -d 'OWNER/NAME'
complete -c secgate -n $up -l category -x -d 'analysis category'
complete -c secgate -n $up -l wait -d 'wait until GitHub has processed it'
complete -c secgate -n $up -l wait-timeout -x -d 'seconds --wait waits'
complete -c secgate -n $up -l token-env -x -d 'the variable holding the token'
complete -c secgate -n $up -l api-url -x -d 'the GitHub API URL'
complete -c secgate -n $up -l timeout -x -d 'seconds per request'

# help
complete -c secgate -n "__fish_seen_subcommand_from help" -a "$commands"

# init
complete -c secgate -n "__fish_seen_subcommand_from init" -l force -d 'replace an existing .secgate.yml (and workflow)'
complete -c secgate -n "__fish_seen_subcommand_from init" -l baseline -d 'run the scanners once and write the baseline'
complete -c secgate -n "__fish_seen_subcommand_from init" -l hook -d 'install the pre-push hook'
complete -c secgate -n "__fish_seen_subcommand_from init" -l github -d 'write .github/workflows/secgate.yml'
complete -c secgate -n "__fish_seen_subcommand_from init" -l action -x -d 'the action to use (OWNER/REPO@REF)'
# the canary
complete -c secgate -n "__fish_seen_subcommand_from run doctor" -l canary -d 'prove the gate catches planted fake credentials'
