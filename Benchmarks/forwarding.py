#!/usr/bin/env python3
"""Store-and-forward throughput: a backlog drained to a central server, in one run.

    swift build -c release --static-swift-stdlib --product edgehouse
    python3 Benchmarks/forwarding.py --edgehouse .build/release/edgehouse [--rows 1000000] [--small-inserts 2000] [--clickhouse18-port 28300]

1. An edge store gets ROWS performance_metrics_ts rows (`edgehouse generate`, the schema's views
   attached); not timed. By default in one INSERT (one part); with --small-inserts N, as an agent
   offline writes them: N INSERTs over HTTP to an `edgehouse server` whose merges run meanwhile, so
   the backlog is many parts of many sizes, drained in batches of several parts.
2. `edgehouse forward --until-caught-up` drains them to an `edgehouse server` hub on loopback
   (schema/central.sql: deduplication windows, exactly once): rows/s.
3. With --clickhouse18-port (a running ClickHouse 18.16, `scripts/clickhouse18/start`): the same
   drain to 18.16 (at least once), against the baseline of `clickhouse-client` inserting the same
   rows as RowBinary in one INSERT, measured in the same run; the ratio.
Prints the figures; exits 0 whatever they are (targets are judged by reading them).
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'Tests', 'Server'))
from test_forwarding import Server, apply_schema_18, free_port, http  # noqa: E402  (one copy of the 18.16 schema set-up)
TABLE = 'optiinfra.performance_metrics_ts'


def drain(binary, edge, port):
    started = time.perf_counter()
    subprocess.run([binary, 'forward', '--path', edge, '--to', f'http://127.0.0.1:{port}', '--until-caught-up'],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--edgehouse', required=True)
    parser.add_argument('--rows', type=int, default=1_000_000)
    parser.add_argument('--small-inserts', type=int, default=0, help='fill the edge with this many INSERTs (merges running)')
    parser.add_argument('--clickhouse18-port', type=int)
    args = parser.parse_args()
    binary = os.path.abspath(args.edgehouse)
    work = tempfile.mkdtemp(prefix='edgehouse-forward-bench-')
    edge = os.path.join(work, 'edge')
    subprocess.run([binary, 'sql', '--path', edge, '--queries-file', os.path.join(ROOT, 'schema', 'init.sql')], check=True)
    rows = subprocess.run([binary, 'generate', '--rows', str(args.rows)], check=True, capture_output=True).stdout
    if args.small_inserts:
        fill = Server(binary, edge, [], open(os.devnull, 'w'))
        fill.start()
        lines = rows.splitlines(keepends=True)
        step = -(-len(lines) // args.small_inserts)
        for start in range(0, len(lines), step):
            http(fill.http_port, f'INSERT INTO {TABLE} FORMAT TSV', b''.join(lines[start:start + step]))
        fill.stop()
    else:
        subprocess.run([binary, 'sql', '--path', edge, '--query', f'INSERT INTO {TABLE} FORMAT TSV'], input=rows, check=True)
    del rows
    parts = subprocess.run([binary, 'sql', '--path', edge, '--query',
                            "SELECT count() FROM system.parts WHERE table = 'performance_metrics_ts'"],
                           check=True, capture_output=True, text=True).stdout.strip()
    print(f'backlog: {args.rows:,} rows in {parts} parts')
    pristine = os.path.join(work, 'pristine')
    shutil.copytree(edge, pristine)

    hub_port = free_port()
    hub = subprocess.Popen([binary, 'server', '--path', os.path.join(work, 'hub'), '--http-port', str(hub_port),
                            '--tcp-port', str(free_port()), '--init-sql', os.path.join(ROOT, 'schema', 'central.sql'),
                            '--log-level', 'warning'], stdout=subprocess.DEVNULL)
    for _ in range(300):
        try:
            http(hub_port, 'SELECT 1')
            break
        except OSError:
            time.sleep(0.05)
    seconds = drain(binary, edge, hub_port)
    stored = int(http(hub_port, f'SELECT count() FROM {TABLE}'))
    print(f'drain to an edgehouse hub (exactly once): {args.rows:,} rows in {seconds:.2f} s = {args.rows / seconds:,.0f} rows/s '
          f'(hub holds {stored:,})')
    hub.terminate()
    hub.wait()

    if args.clickhouse18_port:
        port = args.clickhouse18_port
        rowbinary = os.path.join(work, 'rows.bin')
        with open(rowbinary, 'wb') as out:
            subprocess.run([binary, 'sql', '--path', pristine, '--query', f'SELECT * FROM {TABLE} FORMAT RowBinary'], stdout=out, check=True)
        apply_schema_18(port)
        started = time.perf_counter()
        with open(rowbinary, 'rb') as data:
            subprocess.run(['clickhouse-client', '--port', str(port + 1), '--query', f'INSERT INTO {TABLE} FORMAT RowBinary'],
                           stdin=data, check=True)
        baseline = time.perf_counter() - started
        apply_schema_18(port)
        edge18 = os.path.join(work, 'edge18')
        shutil.copytree(pristine, edge18)
        seconds = drain(binary, edge18, port)
        stored = int(http(port, f'SELECT count() FROM {TABLE}'))
        print(f'ClickHouse 18.16: clickhouse-client RowBinary {args.rows / baseline:,.0f} rows/s; '
              f'edgehouse forward {args.rows / seconds:,.0f} rows/s (holds {stored:,}); ratio {baseline / seconds:.2f}')
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
