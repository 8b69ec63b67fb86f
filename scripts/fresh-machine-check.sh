#!/usr/bin/env bash
# The README's two commands on a pristine Debian, as a new user runs them:
# a minimal root made with debootstrap from the archive this machine's apt
# uses, a clean clone of the commit under test in it (with ../shared beside
# it, for the conformance tests), then `scripts/demo.sh` and
# `scripts/test.sh` in a chroot, as root. .ci/run calls it.
#
# The chroot has its own PID namespace and /proc (unshare), the machine's
# /dev and /sys, and the network (only the apt archive is needed).
#
# Usage: scripts/fresh-machine-check.sh [--refresh | --print-archive]
#   --refresh         make a new debootstrap root instead of the cached one
#   --print-archive   print "URI SUITE KEYRING" as read from apt, and stop
# Environment: FRESH_DIR (default build-fresh/ in the repository) holds the
# pristine root (root-SUITE-ARCH.tar, made once by debootstrap and reused:
# every check unpacks a fresh copy) and the apt package cache shared by the
# checks; FRESH_TIMEOUT (seconds, default 1200) bounds the chroot part.
# FRESH_APT_DIR (default /etc/apt) and FRESH_CODENAME (default the
# machine's VERSION_CODENAME) are for tests/fresh_machine_test.py.
#
# Needs root (re-runs itself with sudo), debootstrap, and the network the
# machine's apt uses. Only the commit is tested: uncommitted changes are not
# in the clone.
set -euo pipefail

die() {
	echo "fresh-machine: $*" >&2
	exit 2
}
say() { echo "fresh-machine: $*"; }

refresh=0 print_archive=0
for arg in "$@"; do
	case $arg in
	--refresh) refresh=1 ;;
	--print-archive) print_archive=1 ;;
	*) die "unknown argument '$arg' (usage: fresh-machine-check.sh [--refresh | --print-archive])" ;;
	esac
done

# ---- the archive, from this machine's apt configuration ----

apt_dir=${FRESH_APT_DIR:-/etc/apt}

# Prints "URI SUITE KEYRING" for each Debian-style source: deb822 stanzas
# in sources.list.d/*.sources, then one-line entries in sources.list and
# sources.list.d/*.list. Disabled stanzas and deb-src are left out.
apt_sources() {
	local f
	for f in "$apt_dir"/sources.list.d/*.sources; do
		[[ -f $f ]] || continue
		awk '
		function flush() {
			if (types ~ /(^| )deb( |$)/ && enabled != "no")
				for (i = 1; i <= nu; i++)
					for (j = 1; j <= ns; j++)
						print uri[i], suite[j], (key == "" ? "-" : key)
			types = ""; enabled = ""; key = ""; nu = 0; ns = 0
		}
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[^ \t]/ {
			field = tolower($1); sub(/:$/, "", field)
			$1 = ""; sub(/^[ \t]+/, "")
			if (field == "types") types = $0
			else if (field == "enabled") enabled = tolower($0)
			else if (field == "signed-by" && $0 ~ /^\//) key = $0
			else if (field == "uris") nu = split($0, uri, /[ \t]+/)
			else if (field == "suites") ns = split($0, suite, /[ \t]+/)
		}
		END { flush() }' "$f"
	done
	for f in "$apt_dir"/sources.list "$apt_dir"/sources.list.d/*.list; do
		[[ -f $f ]] || continue
		awk '$1 == "deb" {
			key = "-"; i = 2
			if ($2 ~ /^\[/) {
				for (; i <= NF; i++) {
					if ($i ~ /^\[?signed-by=\//) {
						key = $i; sub(/^\[?signed-by=/, "", key)
						sub(/\]$/, "", key)
					}
					if ($i ~ /\]$/) { i++; break }
				}
			}
			print $i, $(i + 1), key
		}' "$f"
	done
}

# The machine's own release first (Debian 12: bookworm), else the first
# base suite (one without -updates, -security, ...).
# shellcheck disable=SC1091 # the machine's own file
codename=${FRESH_CODENAME:-$(. /etc/os-release && echo "${VERSION_CODENAME:-}")}
mirror='' suite='' keyring=''
while read -r u s k; do
	[[ $u == http://* || $u == https://* || $u == file:/* ]] || continue
	[[ $s == */* || $s == *-* ]] && continue
	if [[ -z $mirror || ($s == "$codename" && $suite != "$codename") ]]; then
		mirror=$u suite=$s keyring=$k
	fi
done < <(apt_sources)
[[ -n $mirror ]] ||
	die "no Debian archive found in $apt_dir/sources.list or $apt_dir/sources.list.d/"

((print_archive)) && { echo "$mirror $suite $keyring"; exit 0; }
arch=$(dpkg --print-architecture)
say "archive $mirror, suite $suite, $arch (from this machine's apt configuration)"

if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || die "needs root (chroot, mount) and there is no sudo"
	exec sudo --preserve-env=FRESH_DIR,FRESH_TIMEOUT bash "$0" "$@"
fi
command -v debootstrap >/dev/null ||
	die "debootstrap is not installed (apt-get install debootstrap)"

src=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$src" rev-parse --verify HEAD)
if [[ -n $(git -C "$src" status --porcelain --untracked-files=no) ]]; then
	say "warning: uncommitted changes in $src are not tested (commit ${commit:0:12} is)"
fi
fresh=${FRESH_DIR:-$src/build-fresh}
mkdir -p "$fresh"
fresh=$(cd "$fresh" && pwd)

# ---- the pristine root, cached ----

cached=$fresh/root-$suite-$arch.tar
root=$fresh/root
apt_cache=$fresh/apt-archives

# Everything mounted under $root, deepest first: /proc/self/mountinfo's
# fifth field, with its octal escapes.
mounted_under_root() {
	awk -v r="$root" '{ m = $5; gsub(/\\040/, " ", m)
		if (m == r || index(m, r "/") == 1) print m }' /proc/self/mountinfo |
		sort -r
}

unmount_all() {
	local m
	while read -r m; do
		[[ -n $m ]] || continue
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done < <(mounted_under_root)
}

# Removes the root only when nothing is mounted in it any more (rm -rf
# through a bind mount of /dev would be a disaster).
remove_root() {
	[[ -e $root ]] || return 0
	unmount_all
	if [[ -n $(mounted_under_root) ]]; then
		echo "fresh-machine: still mounted under $root, not removing it:" >&2
		mounted_under_root >&2
		return 1
	fi
	rm -rf --one-file-system -- "$root"
}

cleanup() {
	local code=$?
	unmount_all
	if [[ -n $(mounted_under_root) ]]; then
		echo "fresh-machine: could not unmount everything under $root" >&2
		code=1
	fi
	exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$SECONDS
remove_root
if ((refresh)) || [[ ! -s $cached ]]; then
	say "debootstrap --variant=minbase $suite (cached in $cached)"
	keyopt=()
	[[ $keyring != - && -r $keyring ]] && keyopt=(--keyring="$keyring")
	mkdir -p "$root"
	if ! debootstrap --variant=minbase "${keyopt[@]}" "$suite" "$root" \
		"$mirror" >"$fresh/debootstrap.log" 2>&1; then
		tail -n 20 "$fresh/debootstrap.log" >&2
		die "debootstrap failed (log: $fresh/debootstrap.log)"
	fi
	rm -f "$cached.tmp"
	tar -C "$root" --numeric-owner -cf "$cached.tmp" .
	mv "$cached.tmp" "$cached"
	remove_root
fi
mkdir -p "$root"
tar -C "$root" --numeric-owner -xf "$cached"
say "pristine root ready in $((SECONDS - t0)) s"

# The archive's network settings (proxies, validity checks) come from the
# machine; nothing else of its configuration goes in.
for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
	[[ -f $f ]] && grep -q '^[[:space:]]*Acquire::' "$f" &&
		grep '^[[:space:]]*Acquire::' "$f" >>"$root/etc/apt/apt.conf.d/90fresh-machine"
done
cp -L /etc/resolv.conf "$root/etc/resolv.conf"

# ---- the commit under test and ../shared ----

git clone --quiet --no-local --no-checkout "$src" "$root/src/secgate"
git -C "$root/src/secgate" checkout --quiet --detach "$commit"
shared=$src/../shared
if [[ -d $shared ]]; then
	cp -a "$(cd "$shared" && pwd -P)/." "$root/src/shared/"
else
	say "warning: no ../shared beside $src: the conformance tests will SKIP"
fi

# ---- the chroot ----

mkdir -p "$apt_cache/partial"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
mount --bind "$apt_cache" "$root/var/cache/apt/archives"

say "chroot: scripts/demo.sh, then scripts/test.sh (commit ${commit:0:12})"
t1=$SECONDS
set +e
# Its own PID namespace, with its own /proc: the tests look at the
# processes (ps), which must be the chroot's only, as on a machine of its
# own. When the namespace's first process ends, the kernel ends the rest.
timeout "${FRESH_TIMEOUT:-1200}" unshare --pid --fork --kill-child \
	--mount-proc="$root/proc" chroot "$root" /usr/bin/env -i \
	HOME=/root TERM=dumb LANG=C.UTF-8 \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	/bin/bash -c 'cd /src/secgate && scripts/demo.sh && scripts/test.sh'
code=$?
set -e
say "chroot part: $((SECONDS - t1)) s, whole check: $((SECONDS - t0)) s"
if ((code != 0)); then
	say "FAILED (exit $code); the root is kept in $root"
	exit 1
fi
unmount_all
remove_root
say "passed: the README's two commands work on a fresh $suite"
