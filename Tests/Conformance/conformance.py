#!/usr/bin/env python3
"""ClickHouse conformance, measured: cases in the style of ClickHouse's tests/queries/0_stateless
(`Tests/Conformance/<category>/<name>.sql`, statements with `-- { serverError N }` hints, the
whole output compared), written for this project, with references from ClickHouse 26.9 (chdb).

    conformance.py generate [--check]   write (or check) every case's .reference with chdb
    conformance.py run [--binary B]     run every case through `edgehouse --queries-file` (10 s
                                        each, a fresh store each), print the pass rate per
                                        category, fail if a case in passing.txt fails
    conformance.py run --record         also rewrite passing.txt with the cases that pass

Unlike Tests/Queries (which must all pass), a case here may fail: the rates say how much of
ClickHouse's SQL EdgeHouse answers identically, and passing.txt keeps them from going back.
"""
import argparse, glob, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PASSING = os.path.join(HERE, 'passing.txt')


def cases():
    return sorted(glob.glob(os.path.join(HERE, '*', '*.sql')))


def name(path):
    return os.path.relpath(path, HERE)[:-4]


def generate(check):
    sys.path.insert(0, os.path.join(ROOT, 'Tests', 'Queries'))
    import generate as queries  # the statement splitting and chdb session of Tests/Queries
    drift = []
    for path in cases():
        text = queries.run(path)
        reference = path[:-4] + '.reference'
        if check:
            if not os.path.exists(reference) or open(reference, newline='').read() != text:
                drift.append(name(path))
        else:
            with open(reference, 'w', newline='') as f:
                f.write(text)
    if drift:
        sys.exit('conformance references differ from ClickHouse: ' + ', '.join(drift))
    print(('checked ' if check else 'wrote ') + f'{len(cases())} conformance references')


def passes(binary, path):
    """Whether edgehouse prints exactly the reference, exits 0, within 10 s."""
    with tempfile.TemporaryDirectory(prefix='edgehouse-conformance-') as store:
        try:
            result = subprocess.run([binary, 'sql', '--path', store, '--queries-file', path],
                                    capture_output=True, timeout=10)
        except subprocess.TimeoutExpired:
            return False, 'timed out'
    expected = open(path[:-4] + '.reference', 'rb').read()
    if result.returncode != 0:
        return False, result.stderr.decode(errors='replace').strip().splitlines()[-1:] or [f'exit {result.returncode}']
    if result.stdout != expected:
        return False, 'output differs'
    return True, ''


def run(binary, record, verbose):
    listed = set(open(PASSING).read().split()) if os.path.exists(PASSING) else set()
    by_category, passing, regressions = {}, [], []
    for path in cases():
        case = name(path)
        ok, why = passes(binary, path)
        category = case.split('/')[0]
        done, total = by_category.get(category, (0, 0))
        by_category[category] = (done + ok, total + 1)
        if ok:
            passing.append(case)
        elif case in listed:
            regressions.append(f'{case}: {why}')
        if verbose and not ok:
            print(f'FAIL {case}: {why}')
    print(f"{'category':<24}{'identical':>10}{'cases':>7}{'rate':>8}")
    for category, (done, total) in sorted(by_category.items()):
        print(f'{category:<24}{done:>10}{total:>7}{100 * done / total:>7.0f}%')
    done, total = len(passing), len(cases())
    print(f"{'all':<24}{done:>10}{total:>7}{100 * done / total:>7.0f}%")
    if record:
        with open(PASSING, 'w') as f:
            f.write(''.join(case + '\n' for case in passing))
    if regressions:
        sys.exit('cases in passing.txt that no longer pass:\n  ' + '\n  '.join(regressions))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('command', choices=['generate', 'run'])
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--record', action='store_true')
    parser.add_argument('--verbose', action='store_true')
    parser.add_argument('--binary', default=os.path.join(ROOT, '.build', 'debug', 'edgehouse'))
    args = parser.parse_args()
    if args.command == 'generate':
        generate(args.check)
    else:
        run(args.binary, args.record, args.verbose)


main()
