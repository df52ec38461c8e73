#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/, -sanitize=fuzzer,address) and runs each for a set time.
#
#   Scripts/fuzz.sh [SECONDS per target, default 120] [TARGET ...]   (targets: text extract rules json)
#
# Seeds come from Fixtures/ and Rules/; a crash is written to Fuzz/crashes/TARGET-… and the run
# stops with its report. Turn every crash into a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text extract rules json)
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
swift build "${flags[@]}" --product KhabarFuzz >&2
bin="$(swift build "${flags[@]}" --show-bin-path)/KhabarFuzz"
mkdir -p crashes
for target in "${targets[@]}"; do
  corpus=$(mktemp -d)
  case "$target" in
    text|extract) for f in ../Fixtures/*.txt; do head -c 4000 "$f" > "$corpus/$(basename "$f")"; done ;;
    rules) cp ../Rules/*.rules "$corpus/" ;;
    json) printf '{"id": "a", "text": "مصر"}' > "$corpus/a"; printf '{"id": 7, "text": "\\u0627", "x": [1, {"y": null}]}' > "$corpus/b" ;;
  esac
  echo "== $target: ${seconds}s" >&2
  KHABAR_FUZZ_TARGET=$target "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -artifact_prefix="crashes/$target-" "$corpus" 2>&1 | grep -E "^(Done|==[0-9]+==ERROR|SUMMARY|artifact_prefix)|#[0-9]+ *DONE" || true
  rm -rf "$corpus"
done
