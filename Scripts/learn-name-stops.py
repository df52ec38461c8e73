#!/usr/bin/env python3
"""Learns the words that end a person-name chain from a news corpus: Rules/lists/name-stops-learned.txt.

    Scripts/learn-name-stops.py [CORPUS.jsonl ...] [-o Rules/lists/name-stops-learned.txt]
                                [--min-count N] [--max-share S]

A name chain (Rules/30-people.rules) takes the words after a given name or a title as long as
they may be names. Words that are frequent in news but almost never stand right after a known
given name are ordinary words (اتفاقية, تدريبات, العسكرية, محافظا): a chain that reaches one has
run past the name's end. For every word of the corpus (JSONL records with a "text" field) the
script counts

  - how often it occurs (count), and
  - how often it directly follows a known given name or title (after): a word of an item of
    Rules/lists/given-names.txt or given-names-ambiguous.txt, or a one-word honorific or rank
    (Rules/lists/honorifics.txt, ranks.txt, the honorific list of Rules/30-people.rules: the
    word after الدكتور is a name, and its given name may be one no list holds), compared as
    written (diacritics and tatweel removed, hamza forms of alef made bare, but ى and ي kept
    apart, so that the preposition على is not the name علي);

and keeps the words with count >= --min-count whose share after / count is at most --max-share.
Words that are part of a known name are never kept: every word of the given-name lists, of the
name particles, and of the PERSON forms in Gazetteers/people.tsv. Words already in
name-stops.txt are left out (that list is hand-made and documented). Words are compared in the
engine's matching form (ى→ي, ة→ه, hamza forms of alef bare, diacritics removed); each kept word
is written in its most frequent spelling. Tokens are runs of Arabic letters; punctuation and line
ends separate them. The output is sorted by descending count, with its parameters and counts in
the header; the corpus text is not copied, only single words and their counts.
"""

import argparse
import collections
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "data", "news", "saudinewsnet-2015-07.jsonl")

MARKS = re.compile("[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]")
ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ی": "ي", "ک": "ك"})
MATCH_FOLDS = str.maketrans({"ى": "ي", "ة": "ه"})
# Runs of Arabic letters (after NFKC): the tokens; anything else separates them, and anything
# but white space also breaks the "directly follows" relation.
TOKEN = re.compile("[\u0621-\u064A]+|[^\u0621-\u064A\\s]+")


def written(text):
    """The light form: NFKC, no diacritics or tatweel, bare alef; ى/ي and ة/ه kept apart."""
    return MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(ALEFS)


def matching(word):
    """The engine's matching form of a written-form word."""
    return word.translate(MATCH_FOLDS)


def list_items(path):
    items = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            items.append(line.split("\t")[0].strip())
    return items


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="*", default=[DEFAULT_CORPUS])
    parser.add_argument("-o", "--output", help="default: Rules/lists/name-stops-learned.txt; with --show, "
                        "nothing is written unless -o is given")
    parser.add_argument("--min-count", type=int, default=25)
    parser.add_argument("--max-share", type=float, default=0.02)
    parser.add_argument("--show", nargs="*", default=[], metavar="WORD", help="print the counts of these words and why each is kept or not")
    args = parser.parse_args()

    lists = os.path.join(ROOT, "Rules", "lists")
    learned = os.path.abspath(args.output or os.path.join(lists, "name-stops-learned.txt"))
    given_items = list_items(os.path.join(lists, "given-names.txt")) + list_items(os.path.join(lists, "given-names-ambiguous.txt"))
    particles = list_items(os.path.join(lists, "name-particles.txt"))
    given = {written(w) for item in given_items for w in item.split()} - {written(p) for p in particles}
    name_words = {matching(written(w)) for item in given_items + particles for w in item.split()}
    with open(os.path.join(ROOT, "Gazetteers", "people.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            forms, label = line.split("\t")[:2]
            if label.strip() == "PERSON":
                for form in forms.split("|"):
                    name_words.update(matching(written(w)) for w in form.split())
    stops = {matching(written(w)) for w in list_items(os.path.join(lists, "name-stops.txt"))}
    # Single-word honorifics and ranks (الدكتور, المهندس, اللواء): the word after one is a name
    # as often as the word after a given name, and the given name may be one no list knows.
    titles = list_items(os.path.join(lists, "honorifics.txt")) + list_items(os.path.join(lists, "ranks.txt"))
    with open(os.path.join(ROOT, "Rules", "30-people.rules"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("list honorific ="):
                titles += re.findall('"([^"]+)"', line)
    given |= {written(t) for t in titles if " " not in t.strip()}

    # Every word as written, with how often it directly follows a given name.
    raw = collections.Counter()
    raw_after = collections.Counter()
    articles = 0
    for path in args.corpus:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    text = json.loads(line).get("text")
                except json.JSONDecodeError:
                    continue
                if not isinstance(text, str):
                    continue
                articles += 1
                previous = None
                for piece in TOKEN.findall(written(text)):
                    if not ("\u0621" <= piece[0] <= "\u064A"):
                        previous = None
                        continue
                    raw[piece] += 1
                    if previous in given:
                        raw_after[piece] += 1
                    previous = piece

    # Words with proclitics count for their stem: the engine strips و ف ب ل ك (and their
    # stacks; لل is ل + ال) from a token whose stem is a rule word, so a listed stem stops
    # وقال as well as قال, and a listed وقال would keep the engine from reading it as و + قال.
    # A token is read as proclitic + stem when the stem also stands alone: at least 5 times and
    # at least a quarter as often as the token (وزير is not و + زير, nor لبنان ل + بنان), or
    # when the stem starts an item of another list (واضاف is و + اضاف).
    by_matching = collections.Counter()
    for piece, n in raw.items():
        by_matching[matching(piece)] += n

    # Words of the other lists are rule words: the engine always strips proclitics before them.
    rule_words = set()
    for name in os.listdir(lists):
        if name.endswith(".txt") and os.path.join(lists, name) != learned:
            rule_words.update(matching(written(w)) for item in list_items(os.path.join(lists, name)) for w in item.split()[:1])

    def stem(piece):
        for prefix in ("ول", "وب", "وك", "فل", "فب", "فك", "و", "ف", "ب", "ل", "ك"):
            if not piece.startswith(prefix):
                continue
            rest = piece[len(prefix):]
            if prefix.endswith("ل") and rest.startswith("ل"):
                rest = "ا" + rest
            alone = by_matching[matching(rest)]
            if matching(rest) in rule_words or (len(rest) >= 2 and alone >= 5 and 4 * alone >= by_matching[matching(piece)]):
                return rest
        return piece

    count = collections.Counter()
    after = collections.Counter()
    spellings = collections.defaultdict(collections.Counter)
    for piece, n in raw.items():
        base = stem(piece)
        key = matching(base)
        count[key] += n
        after[key] += raw_after[piece]
        if base == piece:
            spellings[key][piece] += n

    for word in args.show:
        key = matching(written(word))
        n, a = count[key], after[key]
        why = ("a name word" if key in name_words else "in name-stops.txt" if key in stops
               else f"fewer than {args.min_count}" if n < args.min_count
               else f"more than {args.max_share:.1%} after a given name" if a > args.max_share * n else "kept")
        print(f"{word}\t{n}/{a}\t{why}", file=sys.stderr)

    # --show is for looking at words: the committed list is rewritten only when asked to.
    if args.show and args.output is None:
        return
    kept = [
        (n, key) for key, n in count.items()
        if n >= args.min_count and after[key] / n <= args.max_share and key not in name_words and key not in stops
    ]
    kept.sort(key=lambda pair: (-pair[0], pair[1]))
    corpus_names = ", ".join(os.path.basename(p) for p in args.corpus)
    with open(learned, "w", encoding="utf-8") as out:
        out.write(
            "# Words that END a person-name chain, learned from news: frequent in text, almost never right\n"
            "# after a known given name. GENERATED by Scripts/learn-name-stops.py; do not edit by hand (edit\n"
            "# name-stops.txt, the given-name lists or Gazetteers/people.tsv, and run the script again).\n"
            f"# Corpus: {corpus_names} ({articles} articles, {sum(count.values())} Arabic words).\n"
            f"# Kept: words occurring at least {args.min_count} times of which at most {args.max_share:.1%} directly\n"
            "# follow a word of given-names.txt or given-names-ambiguous.txt or a one-word honorific or rank\n"
            "# (compared as written: على is not علي); never a word of the given-name lists, of\n"
            "# name-particles.txt or of a PERSON form in people.tsv,\n"
            "# nor one already in name-stops.txt. Each word in its most frequent spelling, by descending count\n"
            "# (no values: a value would answer `capture.value` for any capture on the word; the script's --show\n"
            "# prints the counts of a word).\n"
            f"# {len(kept)} words.\n"
        )
        for n, key in kept:
            spelling = spellings[key].most_common(1)[0][0] if spellings[key] else key
            out.write(f"{spelling}\n")
    print(f"{learned}: {len(kept)} words from {articles} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
