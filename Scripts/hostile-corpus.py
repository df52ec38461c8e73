#!/usr/bin/env python3
"""Generates a corpus of hostile inputs and checks how `khabar extract` handles it.

    python3 Scripts/hostile-corpus.py [--khabar PATH] [--keep DIR]

The corpus is a folder of .txt and .jsonl files: invalid UTF-8, binary bytes, empty files and
articles, a symbolic link that loops, malformed JSON lines, missing or non-string ids and texts, duplicate ids, a UTF-8
byte-order mark, CRLF line ends, bidi controls, emoji, lone surrogate escapes, deep nesting,
an overlong line, NUL characters. It runs khabar with --jobs 1 and --jobs 2 and checks: one
output line per input record, in order, the expected ids and errors, exit status 1, the two
outputs byte-identical, and no crash.
"""
import json, os, random, shutil, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
khabar = sys.argv[sys.argv.index("--khabar") + 1] if "--khabar" in sys.argv else None
keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
if khabar is None:
    subprocess.run(["swift", "build", "-c", "release", "--product", "khabar"], cwd=root, check=True, capture_output=True)
    khabar = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                                         capture_output=True, text=True).stdout.strip(), "khabar")

folder = keep or tempfile.mkdtemp(prefix="khabar-hostile-")
os.makedirs(folder, exist_ok=True)
random.seed(7)
expected = []  # (id, is_error) in the order khabar reads: files sorted by name

def txt(name, data, error):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
    expected.append((os.path.splitext(name)[0], error))

txt("a_empty.txt", b"", False)
txt("b_invalid_utf8.txt", "قال الرئيس ".encode() + b"\xff\xfe" + "طهران".encode(), True)
txt("c_binary.txt", bytes(random.randrange(256) for _ in range(4096)), True)
txt("d_bidi_emoji.txt", "\u200fإيـــران\u200e و\u202bروسيا\u202c 😀 ١٧ يناير ٢٠٢٥ <script>x</script>".encode(), False)
txt("e_only_marks.txt", "\u064e\u0651\u0640\u200f\ufeff".encode(), False)
# A symbolic link that points at itself: reading it fails (ELOOP) and must not hang.
os.symlink("e_z_loop.txt", os.path.join(folder, "e_z_loop.txt"))
expected.append(("e_z_loop", True))

lines = []  # (raw bytes, expected id, error)
path = os.path.join(folder, "f_records.jsonl")
def add(raw, rid, error):
    lines.append((raw, rid, error))
add("\ufeff".encode() + json.dumps({"id": "bom", "text": "مصر"}, ensure_ascii=False).encode(), "bom", False)
add(json.dumps({"id": "ok", "text": "زار الرئيس طهران"}, ensure_ascii=False).encode(), "ok", False)
add(b'{"id": "broken", "text": ', f"{path}:3", True)
add(b'["not", "an", "object"]', f"{path}:4", True)
add(json.dumps({"text": "الصين"}, ensure_ascii=False).encode(), f"{path}:5", False)
add(b'{"id": "num", "text": 42}', "num", True)
add(b'{"id": 7, "text": "\\u0000 \\ud83d\\ude00"}', "7", False)
add(b'{"id": "lone", "text": "\\ud800"}', f"{path}:8", True)
add(b'{"id": "ok", "text": "duplicate"}', "ok", False)
add(b'[' * 2000 + b']' * 2000, f"{path}:10", True)
add(b'{"id": "utf8", "text": "ab\xc3\x28"}', f"{path}:11", True)
add(json.dumps({"id": "big", "text": "ا" * 300_000}, ensure_ascii=False).encode(), f"{path}:12", True)
add(json.dumps({"id": "crlf", "text": "سطر\r\nسطر"}, ensure_ascii=False).encode() + b"\r", "crlf", False)
add(json.dumps({"id": "nested", "text": "روسيا", "meta": {"a": [1, 2.5e3, None, True]}}, ensure_ascii=False).encode(), "nested", False)
with open(path, "wb") as f:
    f.write(b"\n".join(raw for raw, _, _ in lines) + b"\n")
for _, rid, error in lines:
    expected.append((rid, error))
# A file khabar does not read (not .txt or .jsonl) must be passed over.
with open(os.path.join(folder, "g_ignored.bin"), "wb") as f:
    f.write(b"\x00\x01\x02")

outputs = []
for jobs in ("1", "2"):
    run = subprocess.run([khabar, "extract", folder, "--jobs", jobs, "--quiet", "--max-article-bytes", "100000"],
                         capture_output=True)
    assert run.returncode == 1, f"--jobs {jobs}: exit status {run.returncode}, stderr {run.stderr[-500:]!r}"
    records = [json.loads(l) for l in run.stdout.decode().splitlines()]
    got = [(r["id"], "error" in r) for r in records]
    assert got == expected, f"--jobs {jobs}:\n got      {got}\n expected {expected}"
    outputs.append(run.stdout)
assert outputs[0] == outputs[1], "--jobs 1 and --jobs 2 differ"
errors = sum(1 for _, e in expected if e)
print(f"hostile corpus: {len(expected)} records in {folder}, {errors} error records, one output line each, "
      f"same bytes with --jobs 1 and 2, exit status 1")
if not keep:
    shutil.rmtree(folder)
