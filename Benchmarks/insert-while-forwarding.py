#!/usr/bin/env python3
"""An edge's own insert throughput while it forwards, against the same edge not forwarding, in
one run (the bar: at most a 10 % drop).

    swift build -c release --static-swift-stdlib --product edgehouse
    python3 Benchmarks/insert-while-forwarding.py --edgehouse .build/release/edgehouse [--batches 60] [--batch-rows 10000] [--runs 3]

An agent inserts BATCHES × BATCH_ROWS performance_metrics_ts rows (`edgehouse generate`, distinct
seeds; TSV over HTTP, one INSERT per batch, back to back) into an `edgehouse server` with the
schema's views. Three set-ups, interleaved run by run so that the machine's noise hits all alike:

- `alone`: no forwarding (the baseline);
- `forwarding`: `--forward-to` a sink on loopback that speaks just enough of ClickHouse's HTTP
  interface (the capability probe; each INSERT's body read to its end and acknowledged): the edge pays for
  forwarding everything it stores, the central side costs next to nothing — as when the central
  server is another machine;
- `forwarding to a hub`: `--forward-to` an `edgehouse server` hub on the same machine, which takes
  CPU from the edge as well (for information: a central server does not share the edge's cores).

Prints rows/s of each run, the medians and the ratios to `alone`; whether forwarding kept up
(the lag when the last insert returned, and how long it took to reach 0). Exits 0 whatever they are.
"""
import argparse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'Tests', 'Server'))
from test_forwarding import Server, http  # noqa: E402
TABLE = 'optiinfra.performance_metrics_ts'


class Sink(BaseHTTPRequestHandler):
    """The central side at almost no cost: answers the probe as a deduplicating ClickHouse
    would (tokens known, no tables without a window) and acknowledges every INSERT."""

    def do_POST(self):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get('query', [''])[0]
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            while size := int(self.rfile.readline().split(b';')[0], 16):  # each chunk, to the last (size 0)
                self.rfile.read(size + 2)
            self.rfile.readline()
        else:
            self.rfile.read(int(self.headers.get('Content-Length', 0)))
        reply = b'insert_deduplication_token\nasync_insert\n' if 'system.settings' in query else b''
        self.send_response(200)
        self.send_header('Content-Length', str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def start_sink():
    server = ThreadingHTTPServer(('127.0.0.1', 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lag(edge):
    return int(http(edge.http_port, "SELECT sum(lag_rows) FROM system.forwarding").strip() or 0)


def run(binary, work, name, batches, extra, log):
    """Inserts every batch into a fresh edge; returns rows/s, and the lag at the end and the
    seconds it took to reach 0 when forwarding."""
    path = os.path.join(work, name)
    edge = Server(binary, path, ['--init-sql', os.path.join(ROOT, 'schema', 'init.sql')] + extra, log)
    edge.start()
    rows = sum(batch.count(b'\n') for batch in batches)
    started = time.perf_counter()
    for batch in batches:
        http(edge.http_port, f'INSERT INTO {TABLE} FORMAT TSV', batch)
    seconds = time.perf_counter() - started
    left, caught_up = 0, 0.0
    if extra:
        left = lag(edge)
        while lag(edge):
            time.sleep(0.05)
        caught_up = time.perf_counter() - started - seconds
        sent = int(http(edge.http_port, "SELECT sum(rows_sent) FROM system.forwarding").strip())
        if sent != rows:
            raise SystemExit(f'{name}: {sent:,} rows forwarded of {rows:,}')
    edge.stop()
    shutil.rmtree(path, ignore_errors=True)
    return rows / seconds, left, caught_up


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--edgehouse', required=True)
    parser.add_argument('--batches', type=int, default=60)
    parser.add_argument('--batch-rows', type=int, default=10_000)
    parser.add_argument('--runs', type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.edgehouse)
    work = tempfile.mkdtemp(prefix='edgehouse-insert-forward-bench-')
    log = open(os.path.join(work, 'servers.log'), 'w')
    batches = [subprocess.run([binary, 'generate', '--rows', str(args.batch_rows), '--seed', str(seed)],
                              check=True, capture_output=True).stdout for seed in range(1, args.batches + 1)]
    sink = start_sink()
    hub = Server(binary, os.path.join(work, 'hub'), ['--init-sql', os.path.join(ROOT, 'schema', 'central.sql')], log)
    hub.start()
    forwarding = ['--forward-max-backoff', '1']
    setups = {
        'alone': [],
        'forwarding': ['--forward-to', f'http://127.0.0.1:{sink.server_address[1]}'] + forwarding,
        'forwarding to a hub': ['--forward-to', f'http://127.0.0.1:{hub.http_port}'] + forwarding,
    }
    results = {name: [] for name in setups}
    for number in range(args.runs):
        for name, extra in setups.items():
            rate, left, caught_up = run(binary, work, f'{name.replace(" ", "-")}-{number}', batches, extra, log)
            results[name].append(rate)
            note = f'; lag {left:,} rows at the last insert, 0 after {caught_up:.2f} s more' if extra else ''
            print(f'run {number + 1} {name}: {rate:,.0f} rows/s{note}', flush=True)
    baseline = statistics.median(results['alone'])
    for name, rates in results.items():
        median = statistics.median(rates)
        print(f'{name}: median {median:,.0f} rows/s = {median / baseline:.3f} x alone '
              f'(runs: {", ".join(f"{r:,.0f}" for r in rates)})')
    hub.stop()
    sink.shutdown()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
