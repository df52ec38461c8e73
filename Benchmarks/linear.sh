#!/usr/bin/env bash
# Time and peak memory of `khabar extract` (release build) on one article of 1 to 16 MiB, per
# shape of text, to show that every stage is linear in the article: the time per MiB should
# stay flat as the article grows. A shape where a MiB added to the largest size costs more than
# FLAG (default 1.5) times a MiB of the smallest sizes is flagged, and the script exits 1: a
# stage quadratic in the article makes that ratio about 16 between 1 and 16 MiB.
#
#   [SIZES="1 2 4 8 16"] [SHAPES="pair visit …"] [RUNS=3] [FLAG=1.5] Benchmarks/linear.sh [BIN]
#
#   BIN     the khabar binary to measure (default: this checkout's release build, built first)
#   SIZES   article sizes in MiB (each article is cut at a sentence or word just under the size)
#   SHAPES  which shapes to run (default: all, listed by `SHAPES=list Benchmarks/linear.sh`)
#   RUNS    runs per size; the fastest is reported (default 3: this is often a shared machine)
#   ARTICLES=DIR  only write the articles (SHAPE-MiB.txt) into DIR, to look at or to compare
#                 the output of two binaries on them
#
# The articles are generated here from sentences written for the purpose, and the `news` shape
# from the reference corpus (../shared/data/news/saudinewsnet-2015-07.jsonl) read at run time;
# nothing generated is kept. Each run uses one job (`--jobs 1`) and the largest article size
# the command allows (16 MiB). Needs GNU time (/usr/bin/time) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-1 2 4 8 16}
runs=${RUNS:-3}
flag=${FLAG:-1.5}
corpus=../shared/data/news/saudinewsnet-2015-07.jsonl
if [ $# -ge 1 ]; then
  bin=$1
else
  swift build -c release --product khabar >&2
  bin=$(swift build -c release --show-bin-path)/khabar
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One article per shape and size: a unit of text repeated (or, for the shapes with many
# different names, made anew each time) up to the size.
generate() {
  python3 - "$1" "$2" "$3" "$corpus" <<'PY'
import json, os, sys
shape, mib, path, corpus = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
limit = int(mib * 1024 * 1024)
letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"

def distinct(i, length=6):
    # A word no gazetteer or rule knows, different for every i: letters read as digits.
    word = ""
    for _ in range(length):
        word += letters[i % len(letters)]
        i //= len(letters)
    return word

given = ["محمد", "علي", "حسن", "حسين", "أحمد", "عبد الله", "خالد", "سعيد", "عمر", "يوسف"]
shapes = {
    # A pair word with no two countries before it: resolved to nothing, in every sentence.
    "pair": lambda i: "مناورات مشتركة بين البلدين.",
    # Two countries, then the pair word: one relation per country with every sentence as evidence.
    "pair-two": lambda i: "أجرت إيران وروسيا مناورات مشتركة." if i == 0 else "مناورات مشتركة بين البلدين.",
    "visit": lambda i: "زار الرئيس الروسي فلاديمير بوتين إيران.",
    "speaker": lambda i: "قال اللواء باقري كلاما." if i else "قال اللواء محمد باقري كلاما.",
    # Names one after another, no sentence end.
    "dense-names": lambda i: "محمد باقري وسيرغي شويغو وفلاديمير بوتين وحسن روحاني وإيران وروسيا والصين",
    # Offices and ranks chained in one endless sentence.
    "title-chains": lambda i: "وزير الدفاع الروسي رئيس الأركان العامة للقوات المسلحة الإيرانية اللواء",
    # Given names with nothing between them.
    "given-names": lambda i: given[i % len(given)],
    # Dates, each relative to the dateline.
    "dates": lambda i: "الأربعاء 20 سبتمبر 2023" if i == 0 else "وفي العام المقبل يوم الخميس",
    # A different person after a rank in every sentence, then mentioned again by family name.
    "distinct-names": lambda i: f"قال اللواء محمد {distinct(i)} إن {distinct(i)} زار {distinct(i + 7)}.",
    # A different unknown word every time: a vocabulary as large as the article.
    "distinct-words": lambda i: distinct(i, 7),
}
with open(path, "w", encoding="utf-8") as out:
    size = 0
    if shape == "huge-word":
        out.write("ب" * (limit // 2))
    elif shape == "punctuation":
        # ASCII marks: a token per byte, the most tokens an article can have.
        out.write((".,!?;:()-" * (limit // 9 + 1))[:limit])
    elif shape == "news":
        # Real articles, one after another, from the reference corpus (again from the start if
        # it runs out).
        while size < limit:
            for line in open(corpus, encoding="utf-8"):
                text = json.loads(line)["text"] + "\n\n"
                n = len(text.encode())
                if size + n > limit:
                    break
                out.write(text)
                size += n
            else:
                continue
            break
    else:
        unit = shapes[shape]
        i = 0
        while True:
            text = unit(i) + (" " if shape in ("dense-names", "title-chains", "given-names", "distinct-words") else "\n")
            n = len(text.encode())
            if size + n > limit:
                break
            out.write(text)
            size += n
            i += 1
PY
}

all_shapes="pair pair-two visit speaker dense-names title-chains given-names dates distinct-names distinct-words huge-word punctuation news"
if [ "${SHAPES:-}" = list ]; then
  echo "$all_shapes"
  exit 0
fi
shapes=${SHAPES:-$all_shapes}
if [ -n "${ARTICLES:-}" ]; then
  mkdir -p "$ARTICLES"
  for shape in $shapes; do for mib in $sizes; do generate "$shape" "$mib" "$ARTICLES/$shape-$mib.txt"; done; done
  exit 0
fi
echo "binary: $bin"
flagged=""
# Times are CPU seconds (user + system) of the run, which a busy machine disturbs less than
# the wall-clock time (shown as "wall"). s/MiB is the whole run's time per MiB of article,
# start-up included; "added" is the time per MiB of what each size adds to the one before it,
# start-up excluded: that is the column that stays flat when a stage is linear and grows with
# the size when one is not.
printf '%-15s %6s %6s %8s %7s %7s %7s %8s %9s %8s %9s\n' shape MiB wall "cpu s" s/MiB added MB/s "peak MiB" peak/size entities relations
for shape in $shapes; do
  if [ "$shape" = news ] && [ ! -f "$corpus" ]; then
    echo "news: no corpus at $corpus, skipped" >&2
    continue
  fi
  first=""
  last=""
  previous=""
  for mib in $sizes; do
    article="$work/$shape-$mib.txt"
    generate "$shape" "$mib" "$article"
    bytes=$(stat -c %s "$article")
    best=""
    for _ in $(seq "$runs"); do
      /usr/bin/time -v -o "$work/time" "$bin" extract "$article" -o "$work/out.jsonl" --jobs 1 --quiet \
        --max-article-bytes $((16 * 1024 * 1024))
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time")
      seconds=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u + s}' "$work/time")
      peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
      if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$seconds; best_wall=$wall; best_peak=$peak; fi
    done
    counts=$(python3 -c '
import json, sys
r = json.loads(open(sys.argv[1], encoding="utf-8").readline())
assert "error" not in r, r["error"]
print(len(r["entities"]), len(r["relations"]))' "$work/out.jsonl")
    read -r entities relations <<<"$counts"
    per=$(awk -v s="$best" -v b="$bytes" 'BEGIN {printf "%.3f", s / (b / 1048576)}')
    added="-"
    if [ -n "$previous" ]; then
      read -r previous_seconds previous_bytes <<<"$previous"
      added=$(awk -v s="$best" -v p="$previous_seconds" -v b="$bytes" -v q="$previous_bytes" \
        'BEGIN {printf "%.3f", (s - p) / ((b - q) / 1048576)}')
      # The reference: the larger of the first added time and the smallest size's time per MiB
      # (start-up included), so that one lucky small run does not flag a flat shape.
      [ -z "$first" ] && first=$(awk -v a="$added" -v p="$previous_per" 'BEGIN {print (a > p ? a : p)}')
      last=$added
    fi
    previous="$best $bytes"
    previous_per=$per
    printf '%-15s %6.2f %6.2f %8.2f %7s %7s %7.1f %8.0f %9.1f %8s %9s\n' "$shape" \
      "$(awk -v b="$bytes" 'BEGIN {print b / 1048576}')" "$best_wall" "$best" "$per" "$added" \
      "$(awk -v s="$best" -v b="$bytes" 'BEGIN {print (s > 0 ? b / 1e6 / s : 0)}')" \
      "$(awk -v k="$best_peak" 'BEGIN {print k / 1024}')" \
      "$(awk -v k="$best_peak" -v b="$bytes" 'BEGIN {print k * 1024 / b}')" "$entities" "$relations"
    rm -f "$article" "$work/out.jsonl"
  done
  # Below 0.02 s per MiB (50 MB/s) the noise of a shared machine is larger than the growth
  # being looked for: such a shape is not flagged.
  if [ -n "$first" ] && awk -v a="$first" -v b="$last" -v f="$flag" 'BEGIN {exit !(b > a * f && b > 0.02)}'; then
    echo "FLAG: $shape: each MiB added at the largest size took $last s, at the smallest $first s" >&2
    flagged="$flagged $shape"
  fi
done
if [ -n "$flagged" ]; then
  echo "time per MiB grows with the article for:$flagged" >&2
  exit 1
fi
echo "time per MiB flat (within ${flag}x) for every shape"
