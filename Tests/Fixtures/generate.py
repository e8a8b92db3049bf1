#!/usr/bin/env python3
"""Stores written by earlier EdgeHouse versions, kept to prove that later versions still open them
and answer as ClickHouse does (FormatCompatibilityTests.swift).

Each Tests/Fixtures/store-vN/ holds `create.sql` (what made the store), `store/` (the store's bytes,
as that version wrote them: never regenerated), `queries.sql` and `queries.reference` (the
queries' output from ClickHouse 26.9, chdb, after running create.sql).

    generate.py reference [--check]     write (or check, in CI) every queries.reference with chdb
    generate.py store vN --binary B     write store-vN/store with edgehouse binary B: once, when a
                                        format version changes (a new vN; the old ones stay)
"""
import argparse, glob, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'Queries'))


def reference(fixture):
    import generate as queries  # the statement splitting and chdb session of Tests/Queries
    chdb = queries.SESSION
    for statement, _ in queries.statements(open(os.path.join(fixture, 'create.sql')).read()):
        chdb.query(statement)
    output = ''
    for statement, _ in queries.statements(open(os.path.join(fixture, 'queries.sql')).read()):
        output += str(chdb.query(statement, 'TSV'))
    return output


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest='command', required=True)
    check = sub.add_parser('reference')
    check.add_argument('--check', action='store_true')
    make = sub.add_parser('store')
    make.add_argument('version')
    make.add_argument('--binary', required=True)
    args = parser.parse_args()
    if args.command == 'store':
        fixture = os.path.join(HERE, f'store-{args.version}')
        target = os.path.join(fixture, 'store')
        if os.path.exists(target):
            sys.exit(f'{target} exists: a fixture store is never rewritten')
        subprocess.run([args.binary, 'sql', '--path', target, '--queries-file', os.path.join(fixture, 'create.sql')], check=True)
        os.remove(os.path.join(target, 'LOCK'))
        return
    drift = []
    for fixture in sorted(glob.glob(os.path.join(HERE, 'store-v*'))):
        path = os.path.join(fixture, 'queries.reference')
        text = reference(fixture)
        if args.check:
            if not os.path.exists(path) or open(path).read() != text:
                drift.append(path)
        else:
            open(path, 'w').write(text)
    if drift:
        sys.exit('out of date (run Tests/Fixtures/generate.py reference): ' + ', '.join(drift))


if __name__ == '__main__':
    main()
