#!/usr/bin/env bash
# Fetch Debian's gitleaks package for one suite (trixie: 8.16, sid: 8.26)
# and unpack it into DEST, without touching the system's apt sources:
# a private apt state (lists, cache, one sources file) in a temporary
# folder. The archive's address comes from this machine's own apt
# configuration (deb822 *.sources, or the one-line sources.list format).
#
#   scripts/get-gitleaks.sh SUITE DEST     -> DEST/usr/bin/gitleaks
#   scripts/get-gitleaks.sh --print-archive   the archive it would use
# (APT_ETC names another apt configuration folder than /etc/apt: tests.)
#
# Idempotent: when DEST already holds the unpacked binary and the .deb it
# came from, nothing is downloaded. Exit 0 done, 1 on failure, 77 when no
# archive address can be found or the archive cannot be reached (callers
# decide whether that is a skip or a failure).
set -euo pipefail

usage() {
	echo "usage: $0 SUITE DEST | $0 --print-archive" >&2
	exit 2
}

# The first Debian archive named by the machine's apt configuration that
# is not a security or updates mirror (those carry only a few packages).
# Prints "URI KEYRING" (KEYRING may be empty).
archive_from_apt_config() {
	local etc=${APT_ETC:-/etc/apt}
	local f
	for f in "$etc"/sources.list.d/*.sources; do
		[[ -f $f ]] || continue
		# deb822: stanzas separated by blank lines.
		awk '
		function main_suite(list,   n, w, i) {
			n = split(list, w, " ")
			for (i = 1; i <= n; i++)
				if (w[i] !~ /-security|-updates|-backports|\/updates/)
					return 1
			return 0
		}
		function flush() {
			if (types ~ /(^| )deb( |$)/ && uri != "" && main_suite(suites) && enabled != "no" && !done) {
				print uri, key; done = 1
			}
			types = uri = suites = key = enabled = ""
		}
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		tolower($1) == "types:"   { $1 = ""; types = $0 }
		tolower($1) == "uris:"    { uri = $2 }
		tolower($1) == "suites:"  { $1 = ""; suites = $0 }
		tolower($1) == "signed-by:" { key = $2 }
		tolower($1) == "enabled:" { enabled = tolower($2) }
		END { flush() }' "$f"
	done
	for f in "$etc"/sources.list "$etc"/sources.list.d/*.list; do
		[[ -f $f ]] || continue
		# One-line format: deb [options] URI SUITE COMPONENTS...
		awk '
		/^[ \t]*deb[ \t]/ {
			key = ""; i = 2
			if ($2 ~ /^\[/) {
				for (; i <= NF; i++) {
					if ($i ~ /^\[?signed-by=/) { key = $i; sub(/^\[?signed-by=/, "", key); sub(/\]$/, "", key) }
					if ($i ~ /\]$/) { i++; break }
				}
			}
			uri = $i; s = $(i + 1)
			if (s !~ /-security|-updates|-backports|\/updates/) { print uri, key; exit }
		}' "$f"
	done
}

# --print-archive: the archive and keyring the configuration gives (tests).
if [[ $# -eq 1 && $1 == --print-archive ]]; then
	archive_from_apt_config | head -n 1
	exit 0
fi
[[ $# -eq 2 ]] || usage
suite=$1
dest=$2
[[ $suite =~ ^[a-z][a-z0-9-]*$ ]] || usage

if [[ -x $dest/usr/bin/gitleaks ]] && compgen -G "$dest/gitleaks_*.deb" >/dev/null; then
	echo "get-gitleaks: $suite already in $dest ($(basename "$dest"/gitleaks_*.deb))"
	exit 0
fi

read -r uri key < <(archive_from_apt_config | head -n 1) || true
if [[ -z ${uri:-} ]]; then
	echo "get-gitleaks: no Debian archive in the apt configuration" \
	     "(${APT_ETC:-/etc/apt}/sources.list.d/*.sources or sources.list)" >&2
	exit 77
fi
[[ -n ${key:-} && -f $key ]] || key=/usr/share/keyrings/debian-archive-keyring.gpg
if [[ ! -f $key ]]; then
	echo "get-gitleaks: no archive keyring ($key); install debian-archive-keyring" >&2
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/etc/sources.list.d"
cat >"$tmp/etc/sources.list.d/get-gitleaks.sources" <<EOT
Types: deb
URIs: $uri
Suites: $suite
Components: main
Signed-By: $key
EOT
# apt drops privileges to _apt for downloads; let it write there.
if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then
	chown -R _apt "$tmp"
fi
opts=(-o Dir::Etc::SourceList=/dev/null
      -o "Dir::Etc::SourceParts=$tmp/etc/sources.list.d"
      -o "Dir::State::Lists=$tmp/lists"
      -o "Dir::Cache=$tmp/cache"
      -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
      -o Debug::NoLocking=1 -o Acquire::Retries=2)
if ! apt-get "${opts[@]}" update -qq >"$tmp/update.log" 2>&1 ||
   grep -qE '^(W|E): Failed to fetch' "$tmp/update.log"; then
	echo "get-gitleaks: cannot reach the archive for suite $suite:" >&2
	tail -n 5 "$tmp/update.log" >&2
	exit 77
fi
if ! (cd "$tmp" && apt-get "${opts[@]}" download gitleaks) >"$tmp/download.log" 2>&1; then
	echo "get-gitleaks: apt-get download gitleaks ($suite) failed:" >&2
	tail -n 5 "$tmp/download.log" >&2
	exit 1
fi
deb=$(compgen -G "$tmp/gitleaks_*.deb" | head -n 1)
mkdir -p "$dest"
rm -f "$dest"/gitleaks_*.deb
dpkg-deb -x "$deb" "$dest"
cp "$deb" "$dest/"
"$dest/usr/bin/gitleaks" version >/dev/null 2>&1 || {
	echo "get-gitleaks: the unpacked binary does not run: $dest/usr/bin/gitleaks" >&2
	exit 1
}
echo "get-gitleaks: $suite -> $dest ($(basename "$deb"))"
