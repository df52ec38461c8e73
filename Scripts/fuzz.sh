#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/, -sanitize=fuzzer,address) and runs each for a set time.
#
#   Scripts/fuzz.sh [SECONDS per target, default 120] [TARGET ...]   (targets: text extract names rules json)
#
# Seeds come from Fixtures/ and Rules/; a crash (or a leak: AddressSanitizer's LeakSanitizer runs
# at exit) is written to Fuzz/crashes/TARGET-… and that target's run stops with its report. Runs
# of hours are fine: libFuzzer's progress lines (`cov` coverage, `ft` features, corpus size,
# executions per second, memory) are shown as they come (`INITED`, `pulse` at each doubling of
# the run count) and each target ends with its `DONE` line; the full log of each target is kept
# in Fuzz/logs/TARGET.log. The exit status is 1 when any target crashed or leaked. Turn every
# crash into a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text extract names rules json)
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
swift build "${flags[@]}" --product KhabarFuzz >&2
bin="$(swift build "${flags[@]}" --show-bin-path)/KhabarFuzz"
mkdir -p crashes logs
failed=()
for target in "${targets[@]}"; do
  corpus=$(mktemp -d)
  case "$target" in
    text|extract|names) for f in ../Fixtures/*.txt; do head -c 4000 "$f" > "$corpus/$(basename "$f")"; done ;;
    rules) cp ../Rules/*.rules "$corpus/" ;;
    json) printf '{"id": "a", "text": "مصر"}' > "$corpus/a"; printf '{"id": 7, "text": "\\u0627", "x": [1, {"y": null}]}' > "$corpus/b" ;;
  esac
  echo "== $target: ${seconds}s" >&2
  # libFuzzer separates the run count from the event with a TAB ("#4096<TAB>pulse  cov: …"):
  # match any white space there.
  set +o pipefail
  KHABAR_FUZZ_TARGET=$target "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -artifact_prefix="crashes/$target-" "$corpus" 2>&1 | tee "logs/$target.log" \
    | grep --line-buffered -E "^(Done|==[0-9]+==ERROR|SUMMARY|artifact_prefix)|^#[0-9]+[[:space:]]+(INITED|pulse|DONE)"
  status=${PIPESTATUS[0]}
  set -o pipefail
  if [ "$status" -ne 0 ]; then
    echo "!! $target: libFuzzer exited with status $status (see Fuzz/logs/$target.log)" >&2
    failed+=("$target")
  fi
  rm -rf "$corpus"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
