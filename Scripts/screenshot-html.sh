#!/usr/bin/env bash
# Renders `khabar inspect --html` for an article and takes a screenshot with headless Chromium,
# to check the page by eye: right-to-left, colored entities with labels, relations listed.
#
#   Scripts/screenshot-html.sh [ARTICLE.txt] [OUT.png]
#
# Needs Debian's chromium (apt-get install chromium fonts-noto-core).
set -euo pipefail
cd "$(dirname "$0")/.."
article=${1:-Fixtures/000_e13e31a73540851b.txt}
png=${2:-/tmp/khabar-inspect.png}
html=$(mktemp --suffix=.html)
trap 'rm -f "$html"' EXIT
swift run -q khabar inspect "$article" --html "$html"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "no chromium: apt-get install chromium fonts-noto-core" >&2
  exit 2
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,4200 \
  --screenshot="$png" "file://$html" 2>/dev/null
echo "$png"
