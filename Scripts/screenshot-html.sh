#!/usr/bin/env bash
# Renders `khabar inspect --html` for an article and takes a screenshot with headless Chromium,
# to check the page by eye: right-to-left, colored entities with labels, relations listed.
#
#   Scripts/screenshot-html.sh [--check] [--scale N] [ARTICLE.txt] [OUT.png]
#
# --scale N   device scale factor of the screenshot (2 to read Arabic joining up close)
# --check     also measure the laid-out page in Chromium and print what would show wrong:
#             a mark cut in two pieces on one line (bidi reordering), an Arabic word whose
#             shaping a mark cuts (the word is wider than the same letters in one text node:
#             ل + لقوات shown as `ل لقوات`), a triple whose brackets are not at its two ends
#             (a mirrored `(` at the end), Arabic in a monospace font or letter-spaced.
#             Exits 1 when any is found.
#
# Needs Debian's chromium (apt-get install chromium fonts-noto-core).
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
scale=1
while [ $# -gt 0 ]; do
  case $1 in
    --check) check=1; shift ;;
    --scale) scale=$2; shift 2 ;;
    *) break ;;
  esac
done
article=${1:-Fixtures/000_e13e31a73540851b.txt}
png=${2:-/tmp/khabar-inspect.png}
html=$(mktemp --suffix=.html)
checked=$(mktemp --suffix=.html)
trap 'rm -f "$html" "$checked" "$checked.js"' EXIT
swift run -q khabar inspect "$article" --html "$html"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "no chromium: apt-get install chromium fonts-noto-core" >&2
  exit 2
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,4200 \
  --force-device-scale-factor="$scale" --screenshot="$png" "file://$html" 2>/dev/null
echo "$png"
[ "$check" = 1 ] || exit 0

# The measuring script goes at the end of a copy of the page; it writes its findings into a
# <pre id="khabar-check"> that --dump-dom prints.
cat > "$checked.js" <<'EOF'
<script>
(function () {
  const out = [];
  let problems = 0;
  const arabicWordEnd = /[\u0600-\u06FF]+$/, arabicWordStart = /^[\u0600-\u06FF]+/;
  // A triple's "(" leftmost and ")" rightmost: a bracket resolved right-to-left is mirrored
  // and drawn inside, next to the Arabic.
  document.querySelectorAll('.triple').forEach(t => {
    const boxes = [];
    const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      for (let k = 0; k < n.data.length; k++) {
        const r = document.createRange(); r.setStart(n, k); r.setEnd(n, k + 1);
        const b = r.getBoundingClientRect();
        if (b.width > 0) boxes.push({ c: n.data[k], l: b.left, r: b.right });
      }
    }
    if (boxes.length == 0) return;
    const first = boxes[0], last = boxes[boxes.length - 1];
    const left = Math.min(...boxes.map(b => b.l)), right = Math.max(...boxes.map(b => b.r));
    if (!(first.c == '(' && last.c == ')' && first.l - left < 0.5 && right - last.r < 0.5)) {
      problems++; out.push('triple with misplaced brackets: ' + t.textContent);
    }
  });
  // A mark in two pieces on one line.
  document.querySelectorAll('article mark').forEach(m => {
    const tops = Array.from(m.getClientRects()).map(r => Math.round(r.top));
    if (new Set(tops).size < tops.length) { problems++; out.push('mark split on one line: ' + m.textContent); }
  });
  // A word whose shaping a mark cuts: letters before the mark plus letters at its start are
  // wider as shown than the same letters as one text node. The probes go into one box of
  // their own after the article, all at once: one layout, not one per word.
  const article = document.querySelector('article');
  const probes = document.createElement('div');
  probes.style.whiteSpace = 'pre-wrap';
  const cuts = [];
  document.querySelectorAll('article mark').forEach(m => {
    const before = m.previousSibling, inside = m.firstChild;
    if (!before || before.nodeType != 3 || !inside || inside.nodeType != 3) return;
    const head = before.data.match(arabicWordEnd), tail = inside.data.match(arabicWordStart);
    if (!head || !tail) return;
    const r = document.createRange();
    r.setStart(before, before.data.length - head[0].length); r.setEnd(inside, tail[0].length);
    const probe = document.createElement('span');
    probe.textContent = head[0] + tail[0];
    probes.appendChild(probe); probes.appendChild(document.createTextNode(' \n '));
    cuts.push({ range: r, probe: probe, word: head[0] + '|' + tail[0] });
  });
  article.after(probes);
  cuts.forEach(c => {
    const shown = c.range.getBoundingClientRect().width, whole = c.probe.getBoundingClientRect().width;
    if (Math.abs(shown - whole) > 0.5) {
      problems++; out.push('word cut by a mark: ' + c.word + ' ' + shown.toFixed(1) + 'px, whole ' + whole.toFixed(1) + 'px');
    }
  });
  probes.remove();
  // Arabic in a monospace font or letter-spaced.
  const all = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (all.nextNode()) {
    const n = all.currentNode;
    if (!/[\u0600-\u06FF]/.test(n.data)) continue;
    const style = getComputedStyle(n.parentElement);
    if (/monospace/.test(style.fontFamily) || !['normal', '0px'].includes(style.letterSpacing)) {
      problems++; out.push('arabic in monospace or letter-spaced: ' + n.data.slice(0, 40));
    }
  }
  out.push(problems + ' problem(s)');
  const pre = document.createElement('pre'); pre.id = 'khabar-check'; pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
</script>
EOF
python3 - "$html" "$checked.js" "$checked" <<'EOF'
import sys
page, script, out = sys.argv[1:]
open(out, "w").write(open(page).read().replace("</body>", open(script).read() + "</body>"))
EOF
report=$("$browser" --headless --no-sandbox --disable-gpu --window-size=1280,4200 --dump-dom "file://$checked" 2>/dev/null \
  | sed -n '/<pre id="khabar-check">/,/<\/pre>/p' | sed 's/<[^>]*>//g')
echo "$report"
[ "$(echo "$report" | tail -n 1)" = "0 problem(s)" ]
