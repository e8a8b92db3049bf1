#!/usr/bin/env python3
"""Produces the golden files under Tests/EdgeHouseTests/References/ from real ClickHouse (chdb).

    python3 Tests/References/generate.py           # rewrite the golden files
    python3 Tests/References/generate.py --check   # regenerate into memory and diff (CI)

Every reference set is a function below that returns the file's text; the Swift tests read the
files and compare EdgeHouse's answers with them byte for byte.
"""
import os, sys, tempfile

import chdb
from chdb import session

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'EdgeHouseTests', 'References')
SESSION = session.Session(tempfile.mkdtemp(prefix='edgehouse-references-'))


def query(sql):
    return SESSION.query(sql, 'TSV').bytes().decode()


# Values fed to quantile: the same formula in Swift (QuantileReferenceTests.value(_:)).
VALUE = "toFloat32(((number * 7919) % 10007) / 7)"
LEVELS = [0, 0.5, 0.95, 0.99, 1]


def quantiles():
    lines = []
    for n in [1, 2, 3, 8192, 8193, 100000]:
        for level in LEVELS:
            for function in ['quantile', 'quantileExact']:
                r = query(f"SELECT {function}({level})({VALUE}) FROM numbers({n}) SETTINGS max_threads = 1").strip()
                lines.append(f"single\t{function}\t{n}\t{level}\t{r}")
        r = query(f"SELECT quantiles(0.5, 0.95, 0.99)({VALUE}) FROM numbers({n}) SETTINGS max_threads = 1").strip()
        lines.append(f"single\tquantiles\t{n}\t0.5,0.95,0.99\t{r}")
        r = query(f"SELECT quantile(0.95)(toUInt32(number * 7919 % 10007)) FROM numbers({n}) SETTINGS max_threads = 1").strip()
        lines.append(f"single\tquantileUInt32\t{n}\t0.95\t{r}")
    # States built over consecutive chunks and merged in order (fresh accumulator).
    splits = {
        '5000+5000': [5000, 5000], '3000+20000': [3000, 20000], '20000+3000': [20000, 3000],
        '20000+30000': [20000, 30000], '4000x3': [4000] * 3, '4000x25': [4000] * 25,
        'uneven': [1, 8191, 2, 9000, 100, 30000, 7],
    }
    for name, sizes in splits.items():
        bounds, total = [], 0
        for size in sizes:
            total += size
            bounds.append(total)
        case = ' '.join(f"WHEN number < {b} THEN {k}" for k, b in enumerate(bounds))
        for level in [0.5, 0.95, 0.99]:
            r = query(f"SELECT quantileMerge({level})(s) FROM (SELECT k, quantileState(0.95)({VALUE}) AS s FROM "
                      f"(SELECT CASE {case} ELSE 99 END AS k, number FROM numbers({total})) GROUP BY k ORDER BY k) "
                      f"SETTINGS max_threads = 1").strip()
            lines.append(f"merged\t{name}\t{'+'.join(map(str, sizes))}\t{level}\t{r}")
    # Serialized states, byte for byte.
    for n in [0, 3, 8200]:
        r = query(f"SELECT hex(quantileState(0.5)({VALUE})) FROM numbers({n}) SETTINGS max_threads = 1").strip()
        lines.append(f"state\tquantile\t{n}\t\t{r}")
    for function in ['avg', 'sum', 'max', 'min', 'quantileExact']:
        call = 'quantileExactState(0.5)' if function == 'quantileExact' else function + 'State'
        for n in [0, 3]:
            r = query(f"SELECT hex({call}({VALUE})) FROM numbers({n}) SETTINGS max_threads = 1").strip()
            lines.append(f"state\t{function}\t{n}\t\t{r}")
    r = query("SELECT hex(countState()) FROM numbers(300)").strip()
    lines.append(f"state\tcount\t300\t\t{r}")
    return '\n'.join(lines) + '\n'


REFERENCES = {'quantile.tsv': quantiles}


def main():
    check = '--check' in sys.argv
    drift = []
    for name, make in REFERENCES.items():
        text = make()
        path = os.path.join(OUT, name)
        if check:
            with open(path) as f:
                if f.read() != text:
                    drift.append(name)
        else:
            with open(path, 'w') as f:
                f.write(text)
    if drift:
        print('references differ from ClickHouse ' + chdb.__version__ + ': ' + ', '.join(drift))
        sys.exit(1)
    print(('checked ' if check else 'wrote ') + ', '.join(REFERENCES) + ' against ClickHouse (chdb ' + chdb.__version__ + ')')


if __name__ == '__main__':
    main()
