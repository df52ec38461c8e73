#!/usr/bin/env bash
# The review loop against a real Label Studio (issue 13), on the loopback interface only.
#
#   Scripts/label-studio-roundtrip.sh [NEWS.jsonl]
#
# 1. installs label-studio and label-studio-sdk from PyPI into a virtual environment under /tmp
#    (kept between runs: $KHABAR_LS_VENV, default /tmp/khabar-label-studio-venv);
# 2. starts Label Studio on 127.0.0.1 at a free port with a fresh data folder, a user made from
#    LABEL_STUDIO_USERNAME / LABEL_STUDIO_PASSWORD / LABEL_STUDIO_USER_TOKEN (a legacy API token,
#    --enable-legacy-api-token), so nothing prompts;
# 3. creates a project whose labeling configuration is `khabar label-config`, and imports the
#    first 20 articles of NEWS.jsonl (default: the SaudiNewsNet corpus of the shared data, read
#    at run time) as the tasks of `khabar extract --format label-studio`, Khabar's output as
#    predictions (KHABAR=PATH uses that khabar binary instead of building the release one);
# 4. reads the tasks back through the API (the SDK) and checks each text and prediction;
# 5. turns one task's prediction into an annotation with one change each way: one entity that no
#    relation uses is removed, and one word no entity covers is added as an EVENT;
# 6. exports the project (Label Studio's JSON export), runs `khabar fixture add` on the export
#    into a temporary fixture folder, and checks that `khabar test` on it reports exactly that
#    difference: one miss (the added word), one extra (the removed entity), nothing else, exit 1.
#
# The server it started is stopped on exit, on failure too. Exit status 0 when every check holds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
news=${1:-$root/../shared/data/news/saudinewsnet-2015-07.jsonl}
[ -f "$news" ] || news=/work/shared/data/news/saudinewsnet-2015-07.jsonl
venv=${KHABAR_LS_VENV:-/tmp/khabar-label-studio-venv}
work=$(mktemp -d /tmp/khabar-label-studio.XXXXXX)
server=""

cleanup() {
  status=$?
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    # The server leads its own process group (setsid below): stop the group it made.
    kill -TERM -- "-$server" 2>/dev/null || kill "$server" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$server" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$server" 2>/dev/null || true
    echo "stopped Label Studio (pid $server)"
  fi
  if [ "$status" -ne 0 ]; then
    echo "FAILED (status $status); the work folder is kept: $work" >&2
    [ -f "$work/server.log" ] && tail -20 "$work/server.log" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -x "$venv/bin/label-studio" ]; then
  echo "installing label-studio and label-studio-sdk into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet label-studio label-studio-sdk
fi
"$venv/bin/python" -c 'import importlib.metadata as m; print("label-studio", m.version("label-studio"), "label-studio-sdk", m.version("label-studio-sdk"))'

# $KHABAR names a khabar binary to use instead of building the release one.
khabar=${KHABAR:-}
if [ -z "$khabar" ]; then
  (cd "$root" && swift build -c release --product khabar >/dev/null)
  khabar=$root/.build/release/khabar
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token=$(python3 -c 'import secrets; print(secrets.token_hex(20))')
export LABEL_STUDIO_USERNAME=khabar@example.com
LABEL_STUDIO_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(16))')
export LABEL_STUDIO_PASSWORD
export LABEL_STUDIO_USER_TOKEN=$token
export LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK=true

# Its own session: the server and the web server it starts are one process group.
setsid "$venv/bin/label-studio" start --data-dir "$work/data" --internal-host 127.0.0.1 \
  --port "$port" --no-browser --username "$LABEL_STUDIO_USERNAME" \
  --password "$LABEL_STUDIO_PASSWORD" --user-token "$token" --enable-legacy-api-token \
  >"$work/server.log" 2>&1 &
server=$!
url=http://127.0.0.1:$port
echo "starting Label Studio at $url (pid $server)"
for i in $(seq 1 180); do
  if curl -sf -H "Authorization: Token $token" "$url/api/projects/" >/dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || { echo "Label Studio exited" >&2; exit 1; }
  [ "$i" -eq 180 ] && { echo "Label Studio did not answer in 180 s" >&2; exit 1; }
  sleep 1
done

head -n 20 "$news" >"$work/news20.jsonl"
"$khabar" extract "$work/news20.jsonl" --format label-studio -o "$work/tasks.json" --quiet
"$khabar" label-config >"$work/config.xml"

"$venv/bin/python" - "$url" "$token" "$work" "$khabar" <<'PY'
import json, re, subprocess, sys, urllib.request
from label_studio_sdk import LabelStudio

url, token, work, khabar = sys.argv[1:5]
ls = LabelStudio(base_url=url, api_key=token)

tasks = json.load(open(f"{work}/tasks.json", encoding="utf-8"))
assert len(tasks) == 20, f"expected 20 tasks, found {len(tasks)}"
config = open(f"{work}/config.xml", encoding="utf-8").read()
project = ls.projects.create(title="Khabar round trip", label_config=config)
ls.projects.import_tasks(id=project.id, request=tasks)

# Read back through the API: every text and every prediction as imported.
back = list(ls.tasks.list(project=project.id, fields="all"))
assert len(back) == 20, f"read back {len(back)} tasks"
sent = {t["data"]["id"]: t for t in tasks}
for task in back:
    original = sent[task.data["id"]]
    assert task.data["text"] == original["data"]["text"], task.data["id"]
    predictions = ls.predictions.list(task=task.id)
    assert len(predictions) == 1, f"task {task.id}: {len(predictions)} predictions"
    got = predictions[0].result
    want = original["predictions"][0]["result"]
    assert len(got) == len(want), f"task {task.id}: {len(got)} results, sent {len(want)}"
    for region in (r for r in got if r["type"] == "labels"):
        start, end = region["value"]["start"], region["value"]["end"]
        assert task.data["text"][start:end] == region["value"]["text"], (task.id, region)
print(f"imported and read back 20 tasks, {sum(len(t['predictions'][0]['result']) for t in tasks)} predicted results")

# The task to correct: the first with an entity no relation uses and a free word to add.
def word_outside(text, regions):
    covered = [(r["value"]["start"], r["value"]["end"]) for r in regions]
    for m in re.finditer(r"[\u0621-\u064A]{5,}", text):
        if all(m.end() <= s or m.start() >= e for s, e in covered):
            return m.start(), m.end(), m.group()
    return None

chosen = None
for task in back:
    result = ls.predictions.list(task=task.id)[0].result
    regions = [r for r in result if r["type"] == "labels"]
    used = {r.get("from_id") for r in result} | {r.get("to_id") for r in result}
    free = [r for r in regions if r["id"] not in used]
    word = word_outside(task.data["text"], regions)
    if free and word:
        chosen = (task, result, free[0], word)
        break
assert chosen, "no task has an entity outside every relation and a free word"
task, result, removed, (ws, we, wtext) = chosen
annotation = [r for r in result if r.get("id") != removed["id"]]
added = {"id": "khabar-added", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": ws, "end": we, "text": wtext, "labels": ["EVENT"]}}
annotation.append(added)
ls.annotations.create(id=task.id, result=annotation, was_cancelled=False)
print(f"task {task.id} ({task.data['id']}): removed {removed['value']['labels'][0]} "
      f"'{removed['value']['text']}' [{removed['value']['start']}, {removed['value']['end']}), "
      f"added EVENT '{wtext}' [{ws}, {we})")

# Export (only annotated tasks, Label Studio's default), then khabar fixture add and khabar test.
request = urllib.request.Request(f"{url}/api/projects/{project.id}/export?exportType=JSON",
                                 headers={"Authorization": f"Token {token}"})
export = urllib.request.urlopen(request).read()
open(f"{work}/export.json", "wb").write(export)
print(f"exported {len(json.loads(export))} annotated task(s)")

add = subprocess.run([khabar, "fixture", "add", "roundtrip", "--from", f"{work}/export.json",
                      "--into", f"{work}/fixtures/gold"], capture_output=True, text=True)
print(add.stdout.strip())
assert add.returncode == 0, add.stderr
test = subprocess.run([khabar, "test", f"{work}/fixtures"], capture_output=True, text=True)
print(test.stdout.strip())
lines = test.stdout.splitlines()
misses = [l.strip() for l in lines if l.startswith("  miss ")]
extras = [l.strip() for l in lines if l.startswith("  extra ")]
r = removed["value"]
want_miss = f"miss  EVENT '{wtext}' [{ws}, {we})"
want_extra = f"extra {r['labels'][0]} '{r['text']}' [{r['start']}, {r['end']})"
assert misses == [want_miss], f"misses {misses}, expected [{want_miss}]"
assert extras == [want_extra], f"extras {extras}, expected [{want_extra}]"
assert test.returncode == 1, f"khabar test exited {test.returncode}, expected 1"
print("OK: khabar test reports exactly the change: 1 miss, 1 extra")
PY
