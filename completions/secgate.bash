# bash completion for secgate(1); installed as
# share/bash-completion/completions/secgate. Plain bash (no helper from the
# bash-completion package), so it also works when sourced by hand.
# tests/install_test.py checks it against `secgate help COMMAND`.

_secgate_commands="init ingest run baseline config doctor hook upload-sarif help version"

# The options of each command (every command also takes --help).
_secgate_gate_opts="--config --profile --fail-on --baseline --new-only --all
	--strict --diff-base --explain --offline --json --junit --sarif --markdown
	--evidence --github --color"
_secgate_options() {
	case $1 in
	ingest) echo "--tool $_secgate_gate_opts --help" ;;
	run) echo "--tools --jobs --pre-push --canary $_secgate_gate_opts --help" ;;
	init) echo "--force --baseline --hook --github --action --help" ;;
	baseline) echo "--baseline --config --profile --tool --checks --force --help" ;;
	config) echo "--config --profile --fail-on --baseline --new-only --all
		--strict --help" ;;
	doctor) echo "--config --profile --tools --canary --help" ;;
	hook) echo "--force --help" ;;
	upload-sarif) echo "--ref --sha --repo --category --wait --wait-timeout
		--token-env --api-url --timeout --help" ;;
	esac
}

# The options that take a value (the next word, or after "=").
_secgate_valued=" --tool --fail-on --color --profile --tools --checks --diff-base --ref
	--config --baseline --json --junit --sarif --markdown --evidence --jobs
	--sha --repo --category --wait-timeout --token-env --api-url --timeout --action "

# Completes the value of option $1 (the word being completed is $2);
# returns 1 when the option takes no value.
_secgate_value() {
	local opt=$1 cur=$2 prefix w
	case $opt in
	--tool)
		mapfile -t COMPREPLY < <(compgen -W "gitleaks trivy pip-audit codeql sarif" -- "$cur") ;;
	--fail-on)
		mapfile -t COMPREPLY < <(compgen -W "critical high medium low info none" -- "$cur") ;;
	--color)
		mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur") ;;
	--profile)
		mapfile -t COMPREPLY < <(compgen -W "release" -- "$cur") ;;
	--tools | --checks)
		# A comma-separated list: complete its last element. --tools
		# also takes the built-in checks (and custom tools).
		prefix=
		[[ $cur == *,* ]] && prefix=${cur%,*},
		w="env headers"
		[[ $opt == --tools ]] && w="gitleaks trivy pip-audit codeql $w"
		mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$w" -- "${cur##*,}") ;;
	--diff-base | --ref)
		mapfile -t COMPREPLY < <(compgen -W \
			"$(git for-each-ref --format='%(refname:short)' 2>/dev/null)" \
			-- "$cur") ;;
	--config | --baseline | --json | --junit | --sarif | --markdown)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	--evidence)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
	--jobs | --sha | --repo | --category | --wait-timeout | --token-env | \
		--api-url | --timeout)
		COMPREPLY=() ;;
	*) return 1 ;;
	esac
	return 0
}

_secgate() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local cmd='' sub='' i w
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# The command and, for baseline/config/hook, the subcommand.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -* ]]; then
			[[ $_secgate_valued == *" $w "* ]] && ((i++))
			continue
		fi
		if [[ -z $cmd ]]; then
			cmd=$w
		elif [[ -z $sub ]]; then
			sub=$w
		fi
	done

	if [[ -z $cmd ]]; then
		mapfile -t COMPREPLY < <(compgen -W \
			"$_secgate_commands --help --version" -- "$cur")
		return 0
	fi
	# With "=" in COMP_WORDBREAKS (the default), --opt=value is three
	# words: --opt, =, value.
	if [[ $cur == = && $prev == --* ]]; then
		_secgate_value "$prev" "" && return 0
	fi
	if [[ $prev == = ]] && ((COMP_CWORD > 1)) &&
		_secgate_value "${COMP_WORDS[COMP_CWORD - 2]}" "$cur"; then
		return 0
	fi
	if [[ $cur == --*=* ]]; then
		_secgate_value "${cur%%=*}" "${cur#*=}" && return 0
	fi
	if [[ $prev == --* ]] && _secgate_value "$prev" "$cur"; then
		return 0
	fi
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_secgate_options "$cmd")" -- "$cur")
		return 0
	fi
	case $cmd in
	help)
		[[ -z $sub ]] && mapfile -t COMPREPLY < <(compgen -W "$_secgate_commands" -- "$cur") ;;
	baseline)
		if [[ -z $sub ]]; then
			mapfile -t COMPREPLY < <(compgen -W "create update prune" -- "$cur")
		else
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi ;;
	config)
		[[ -z $sub ]] && mapfile -t COMPREPLY < <(compgen -W "validate show" -- "$cur") ;;
	hook)
		[[ -z $sub ]] && mapfile -t COMPREPLY < <(compgen -W "install uninstall" -- "$cur") ;;
	ingest | upload-sarif)
		# Report files.
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	esac
	return 0
}
complete -F _secgate secgate
