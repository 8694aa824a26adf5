#!/usr/bin/env python3
"""Check the gold observation files: every quote equals the document text at
its code-point span, units/qualifiers are valid, spans are unique, and the
coverage file is consistent. Prints counts per document and per form.

Usage: python3 testdata/observations/check.py   (from the repository root or anywhere)
"""
import collections, glob, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, '..', '..', 'seeds')
UNITS = {'persons', 'cases', 'crimes', 'complaints', 'count', 'percent', 'KZT', 'USD', 'EUR'}
QUALS = {'', 'more than', 'about', 'less than', 'up to', 'at least', 'almost'}
WORDS = re.compile(r'(?i)zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half')


def text_of(doc):
    with open(os.path.join(SEEDS, doc), encoding='utf-8') as f:
        t = f.read()
    return t[1:] if t.startswith('\ufeff') else t


def main():
    bad = 0
    per_doc = collections.Counter()
    per_form = collections.Counter()
    cov = [json.loads(l) for l in open(os.path.join(HERE, 'coverage.jsonl')) if l.strip()]
    covered = {c['doc']: c for c in cov}
    for path in sorted(glob.glob(os.path.join(HERE, '*.jsonl'))):
        if os.path.basename(path) == 'coverage.jsonl':
            continue
        doc = os.path.basename(path)[:-6] + '.txt'
        text = text_of(doc)
        per_doc[doc] += 0
        if doc not in covered:
            print(f'{doc}: no coverage line'); bad += 1
        spans = set()
        for n, line in enumerate(open(path, encoding='utf-8'), 1):
            if not line.strip():
                continue
            r = json.loads(line)
            where = f'{os.path.basename(path)}:{n}'
            s, e = r['char_start'], r['char_end']
            if r['doc'] != doc:
                print(where, 'doc mismatch'); bad += 1
            if text[s:e] != r['quote']:
                print(where, 'quote mismatch', repr(r['quote']), repr(text[s:e])); bad += 1
            if not (re.search(r'\d', r['quote']) or WORDS.search(r['quote'])):
                print(where, 'quote without a number'); bad += 1
            if r['unit'] not in UNITS:
                print(where, 'bad unit', r['unit']); bad += 1
            if r['qualifier'] not in QUALS:
                print(where, 'bad qualifier', r['qualifier']); bad += 1
            if not (1900 <= r['year_start'] <= r['year_end'] <= 2100):
                print(where, 'bad period'); bad += 1
            if (s, e) in spans:
                print(where, 'duplicate span'); bad += 1
            spans.add((s, e))
            c = covered.get(doc)
            if c and not any(a <= s and e <= b for a, b in c['ranges']):
                print(where, 'outside the labelled ranges'); bad += 1
            per_doc[doc] += 1
            per_form[r['form']] += 1
    for d, n in sorted(per_doc.items()):
        print(f'{d}\t{n}\t{covered.get(d, {}).get("paras", "?")}')
    print('total', sum(per_doc.values()))
    for f, n in per_form.most_common():
        print(f'  {f}\t{n}')
    if bad:
        print(bad, 'problems'); sys.exit(1)


if __name__ == '__main__':
    main()
