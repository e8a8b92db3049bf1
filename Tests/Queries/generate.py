#!/usr/bin/env python3
"""Writes Tests/Queries/NNNNN_name.reference from real ClickHouse (chdb 26.9), as ClickHouse's own
tests/queries do; `--check` regenerates in memory and fails on any difference (CI).

Each .sql file is a list of statements. A statement ends with `;` at the end of a line; after
the `;` a comment `-- { serverError N }` says the statement must fail with code N. An
`INSERT … FORMAT f` statement's data follows on the next lines, up to a line holding only `;`
(optionally followed by the error comment).
The reference is the output of every statement that returns rows, TSV unless it names a FORMAT.
QueryTests.swift splits the files the same way.

All cases share one chdb session (a session per case costs seconds): before each, the tables
and databases of the last are dropped and the settings its `SET`s changed are put back, as
QueryTests gives each case a fresh store and session.
"""
import glob, os, re, sys, tempfile

import chdb
from chdb import session

HERE = os.path.dirname(os.path.abspath(__file__))
SESSION = session.Session(tempfile.mkdtemp(prefix='edgehouse-queries-'))
CHANGED = "SELECT name, value FROM system.settings WHERE changed"
# Settings the session starts with; a case's own `SET`s are undone before the next case.
INITIAL_SETTINGS = SESSION.query(CHANGED, 'TSV').bytes().decode()
ERROR = re.compile(r'--\s*\{\s*serverError\s+(\d+)\s*\}\s*$')


def statements(text):
    """[(statement, expected error code or None)]"""
    result, current, data_mode = [], [], False
    for line in text.split('\n'):
        if data_mode:
            end = re.match(r'^\s*;\s*(?:--\s*\{\s*serverError\s+(\d+)\s*\})?\s*$', line)
            if end:
                result.append(('\n'.join(current), int(end.group(1)) if end.group(1) else None))
                current, data_mode = [], False
            else:
                current.append(line)
            continue
        if not current and (not line.strip() or line.strip().startswith('--')):
            continue
        stripped = re.sub(r'--.*$', '', line).rstrip() if "'" not in line else line.rstrip()
        match = ERROR.search(line)
        if match:
            stripped = line[:match.start()].rstrip()
        current.append(stripped)
        if re.search(r'\bFORMAT\s+\w+\s*$', stripped, re.I) and re.match(r'\s*INSERT\b', '\n'.join(current), re.I):
            data_mode = True
            continue
        if stripped.endswith(';'):
            statement = '\n'.join(current).rstrip()[:-1].rstrip()
            result.append((statement, int(match.group(1)) if match else None))
            current = []
    if current and '\n'.join(current).strip():
        result.append(('\n'.join(current).rstrip(';'), None))
    return result


def reset():
    for database in SESSION.query("SELECT name FROM system.databases WHERE name NOT IN ('system', 'default', 'INFORMATION_SCHEMA', 'information_schema')", 'TSV').bytes().decode().split():
        SESSION.query(f"DROP DATABASE `{database}`")
    for table in SESSION.query("SELECT name FROM system.tables WHERE database = 'default'", 'TSV').bytes().decode().split():
        SESSION.query(f"DROP TABLE default.`{table}`")
    SESSION.query("USE default")
    initial = dict(line.split('\t', 1) for line in INITIAL_SETTINGS.splitlines())
    for line in SESSION.query(CHANGED, 'TSV').bytes().decode().splitlines():
        name, value = line.split('\t', 1)
        if initial.get(name) != value and name != 'database':
            SESSION.query(f"SET {name} = DEFAULT" if name not in initial else f"SET {name} = '{initial[name]}'")


def run(path):
    reset()
    out = []
    for statement, expected in statements(open(path, newline='').read()):
        try:
            result = SESSION.query(statement, 'TSV')
            if expected is not None:
                raise SystemExit(f"{os.path.basename(path)}: expected error {expected} from: {statement}")
            if result is not None:
                out.append(result.bytes().decode())
        except SystemExit:
            raise
        except Exception as error:
            code = re.search(r'Code: (\d+)', str(error))
            if expected is None or not code or int(code.group(1)) != expected:
                raise SystemExit(f"{os.path.basename(path)}: {statement!r} failed: {error}")
    return ''.join(out)


def main():
    check = '--check' in sys.argv
    drift = []
    files = sorted(glob.glob(os.path.join(HERE, '*.sql')))
    for path in files:
        text = run(path)
        reference = path[:-4] + '.reference'
        if check:
            if not os.path.exists(reference) or open(reference, newline='').read() != text:
                drift.append(os.path.basename(reference))
        else:
            with open(reference, 'w', newline='') as f:
                f.write(text)
    if drift:
        print('query references differ from ClickHouse ' + chdb.__version__ + ': ' + ', '.join(drift))
        sys.exit(1)
    print(('checked ' if check else 'wrote ') + f"{len(files)} query references against ClickHouse (chdb {chdb.__version__})")


if __name__ == '__main__':
    main()
