#!/usr/bin/env python3
"""Checks that `khabar eval` scores a CoNLL corpus per label exactly as seqeval does.

    python3 -m venv /tmp/khabar-venv && /tmp/khabar-venv/bin/pip install seqeval
    /tmp/khabar-venv/bin/python Scripts/check-seqeval.py [CORPUS] [--map MAP] [--khabar PATH]

CORPUS defaults to ../shared/data/wojood-sample/val.txt (--map wojood); ANERcorp works too
(../shared/data/anercorp/train.conll --map anercorp). The script runs
`khabar eval CORPUS --map MAP --json --conll-out PRED`, which writes the scored predictions
(mapped, widened to whole tokens) on the corpus's own tokens and sentences, then reads the gold
CORPUS and PRED with seqeval and compares seqeval's per-label precision, recall and F1 and the
gold count (seqeval's support) with khabar's, to the 4 decimals khabar prints.

Only the labels khabar scores (the mapping's tags) are compared; the corpus's other tags
(CARDINAL, FAC, …) are left out on both sides, as khabar leaves them out.

Nested entities: every tag column is read with seqeval's `get_entities`; since seqeval scores
flat sequences, the gold and predicted entities of each label in a sentence are then laid out
together in layers (the first free layer, longest first; an entity in both gets one layer), and
the gold and the predicted sequence of each layer are paired. A flat corpus has one layer; an
entity of the same type and span in both is matched once, as khabar's set-based scoring does.

Exit status 0 when every label agrees, 1 otherwise. Python from PyPI, loopback only; never in
the extraction path.
"""
import json, os, subprocess, sys, tempfile

from seqeval.metrics import classification_report
from seqeval.metrics.sequence_labeling import get_entities

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]


def option(name, default=None):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


khabar = option("--khabar")
mapping = option("--map")
corpus = args[0] if args else os.path.join(root, "..", "shared", "data", "wojood-sample", "val.txt")
if mapping is None and not args:
    mapping = "wojood"
if khabar is None:
    subprocess.run(["swift", "build", "--product", "khabar"], cwd=root, check=True, capture_output=True)
    khabar = os.path.join(subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True,
                                         capture_output=True, text=True).stdout.strip(), "khabar")


def is_tag(field):
    return field == "O" or field.startswith("B-") or field.startswith("I-")


def read_conll(path):
    """Sentences as lists of (token, [tags]); `# …` comment lines skipped as khabar does."""
    sentences, sentence = [], []
    with open(path, encoding="utf-8", newline="") as f:
        for raw in f.read().split("\n"):
            fields = raw.rstrip("\r").split()
            if not fields:
                if sentence:
                    sentences.append(sentence)
                sentence = []
                continue
            if fields[0] == "#" and len(fields) >= 2 and not is_tag(fields[1]):
                continue
            # Khabar reads a tag that is not BIO as O (with a warning).
            sentence.append((fields[0], [t if is_tag(t) else "O" for t in fields[1:]]))
    if sentence:
        sentences.append(sentence)
    return sentences


def entities(sentence):
    """The set of (label, first, last) of every tag column, each read by seqeval."""
    columns = max(len(tags) for _, tags in sentence)
    found = set()
    for c in range(columns):
        sequence = [tags[c] if c < len(tags) else "O" for _, tags in sentence]
        found.update(get_entities(sequence))
    return found


def layers(gold, predicted, length):
    """Paired BIO sequences (gold, predicted) of one label's spans, one pair per layer."""
    layer_of, free_at = {}, []
    for span in sorted(gold | predicted, key=lambda s: (s[1], -s[2])):
        layer = next((k for k, end in enumerate(free_at) if end < span[1]), len(free_at))
        if layer == len(free_at):
            free_at.append(span[2])
        free_at[layer] = span[2]
        layer_of[span] = layer

    def sequences(spans):
        out = [["O"] * length for _ in free_at]
        for span in spans:
            label, first, last = span
            out[layer_of[span]][first] = "B-" + label
            for i in range(first + 1, last + 1):
                out[layer_of[span]][i] = "I-" + label
        return out

    return zip(sequences(gold), sequences(predicted))


with tempfile.TemporaryDirectory(prefix="khabar-seqeval-") as folder:
    predicted_path = os.path.join(folder, "predicted.conll")
    command = [khabar, "eval", corpus, "--json", "--conll-out", predicted_path]
    if mapping:
        command += ["--map", mapping]
    run = subprocess.run(command, check=True, capture_output=True, text=True)
    scores = json.loads(run.stdout)
    gold = read_conll(corpus)
    predicted = read_conll(predicted_path)

assert len(gold) == len(predicted), f"{len(gold)} gold sentences, {len(predicted)} predicted"
scored = set(scores["mapping"].values())
y_true, y_pred = [], []
for g, p in zip(gold, predicted):
    assert [t for t, _ in g] == [t for t, _ in p], f"the tokens differ: {g[:3]} / {p[:3]}"
    g_entities = {e for e in entities(g) if e[0] in scored}
    p_entities = {e for e in entities(p) if e[0] in scored}
    for label in sorted({e[0] for e in g_entities | p_entities}):
        pairs = layers({e for e in g_entities if e[0] == label},
                       {e for e in p_entities if e[0] == label}, len(g))
        for true, pred in pairs:
            y_true.append(true)
            y_pred.append(pred)

report = classification_report(y_true, y_pred, output_dict=True, zero_division=0, digits=4)
print(f"{corpus}: {len(gold)} sentences; khabar eval --map {mapping or '(detected)'} vs seqeval")
print(f"{'label':8} {'gold':>5} {'support':>7}   {'khabar P/R/F1':>22}   {'seqeval P/R/F1':>22}  agree")
disagreements = 0
labels = sorted(set(scores["labels"]) | {k for k in report if k.upper() == k and "avg" not in k})
for label in labels + ["micro"]:
    k = scores["micro"] if label == "micro" else scores["labels"].get(label)
    s = report.get("micro avg" if label == "micro" else label)
    if k is None or s is None:
        # A label seqeval has and khabar has not (or the other way round) must have no entities.
        print(f"{label:8} only in {'seqeval' if k is None else 'khabar'}")
        disagreements += 1
        continue
    kv = [float(k["precision"]), float(k["recall"]), float(k["f1"])]
    sv = [round(s["precision"], 4), round(s["recall"], 4), round(s["f-score" if "f-score" in s else "f1-score"], 4)]
    agree = kv == sv and k["gold"] == s["support"]
    disagreements += not agree
    print(f"{label:8} {k['gold']:>5} {s['support']:>7}   "
          + " ".join(f"{x:.4f}" for x in kv) + "   " + " ".join(f"{x:.4f}" for x in sv)
          + ("  yes" if agree else "  NO"))
print("all labels agree" if disagreements == 0 else f"{disagreements} labels disagree")
sys.exit(1 if disagreements else 0)
