#!/usr/bin/env python3
"""Round-trips every export format through a reader from PyPI and counts the spans.

    python3 -m venv /tmp/khabar-venv && /tmp/khabar-venv/bin/pip install pybrat seqeval spacy
    /tmp/khabar-venv/bin/python Scripts/check-export-readers.py [--khabar PATH] [FILE.txt ...]

Default inputs: the seed article (Fixtures/000_*.txt), the news-gold texts
(../shared/data/news-gold/*.txt, read where they are, never copied), and one written article
with CRLF line ends and an emoji (to show how each reader counts them). For each set it runs
`khabar extract` in jsonl (the reference) and in every other format, reads each back and
prints spans written / read back / equal (same label and offsets as the jsonl entity, text
equal to its slice):

- brat: `pybrat.BratParser(error="ignore")` over the folder (with "raise" it refuses two
  entities of different types on one span, which brat allows and Khabar writes); each T's offsets checked against the .txt read
  as written (newline=""), and against pybrat's own text, which Python reads with universal
  newlines (CRLF → LF: pybrat shifts every offset after a CRLF; brat itself does not).
- conll: sentences read with seqeval's `get_entities` per tag column; tokens found again in the
  text in order; a span is equal when it covers the tokens the jsonl entity touches (CoNLL tags
  whole tokens: the entity روسيا in وروسيا reads back as وروسيا).
- label-studio: the JSON list; each labels region against the jsonl entity and
  `data.text[start:end]`; relations by from_id/to_id.
- spacy: each line into `spacy.blank("ar")` with `doc.char_span` in "strict" and "expand"
  alignment (spaCy's Arabic tokenizer does not split proclitics: a span after و is not on a
  token boundary, so strict gives None and expand widens it to the whole word); and the
  record's own Prodigy `tokens`, on which every span starts and ends (token_start/token_end).

Exit status 0 when no span is lost or shifted in any format (pybrat's CRLF shift is reported,
not counted: it is the reader's). Python from PyPI, loopback only; never in the extraction path.
"""
import glob, json, os, subprocess, sys, tempfile

import spacy
from pybrat.parser import BratParser
from seqeval.metrics.sequence_labeling import get_entities

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]
khabar = None
if "--khabar" in args:
    i = args.index("--khabar")
    khabar = args[i + 1]
    del args[i:i + 2]
if khabar is None:
    subprocess.run(["swift", "build", "--product", "khabar"], cwd=root, check=True, capture_output=True)
    khabar = os.path.join(subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True,
                                         capture_output=True, text=True).stdout.strip(), "khabar")

work = tempfile.mkdtemp(prefix="khabar-readers-")
crlf = os.path.join(work, "crlf-emoji.txt")
with open(crlf, "w", encoding="utf-8", newline="") as f:
    f.write("😀 زار الرئيس رجب طيب أردوغان طهران\r\n"
            "وقال وزير الدفاع الروسي سيرغي شويغو إن إيران وروسيا 🇮🇷\r\nبين إيران وروسيا\r\n")
sets = [("seed", sorted(glob.glob(os.path.join(root, "Fixtures", "000_*.txt")))),
        ("news-gold", sorted(glob.glob(os.path.join(root, "..", "shared", "data", "news-gold", "*.txt")))),
        ("crlf+emoji", [crlf])]
if args:
    sets = [("given", args)]

nlp = spacy.blank("ar")
failures = 0


def extract(files, fmt, out=None):
    command = [khabar, "extract", *files, "--format", fmt, "--quiet"]
    if out:
        command += ["-o", out]
    run = subprocess.run(command, capture_output=True)
    if run.returncode != 0:
        sys.exit(f"khabar extract --format {fmt} failed ({run.returncode}): {run.stderr.decode()}")
    return run.stdout.decode("utf-8")


def line_fragments(text, start, end):
    """brat's fragments of an entity: its parts between line breaks."""
    fragments, s = [], start
    for i in range(start, end):
        if text[i] in "\n\r\x0b\x0c\x85\u2028\u2029":
            if s < i:
                fragments.append((s, i))
            s = i + 1
    if s < end:
        fragments.append((s, end))
    return fragments or [(start, end)]


def report(name, fmt, reader, written, read, equal, note=""):
    global failures
    ok = written == read == equal
    failures += 0 if ok else 1
    print(f"  {fmt:13} {reader:34} written {written:5}  read back {read:5}  equal {equal:5}"
          + ("" if ok else "  LOST OR SHIFTED") + (f"  ({note})" if note else ""))


for name, files in sets:
    if not files:
        print(f"{name}: no files")
        continue
    texts = {}
    for path in files:
        with open(path, encoding="utf-8", newline="") as f:
            texts[os.path.splitext(os.path.basename(path))[0]] = f.read()
    reference = {}
    for line in extract(files, "jsonl").splitlines():
        record = json.loads(line)
        reference[record["id"]] = record
    entity_count = sum(len(r["entities"]) for r in reference.values())
    relation_count = sum(len(r["relations"]) for r in reference.values())
    print(f"{name}: {len(files)} articles, {entity_count} entities, {relation_count} relations")

    # brat through pybrat
    folder = os.path.join(work, name + "-brat")
    extract(files, "brat", folder)
    # "ignore": pybrat refuses two entities on one span ("identical span for different
    # entities"), which Khabar writes when the types differ (نجران the city and the province's
    # organization) and brat allows. A line pybrat could not read would show as not read back.
    examples = {e.id: e for e in BratParser(error="ignore").parse(folder)}
    read = equal = pybrat_equal = relations_read = relations_equal = 0
    for doc_id, record in reference.items():
        example = examples.get(doc_id)
        if example is None:
            continue
        with open(os.path.join(folder, doc_id + ".txt"), encoding="utf-8", newline="") as f:
            raw = f.read()
        assert raw == texts[doc_id], f"{doc_id}.txt is not the article as written"
        by_id = {e.id: e for e in example.entities}
        read += len(example.entities)
        for entity in record["entities"]:
            got = by_id.get(entity["id"])
            if got is None:
                continue
            spans = [(s.start, s.end) for s in got.spans]
            expected = line_fragments(raw, entity["start"], entity["end"])
            mention = " ".join(raw[s:e] for s, e in spans)
            if got.type == entity["type"] and spans == expected and got.mention == mention:
                equal += 1
            if got.mention == " ".join(example.text[s:e] for s, e in spans):
                pybrat_equal += 1
        relations_read += len(example.relations)
        wanted = {(r["id"], r["predicate"], r["subject"], r["object"]) for r in record["relations"]}
        relations_equal += sum((r.id, r.type, r.arg1.id, r.arg2.id) in wanted for r in example.relations)
    report(name, "brat", "pybrat T vs .txt as written", entity_count, read, equal)
    print(f"  {'':13} {'pybrat T vs pybrat text':34} {'':13} {'':15} equal {pybrat_equal:5}"
          + ("" if pybrat_equal == equal else "  (pybrat reads the .txt with universal newlines)"))
    report(name, "brat", "pybrat R", relation_count, relations_read, relations_equal)

    # CoNLL through seqeval
    conll = extract(files, "conll")
    articles = {}
    current = None
    for raw_line in conll.split("\n"):
        fields = raw_line.split(" ")
        if raw_line.startswith("# id = "):
            current = raw_line[len("# id = "):]
            articles[current] = [[]]
        elif raw_line.startswith("# "):
            continue
        elif not raw_line:
            if current and articles[current][-1]:
                articles[current].append([])
        else:
            articles[current][-1].append((fields[0], fields[1:]))
    written = read = equal = 0
    for doc_id, record in reference.items():
        text = texts[doc_id]
        sentences = [s for s in articles.get(doc_id, []) if s]
        # Tokens back to their places in the text, in order.
        tokens, position = [], 0
        for sentence in sentences:
            for token, _ in sentence:
                start = text.find(token, position)
                assert start >= 0, f"{doc_id}: token {token!r} not found after {position}"
                tokens.append((start, start + len(token)))
                position = start + len(token)
        got, offset = set(), 0
        for sentence in sentences:
            columns = max(len(tags) for _, tags in sentence)
            for c in range(columns):
                for label, first, last in get_entities([tags[c] if c < len(tags) else "O" for _, tags in sentence]):
                    got.add((label, tokens[offset + first][0], tokens[offset + last][1]))
            offset += len(sentence)
        expected = set()
        for entity in record["entities"]:
            touched = [t for t in tokens if t[1] > entity["start"] and t[0] < entity["end"]]
            expected.add((entity["type"], touched[0][0], touched[-1][1]))
        written += len(expected)
        read += len(got)
        equal += len(expected & got)
    report(name, "conll", "seqeval get_entities, per column", written, read, equal,
           "spans widened to whole tokens; identical ones written once")

    # Label Studio: the JSON list
    tasks = json.loads(extract(files, "label-studio"))
    read = equal = relations_read = relations_equal = 0
    for task in tasks:
        record = reference[task["data"]["id"]]
        text = task["data"]["text"]
        assert text == texts[task["data"]["id"]]
        by_id = {e["id"]: e for e in record["entities"]}
        result = task["predictions"][0]["result"]
        for region in (r for r in result if r["type"] == "labels"):
            read += 1
            v, e = region["value"], by_id.get(region["id"])
            if e and (v["start"], v["end"], v["labels"], v["text"]) == (e["start"], e["end"], [e["type"]], e["text"]) \
                    and text[v["start"]:v["end"]] == v["text"]:
                equal += 1
        wanted = {(r["subject"], r["predicate"], r["object"]) for r in record["relations"]}
        for relation in (r for r in result if r["type"] == "relation"):
            relations_read += 1
            relations_equal += (relation["from_id"], relation["labels"][0], relation["to_id"]) in wanted
    report(name, "label-studio", "json list: labels regions", entity_count, read, equal)
    report(name, "label-studio", "json list: relations", relation_count, relations_read, relations_equal)

    # spaCy
    strict = expand = expand_same = prodigy = read = 0
    relations_read = relations_equal = 0
    for line in extract(files, "spacy").splitlines():
        record = json.loads(line)
        doc_id = record["meta"]["id"]
        text = record["text"]
        doc = nlp(text)
        tokens = record["tokens"]
        assert all(text[t["start"]:t["end"]] == t["text"] for t in tokens)
        for span in record["spans"]:
            read += 1
            s, e, label = span["start"], span["end"], span["label"]
            if doc.char_span(s, e, label=label, alignment_mode="strict") is not None:
                strict += 1
            widened = doc.char_span(s, e, label=label, alignment_mode="expand")
            if widened is not None:
                expand += 1
                expand_same += widened.start_char == s and widened.end_char == e
            if "token_start" in span and tokens[span["token_start"]]["start"] == s \
                    and tokens[span["token_end"]]["end"] == e:
                prodigy += 1
        wanted = {(r["subject"], r["predicate"], r["object"]) for r in reference[doc_id]["relations"]}
        entities = reference[doc_id]["entities"]
        def entity_id(span):
            return next((x["id"] for x in entities if (x["start"], x["end"], x["type"]) ==
                         (span["start"], span["end"], span["label"])), None)
        for relation in record["relations"]:
            relations_read += 1
            head, child = relation["head_span"], relation["child_span"]
            relations_equal += (entity_id(head), relation["label"], entity_id(child)) in wanted \
                and relation["head"] == head["token_end"] and relation["child"] == child["token_end"]
    report(name, "spacy", "Prodigy tokens (token_start/end)", entity_count, read, prodigy)
    blank = 'spacy.blank("ar") char_span'
    print(f"  {'':13} {blank:34} strict {strict:5}  expand {expand:5}"
          f"  expand unchanged {expand_same:5}  (of {read})")
    report(name, "spacy", "Prodigy relations", relation_count, relations_read, relations_equal)

print("no span lost or shifted" if failures == 0 else f"{failures} checks lost or shifted spans")
sys.exit(1 if failures else 0)
