#!/usr/bin/env python3
"""Khabar against peers on the same text and the same phrases, measured in one run.

    pip install -r Benchmarks/peers/requirements.txt
    python3 Benchmarks/peers/peers.py [CORPUS.jsonl] [--limit-mb N]

Peers: spaCy 3 (spacy.blank("ar") + EntityRuler with every form of Khabar's gazetteers as a
phrase pattern) and flashtext (KeywordProcessor with the same forms). Khabar runs from its
release binary twice: with its gazetteers only (--rules pointing at an empty folder: the same
work as the peers, plus normalization, proclitics and exact offsets) and with the full
pipeline (rules and relations). Times are wall-clock for the whole corpus, start-up included;
entity counts are printed so that a fast wrong answer shows.
"""
import json, os, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
corpus = args[0] if args else os.path.join(root, "..", "shared", "data", "news", "saudinewsnet-2015-07.jsonl")
limit_mb = float(sys.argv[sys.argv.index("--limit-mb") + 1]) if "--limit-mb" in sys.argv else None

records = []
size = 0
with open(corpus, encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        r = json.loads(line)
        records.append(r)
        size += len(r["text"].encode("utf-8"))
        if limit_mb and size >= limit_mb * 1e6:
            break
texts = [r["text"] for r in records]
mb = size / 1e6

phrases = []  # (form, label)
gaz = os.path.join(root, "Gazetteers")
for name in sorted(os.listdir(gaz)):
    if not name.endswith(".tsv"):
        continue
    for line in open(os.path.join(gaz, name), encoding="utf-8"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        for form in fields[0].split("|"):
            if form.strip():
                phrases.append((form.strip(), fields[1].strip()))
print(f"corpus: {corpus} — {len(records)} articles, {mb:.1f} MB; {len(phrases)} gazetteer phrases")

results = []

import spacy
nlp = spacy.blank("ar")
ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
ruler.add_patterns([{"label": label, "pattern": form} for form, label in phrases])
start = time.perf_counter()
count = 0
for doc in nlp.pipe(texts, batch_size=64):
    count += len(doc.ents)
results.append(("spaCy 3 blank('ar') + EntityRuler", time.perf_counter() - start, count))

from flashtext import KeywordProcessor
kp = KeywordProcessor()
for form, label in phrases:
    kp.add_keyword(form, label)
start = time.perf_counter()
count = sum(len(kp.extract_keywords(t)) for t in texts)
results.append(("flashtext", time.perf_counter() - start, count))

subprocess.run(["swift", "build", "-c", "release", "--product", "khabar"], cwd=root, check=True, capture_output=True)
binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True, capture_output=True, text=True).stdout.strip(), "khabar")
with tempfile.TemporaryDirectory() as tmp:
    sample = os.path.join(tmp, "in.jsonl")
    with open(sample, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
    empty = os.path.join(tmp, "no-rules")
    os.mkdir(empty)
    for label, extra in [("Khabar, gazetteers only, --jobs 1", ["--rules", empty, "--jobs", "1"]),
                         ("Khabar, full pipeline, --jobs 1", ["--jobs", "1"]),
                         ("Khabar, full pipeline, --jobs 2", ["--jobs", "2"])]:
        out = os.path.join(tmp, "out.jsonl")
        start = time.perf_counter()
        subprocess.run([binary, "extract", sample, "-o", out, "--quiet"] + extra, check=True)
        seconds = time.perf_counter() - start
        count = sum(len(json.loads(l).get("entities", [])) for l in open(out, encoding="utf-8"))
        results.append((label, seconds, count))

spacy_rate = mb / results[0][1]
print(f"{'tool':40} {'seconds':>8} {'MB/s':>7} {'entities':>9} {'× spaCy':>8}")
for name, seconds, count in results:
    rate = mb / seconds
    print(f"{name:40} {seconds:8.2f} {rate:7.1f} {count:9d} {rate / spacy_rate:8.1f}")
