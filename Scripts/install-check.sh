#!/bin/sh
# Runs the install recipe of README.md ("Where `khabar` finds its data") into a temporary
# prefix, then runs the installed binary through $PATH from outside the checkout, with the
# fallback to the source checkout turned off (KHABAR_NO_SOURCE_CHECKOUT), and compares its
# output on the seed article with the checkout's. Exits 1 when the installed binary fails.
#
#   Scripts/install-check.sh              runs the recipe as written (swift build -c release)
#   BINARY=.build/debug/khabar Scripts/install-check.sh
#                                         installs that binary instead and skips the build line
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
prefix=$(mktemp -d "${TMPDIR:-/tmp}/khabar-install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT

# The recipe: the first code block after the heading, with PREFIX pointed at the temporary one.
recipe=$(awk '/^### Where `khabar` finds its data/ { section = 1 }
  section && /^```/ { if (block) exit; block = 1; next }
  section && block { print }' README.md)
[ -n "$recipe" ] || { echo "install-check: no recipe found in README.md" >&2; exit 1; }
# Only a recipe that installs under $PREFIX can be pointed elsewhere: never run one that would
# write into the system.
if ! printf '%s\n' "$recipe" | grep -q '^PREFIX=' || printf '%s\n' "$recipe" | grep -v '^PREFIX=' | grep -q '/usr/'; then
  echo "install-check: the recipe does not install under \$PREFIX; not running it" >&2
  exit 1
fi
recipe=$(printf '%s\n' "$recipe" | sed "s|^PREFIX=.*|PREFIX='$prefix'|")
if [ -n "${BINARY:-}" ]; then
  recipe=$(printf '%s\n' "$recipe" | grep -v '^swift build' | sed "s|\.build/release/khabar|$BINARY|g")
fi
printf '%s\n' "$recipe" | sh -e

article="$root/Fixtures/000_e13e31a73540851b.txt"
expected=$("${BINARY:-.build/release/khabar}" extract --quiet "$article")
cd "$prefix"
if ! actual=$(env KHABAR_NO_SOURCE_CHECKOUT=1 PATH="$prefix/bin:/usr/bin:/bin" khabar extract --quiet "$article"); then
  echo "install-check: the installed binary failed" >&2
  exit 1
fi
if [ "$actual" != "$expected" ]; then
  echo "install-check: the installed binary's output differs from the checkout's" >&2
  exit 1
fi
echo "install-check: the recipe installs a working khabar ($prefix/bin/khabar)"
