#!/usr/bin/env python3
"""The command line, black-box: every spelling of the common invocation (`[sql] [--path P]
[--query Q] [--format F]`, read without ArgumentParser) gives the same answers as the same
options read by ArgumentParser (with an option only it reads, or `--queries-file`), and what
is not a common invocation still gets ArgumentParser's help and errors.

  python3 Tests/CLI/test_arguments.py --edgehouse .build/debug/edgehouse
"""
import argparse
import os
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--edgehouse', required=True)
    binary = parser.parse_args().edgehouse
    failures = []

    def run(*arguments, stdin=b''):
        return subprocess.run([binary, *arguments], input=stdin, capture_output=True, timeout=60)

    def expect(label, result, status, stdout=None, stderr_has=None):
        problems = []
        if (result.returncode == 0) != (status == 0) or (status not in (0, None) and result.returncode != status):
            problems.append(f'exit {result.returncode}, expected {status}')
        if stdout is not None and result.stdout != stdout:
            problems.append(f'stdout {result.stdout!r}, expected {stdout!r}')
        if stderr_has is not None and stderr_has not in result.stderr.decode():
            problems.append(f'stderr {result.stderr.decode()!r} lacks {stderr_has!r}')
        if problems:
            failures.append(f'{label}: ' + '; '.join(problems))

    with tempfile.TemporaryDirectory(prefix='edgehouse-cli-') as store:
        expect('create', run('--path', store, stdin=b'CREATE TABLE t (k UInt32, s String) ENGINE = MergeTree ORDER BY k'), 0)
        rows = b'2\tb\n1\ta\n'
        expect('insert', run('--path', store, '--query', 'INSERT INTO t FORMAT TSV', stdin=rows), 0)
        query = 'SELECT k, s FROM t ORDER BY k'
        tsv, csv = b'1\ta\n2\tb\n', b'1,"a"\n2,"b"\n'
        # The common invocation in every spelling, and the same through ArgumentParser.
        for label, arguments, expected in [
            ('separate values', ['--path', store, '--query', query], tsv),
            ('= values', [f'--path={store}', f'--query={query}', '--format=CSV'], csv),
            ('options in any order', ['--format', 'CSV', '--query', query, '--path', store], csv),
            ('the sql subcommand', ['sql', '--path', store, '--query', query], tsv),
            ('through ArgumentParser', ['--path', store, '--query', query, '--max-insert-block-bytes', '0'], tsv),
            ('through ArgumentParser, = values', ['sql', f'--path={store}', '--format', 'CSV', f'--query={query}',
                                                  '--streamed-part-bytes', '1048576'], csv),
        ]:
            expect(label, run(*arguments), 0, stdout=expected)
        with tempfile.NamedTemporaryFile('w', suffix='.sql') as script:
            script.write(query)
            script.flush()
            expect('queries file', run('--path', store, '--queries-file', script.name), 0, stdout=tsv)
        expect('script on standard input', run('--path', store, stdin=query.encode()), 0, stdout=tsv)
        # A query's error: ClickHouse's code as the exit status, its message on standard error.
        expect('SQL error', run('--path', store, '--query', 'SELEC 1'), 62, stdout=b'', stderr_has='Code: 62.')
        # Not the common invocation: ArgumentParser's help and errors.
        expect('help', run('--help'), 0)
        if b'--queries-file' not in run('sql', '--help').stdout:
            failures.append('sql --help: --queries-file not listed')
        expect('unknown option', run('--path', store, '--bogus', '1'), 64, stderr_has="Unknown option '--bogus'")
        expect('missing value', run('--path'), 64, stderr_has="Missing value for '--path <path>'")
        expect('value like an option', run('--path', store, '--query', '-- comment'), 64, stderr_has="Missing value for '--query <query>'")
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f'command line: {"FAILED" if failures else "ok"}')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
