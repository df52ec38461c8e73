#!/usr/bin/env bash
# Throughput and peak memory of `khabar extract` (release build) on a JSONL corpus, plus a
# correctness check of the output (one record per input line, same ids, every entity's text
# equal to its slice of the original). Usage:
#
#   [JOBS=N] Benchmarks/extract.sh [CORPUS.jsonl]   (default: ../shared/data/news/saudinewsnet-2015-07.jsonl,
#                                                   JOBS = the number of cores)
#
# Needs GNU time (/usr/bin/time, Debian package "time") and python3 for the check.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/data/news/saudinewsnet-2015-07.jsonl}
jobs=${JOBS:-$(nproc)}
if [ ! -f "$corpus" ]; then
  echo "no corpus at $corpus (pass a JSONL file of {\"id\", \"text\"} records)" >&2
  exit 2
fi
swift build -c release --product khabar >&2
bin=$(swift build -c release --show-bin-path)/khabar
out=$(mktemp --suffix=.jsonl)
trap 'rm -f "$out" "$out.time"' EXIT

/usr/bin/time -v -o "$out.time" "$bin" extract "$corpus" -o "$out" --jobs "$jobs" --quiet || status=$?
status=${status:-0}
seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out.time")
peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out.time")
bytes=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8") if l.strip()))' "$corpus")
JOBS_USED=$jobs python3 - "$corpus" "$out" "$bytes" "$seconds" "$peak_kb" "$status" <<'PY'
import json, sys
corpus, out, text_bytes, seconds, peak_kb, status = sys.argv[1:]
inputs = [json.loads(l) for l in open(corpus, encoding="utf-8") if l.strip()]
outputs = [json.loads(l) for l in open(out, encoding="utf-8")]
assert len(inputs) == len(outputs), f"{len(inputs)} input records, {len(outputs)} output records"
bad = 0
entities = 0
labels = {}
for i, o in zip(inputs, outputs):
    assert str(i["id"]) == o["id"], (i["id"], o["id"])
    for e in o.get("entities", []):
        entities += 1
        labels[e["type"]] = labels.get(e["type"], 0) + 1
        if i["text"][e["start"]:e["end"]] != e["text"]:
            bad += 1
errors = sum(1 for o in outputs if "error" in o)
mb = int(text_bytes) / 1e6
s = float(seconds)
print(f"corpus: {corpus}")
print(f"records: {len(outputs)} (errors: {errors}, exit status {status}); text: {mb:.1f} MB")
print(f"entities: {entities} " + " ".join(f"{k}={v}" for k, v in sorted(labels.items())))
print(f"spans not equal to their slice: {bad}")
print(f"time: {s:.2f} s; throughput: {mb / s:.1f} MB/s of article text; peak memory: {int(peak_kb) / 1024:.0f} MB; jobs: {__import__('os').environ.get('JOBS_USED', '?')}")
sys.exit(1 if bad else 0)
PY
