#!/usr/bin/env python3
"""Store-and-forward, black-box (forwarding.md §4): an edge `edgehouse server --forward-to`
receiving inserts, a fault proxy in front of the central server, random SIGKILLs of the edge and
of the central server, inserts into all four raw tables; when the edge reports lag 0, each central
raw table (and the view) must hold every row the edge holds exactly once.

The central server is `edgehouse server` with schema/central.sql (a deduplication window on every
table and view: exactly once), or with --clickhouse18-port a running ClickHouse 18.16 (at least
once: duplicates allowed up to the edge's reported rows_possibly_duplicated).

  python3 Tests/Server/test_forwarding.py --edgehouse .build/debug/edgehouse --seconds 40
"""
import argparse
import collections
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE = 'optiinfra.performance_metrics_ts'
# Every raw table, the rows of each insert batch (a random count in this range) and the columns
# that name a row (its floats are printed differently by 18.16).
TABLES = {
    'performance_metrics_ts': ((50, 400), 'request_id'),
    'quality_metrics_ts': ((5, 40), 'request_id'),
    'resource_metrics_ts': ((10, 100), 'timestamp, customer_id, instance_id, gpu_index'),
    'cost_metrics_ts': ((2, 16), 'timestamp, customer_id, instance_id'),
}


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def http(port, query, body=b'', timeout=60, database=None):
    parameters = {'query': query} | ({'database': database} if database else {})
    url = f'http://127.0.0.1:{port}/?' + urllib.parse.urlencode(parameters)
    with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=timeout) as response:
        return response.read().decode()


def apply_schema_18(port):
    """schema/init.sql on a ClickHouse 18.16 (its HTTP port), optiinfra dropped first."""
    http(port, 'DROP DATABASE IF EXISTS optiinfra')
    http(port, 'CREATE DATABASE optiinfra')
    # 18.16 predates TTL; HTTP requests share no USE, so each statement names the database.
    schema = open(os.path.join(ROOT, 'schema', 'init.sql')).read()
    schema = '\n'.join(line for line in schema.split('\n') if not line.startswith('TTL ') and not line.strip().startswith('--'))
    for statement in [s.strip() for s in schema.split(';')]:
        if statement and not statement.startswith(('USE', 'CREATE DATABASE')):
            http(port, statement, database='optiinfra')


class Server:
    """An `edgehouse server` that can be killed with SIGKILL and started again on its store."""

    def __init__(self, binary, path, extra, log):
        self.binary, self.path, self.extra, self.log = binary, path, extra, log
        self.http_port, self.tcp_port = free_port(), free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, 'server', '--path', self.path, '--http-port', str(self.http_port),
             '--tcp-port', str(self.tcp_port), '--log-level', 'warning'] + self.extra,
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if http(self.http_port, 'SELECT 1', timeout=1).strip() == '1':
                    return
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f'{self.path}: server did not start')

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class FaultProxy(threading.Thread):
    """TCP proxy to the central server. Per connection, while faults are on: pass, `reset`
    (closed before anything reaches the server), `drop_response` (the server gets the request
    and commits; its reply is thrown away: the case deduplication exists for) or `blackhole`
    (the request is swallowed; the client times out)."""

    def __init__(self, target_port, seed):
        super().__init__(daemon=True)
        self.target_port, self.random = target_port, random.Random(seed)
        self.port = free_port()
        self.faults_on = True
        self.counts = collections.Counter()

    def run(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(('127.0.0.1', self.port))
        listener.listen(64)
        while True:
            client, _ = listener.accept()
            mode = self.random.choices(['pass', 'reset', 'drop_response', 'blackhole'], [70, 10, 12, 8])[0] if self.faults_on else 'pass'
            self.counts[mode] += 1
            threading.Thread(target=self.serve, args=(client, mode), daemon=True).start()

    def serve(self, client, mode):
        try:
            if mode == 'reset':
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00')
                return client.close()
            if mode == 'blackhole':
                client.settimeout(60)
                while client.recv(65536):
                    pass
                return client.close()
            server = socket.create_connection(('127.0.0.1', self.target_port), timeout=30)
        except OSError:
            return client.close()
        done = threading.Event()

        def pump(source, sink, is_reply):
            try:
                while True:
                    data = source.recv(65536)
                    if not data:
                        break
                    if is_reply and mode == 'drop_response':
                        continue  # swallowed: the client never hears that the insert was stored
                    sink.sendall(data)
            except OSError:
                pass
            finally:
                done.set()

        threading.Thread(target=pump, args=(client, server, False), daemon=True).start()
        threading.Thread(target=pump, args=(server, client, True), daemon=True).start()
        done.wait(60)
        if mode == 'drop_response':
            time.sleep(0.2)  # let the server finish its commit, then cut the client off
        for s in (client, server):
            try:
                s.close()
            except OSError:
                pass


def linger(binary, work, log):
    """Small inserts back to back are forwarded in batches: while fewer rows wait than a batch
    holds, a table sends at most once per poll interval (1 s), not as each part lands."""
    hub = Server(binary, os.path.join(work, 'linger-hub'), ['--init-sql', os.path.join(ROOT, 'schema', 'central.sql')], log)
    hub.start()
    edge = Server(binary, os.path.join(work, 'linger-edge'),
                  ['--init-sql', os.path.join(ROOT, 'schema', 'init.sql'), '--forward-to', f'http://127.0.0.1:{hub.http_port}'], log)
    edge.start()
    rows = subprocess.run([binary, 'generate', '--rows', '200'], check=True, capture_output=True).stdout
    inserts, started = 0, time.time()
    while time.time() < started + 3:  # back to back: there is always a new part to send
        http(edge.http_port, 'INSERT INTO optiinfra.performance_metrics_ts FORMAT TSV', rows)
        inserts += 1
    query = "SELECT lag_rows, batches_sent FROM system.forwarding WHERE table = 'performance_metrics_ts' FORMAT TSV"
    deadline = time.time() + 30
    while (lag := http(edge.http_port, query).split())[0] != '0' and time.time() < deadline:
        time.sleep(0.1)
    elapsed, batches = time.time() - started, int(lag[1])
    central = int(http(hub.http_port, 'SELECT count() FROM optiinfra.performance_metrics_ts'))
    edge.stop()
    hub.stop()
    print(f'linger: {inserts} INSERTs over {elapsed:.1f} s forwarded in {batches} batches; central holds {central}')
    # Sending on every part would take about one batch per INSERT; lingering, one per second.
    if central != inserts * 200 or batches > elapsed + 2:
        raise SystemExit(f'FAIL: linger: {batches} batches in {elapsed:.1f} s, central holds {central} of {inserts * 200} (logs: {work})')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--edgehouse', required=True)
    parser.add_argument('--seconds', type=float, default=40)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--clickhouse18-port', type=int, help='forward to this ClickHouse 18.16 (HTTP) instead of an edgehouse hub')
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix='edgehouse-forwarding-')
    log = open(os.path.join(work, 'servers.log'), 'w')
    binary = os.path.abspath(args.edgehouse)

    if not args.clickhouse18_port:
        linger(binary, work, log)
    hub = None
    if args.clickhouse18_port:
        central_port = args.clickhouse18_port
        apply_schema_18(central_port)
    else:
        hub = Server(binary, os.path.join(work, 'hub'), ['--init-sql', os.path.join(ROOT, 'schema', 'central.sql')], log)
        hub.start()
        central_port = hub.http_port
    proxy = FaultProxy(central_port, args.seed)
    proxy.start()
    edge = Server(binary, os.path.join(work, 'edge'),
                  ['--init-sql', os.path.join(ROOT, 'schema', 'init.sql'), '--forward-to', f'http://127.0.0.1:{proxy.port}',
                   '--forward-timeout', '2', '--forward-max-backoff', '1', '--forward-batch-rows', '700'], log)
    edge.start()

    acknowledged, batches, edge_kills, hub_kills = collections.Counter(), 0, 0, 0
    deadline = time.time() + args.seconds
    while time.time() < deadline:
        table = 'performance_metrics_ts' if batches % 2 == 0 else rng.choice(list(TABLES))
        rows = subprocess.run([binary, 'generate', '--table', table, '--rows', str(rng.randint(*TABLES[table][0])),
                               '--seed', str(1000 + batches)], check=True, capture_output=True).stdout
        batches += 1
        try:
            http(edge.http_port, f'INSERT INTO optiinfra.{table} FORMAT TSV', rows)
            acknowledged[table] += rows.count(b'\n')
        except OSError:
            pass  # the edge was being killed: this batch may or may not be stored (the edge's store says)
        event = rng.random()
        if event < 0.06:
            edge.kill()
            edge_kills += 1
            time.sleep(rng.uniform(0, 0.3))
            edge.start()
        elif event < 0.09 and hub:
            hub.kill()
            hub_kills += 1
            time.sleep(rng.uniform(0.2, 1.5))
            hub.start()

    proxy.faults_on = False
    # Wait until the edge has nothing waiting.
    deadline = time.time() + 180
    while True:
        status = {row.split('\t')[0]: row.split('\t')[1:] for row in http(
            edge.http_port, 'SELECT table, lag_rows, rows_possibly_duplicated, mode, in_doubt_resends FROM system.forwarding '
                            'FORMAT TSV').splitlines()}
        # A forwarder restarted by the last SIGKILL reports its mode only once it has probed the
        # central server again, which may come after its rows were all sent.
        if set(status) >= set(acknowledged) and all(row[0] == '0' and row[2] != 'unknown' for row in status.values()):
            break
        if time.time() > deadline:
            raise SystemExit(f'FAIL: the edge did not catch up: {status}')
        time.sleep(0.5)

    failures = []
    summary = []
    for table, (_, key) in TABLES.items():
        _, bound, mode, in_doubt = status.get(table, ['0', '0', 'unknown', '0'])
        edge_keys = collections.Counter(http(edge.http_port, f'SELECT {key} FROM optiinfra.{table} FORMAT TSV').splitlines())
        central_keys = collections.Counter(http(central_port, f'SELECT {key} FROM optiinfra.{table} FORMAT TSV').splitlines())
        lost = sum(max(0, count - central_keys[k]) for k, count in edge_keys.items())
        unknown = sum(1 for k in central_keys if k not in edge_keys)
        duplicated = sum(max(0, count - edge_keys[k]) for k, count in central_keys.items())
        summary.append(f'{table}: {acknowledged[table]} acknowledged, edge {sum(edge_keys.values())}, mode {mode}, '
                       f'{in_doubt} in-doubt resends, lost {lost}, duplicated {duplicated} (bound {bound}), unknown {unknown}')
        if sum(edge_keys.values()) < acknowledged[table]:
            failures.append(f'{table}: the edge lost acknowledged rows')
        if lost or unknown:
            failures.append(f'{table}: rows lost or unknown at the central server')
        if hub and (mode != 'exactly_once' or duplicated):
            failures.append(f'{table}: not exactly once against the EdgeHouse hub')
        if not hub and (duplicated > int(bound) or mode != 'at_least_once'):
            failures.append(f'{table}: duplicates beyond the reported bound')
    central_rows = int(http(central_port, f'SELECT count() FROM {TABLE}').strip())
    view_count = int(http(central_port, 'SELECT countMerge(request_count) FROM optiinfra.performance_metrics_hourly_mv').strip())
    if hub and view_count != central_rows:
        failures.append('the central view does not count the raw rows')
    print(f'forwarding: {batches} insert batches; {edge_kills} edge SIGKILLs, {hub_kills} central SIGKILLs; '
          f'proxy {dict(proxy.counts)}; central view count {view_count} vs raw {central_rows}\n  ' + '\n  '.join(summary))
    edge.stop()
    if hub:
        hub.stop()
    if failures:
        raise SystemExit('FAIL: ' + '; '.join(failures) + f' (logs: {work})')
    print('forwarding: OK')


if __name__ == '__main__':
    main()
