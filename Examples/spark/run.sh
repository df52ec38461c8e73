#!/usr/bin/env bash
# Runs the Spark example in local mode on a small JSONL and checks that the output ids are the
# input ids. Needs Java 17 and PySpark (pip install pyspark).
#
#   Examples/spark/run.sh [INPUT.jsonl]   (default: the first 500 articles of the news corpus)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product khabar >&2
khabar="$(swift build -c release --show-bin-path)/khabar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=${1:-}
if [ -z "$input" ]; then
  input="$work/in.jsonl"
  head -n 500 ../shared/data/news/saudinewsnet-2015-07.jsonl > "$input"
fi
KHABAR_HOME="$PWD" python3 Examples/spark/khabar_spark.py "$input" "$work/out" --khabar "$khabar" --partitions 4
cat "$work"/out/part-* > "$work/out.jsonl"
python3 - "$input" "$work/out.jsonl" <<'PY'
import json, sys
ins = [json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
outs = [json.loads(l)["id"] for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
assert sorted(map(str, ins)) == sorted(outs), f"{len(ins)} ids in, {len(outs)} out"
assert [str(i) for i in ins] == outs, "ids in a different order"
entities = sum(len(json.loads(l).get("entities", [])) for l in open(sys.argv[2], encoding="utf-8"))
print(f"spark: {len(outs)} records out for {len(ins)} in, same ids in the same order; {entities} entities")
PY
