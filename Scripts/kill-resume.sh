#!/usr/bin/env bash
# Kills `khabar extract -o` at a random moment and resumes it with --resume; checks that the
# result is byte-identical to an uninterrupted run (nothing lost, nothing duplicated).
#
#   Scripts/kill-resume.sh [CORPUS.jsonl] [SIGNAL]   (default: the news corpus, KILL; INT = Ctrl-C)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/news/saudinewsnet-2015-07.jsonl}
signal=${2:-KILL}
swift build -c release --product khabar >&2
bin="$(swift build -c release --show-bin-path)/khabar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
"$bin" extract "$corpus" -o "$work/full.jsonl" --quiet
took=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
# A moment inside the run: between a tenth and nine tenths of how long the whole run took.
delay=$(python3 -c "import random, sys; t = float(sys.argv[1]); print(round(random.uniform(0.1 * t, 0.9 * t), 2))" "$took")
"$bin" extract "$corpus" -o "$work/run.jsonl" --quiet &
pid=$!
sleep "$delay"
kill -s "$signal" "$pid" 2>/dev/null || true
wait "$pid" || true
before=$(wc -l < "$work/run.jsonl")
"$bin" extract "$corpus" -o "$work/run.jsonl" --resume --quiet
if cmp -s "$work/full.jsonl" "$work/run.jsonl"; then
  echo "killed with SIG$signal after ${delay}s at $before lines; resumed: identical to the uninterrupted run ($(wc -l < "$work/full.jsonl") lines)"
else
  echo "MISMATCH after SIG$signal at ${delay}s ($before lines before resuming)" >&2
  exit 1
fi
