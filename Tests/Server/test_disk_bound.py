#!/usr/bin/env python3
"""The edge's disk bound, black-box (`edgehouse server --max-disk-bytes`):

1. drop-oldest, the central server down: the edge keeps its newest rows within the bound and
   counts what it evicted; once the central server is up every row the edge kept arrives there
   exactly once; further inserts evict forwarded parts first, and every inserted row is then
   either at the central server (once) or counted as evicted unforwarded;
2. refuse: once the bound is reached an INSERT fails with ClickHouse's code 243 and stores
   nothing; every acknowledged row is kept.

  python3 Tests/Server/test_disk_bound.py --edgehouse .build/debug/edgehouse
"""
import argparse
import collections
import os
import subprocess
import tempfile
import time
import urllib.error

from test_forwarding import ROOT, TABLE, Server, http


def generate(binary, rows, seed):
    return subprocess.run([binary, 'generate', '--rows', str(rows), '--seed', str(seed)], check=True, capture_output=True).stdout


def raw_bytes(server):
    return int(http(server.http_port, "SELECT sum(bytes_on_disk) FROM system.parts WHERE table = 'performance_metrics_ts'").strip())


def all_bytes(server):
    return int(http(server.http_port, "SELECT sum(bytes_on_disk) FROM system.parts").strip())


def counters(server):
    names = ['lag_rows', 'rows_sent', 'rows_evicted_forwarded', 'rows_evicted_unforwarded']
    values = http(server.http_port, f"SELECT {', '.join(names)} FROM system.forwarding WHERE table = 'performance_metrics_ts' FORMAT TSV").split()
    return dict(zip(names, map(int, values))) if values else dict.fromkeys(names, 0)


def ids(port):
    return collections.Counter(http(port, f'SELECT request_id FROM {TABLE} FORMAT TSV').split())


def wait_caught_up(edge):
    deadline = time.time() + 120
    while counters(edge)['lag_rows'] != 0:
        if time.time() > deadline:
            raise SystemExit(f'FAIL: the edge did not catch up: {counters(edge)}')
        time.sleep(0.3)


def insert_size(binary, work, log, rows):
    """Bytes one insert of `rows` rows adds to the raw table and to its view (a scratch server)."""
    scratch = Server(binary, os.path.join(work, 'scratch'), ['--init-sql', os.path.join(ROOT, 'schema', 'init.sql')], log)
    scratch.start()
    http(scratch.http_port, f'INSERT INTO {TABLE} FORMAT TSV', generate(binary, rows, 1))
    raw, total = raw_bytes(scratch), all_bytes(scratch)
    scratch.stop()
    return raw, total - raw


def drop_oldest(binary, work, log, bound, batch_rows, failures):
    hub = Server(binary, os.path.join(work, 'hub'), ['--init-sql', os.path.join(ROOT, 'schema', 'central.sql')], log)
    edge = Server(binary, os.path.join(work, 'edge'),
                  ['--init-sql', os.path.join(ROOT, 'schema', 'init.sql'), '--forward-to', f'http://127.0.0.1:{hub.http_port}',
                   '--forward-max-backoff', '1', '--max-disk-bytes', str(bound)], log)
    edge.start()
    inserted = 0
    for seed in range(100, 120):  # the central server is down
        http(edge.http_port, f'INSERT INTO {TABLE} FORMAT TSV', generate(binary, batch_rows, seed))
        inserted += batch_rows
    offline = counters(edge)
    kept = ids(edge.http_port)
    print(f'disk bound, offline: {inserted} rows inserted, {sum(kept.values())} kept in {raw_bytes(edge)} bytes '
          f'(bound {bound}), {offline["rows_evicted_unforwarded"]} evicted unforwarded')
    if raw_bytes(edge) > bound:
        failures.append('the raw table is over the bound')
    if offline['rows_evicted_unforwarded'] == 0 or sum(kept.values()) + offline['rows_evicted_unforwarded'] != inserted:
        failures.append('offline: rows kept + rows evicted != rows inserted')

    hub.start()
    wait_caught_up(edge)
    if ids(hub.http_port) != kept:
        failures.append('the central server does not hold exactly the rows the edge kept')
    for seed in range(200, 215):  # online: forwarded parts make room
        http(edge.http_port, f'INSERT INTO {TABLE} FORMAT TSV', generate(binary, batch_rows, seed))
        inserted += batch_rows
        wait_caught_up(edge)
    online = counters(edge)
    central = ids(hub.http_port)
    print(f'disk bound, online: {inserted} rows inserted; central holds {sum(central.values())}; edge counters {online}')
    if online['rows_evicted_forwarded'] == 0:
        failures.append('no forwarded part was evicted')
    if any(count > 1 for count in central.values()):
        failures.append('duplicates at the central server')
    if sum(central.values()) + online['rows_evicted_unforwarded'] != inserted:
        failures.append('rows at the central server + rows evicted unforwarded != rows inserted')
    if sum(ids(edge.http_port).values()) + online['rows_evicted_forwarded'] + online['rows_evicted_unforwarded'] != inserted:
        failures.append('rows at the edge + rows evicted != rows inserted')
    edge.stop()
    hub.stop()


def refuse(binary, work, log, bound, batch_rows, failures):
    edge = Server(binary, os.path.join(work, 'refusing'),
                  ['--init-sql', os.path.join(ROOT, 'schema', 'init.sql'), '--max-disk-bytes', str(bound), '--when-disk-full', 'refuse'], log)
    edge.start()
    acknowledged, refusals = 0, []
    for seed in range(300, 330):
        try:
            http(edge.http_port, f'INSERT INTO {TABLE} FORMAT TSV', generate(binary, batch_rows, seed))
            acknowledged += batch_rows
        except urllib.error.HTTPError as error:
            refusals.append((error.headers.get('X-ClickHouse-Exception-Code'), error.read().decode()))
    stored = sum(ids(edge.http_port).values())
    print(f'disk bound, refusing: {acknowledged} rows acknowledged, {stored} stored, {len(refusals)} inserts refused: '
          f'{refusals[0][1].strip() if refusals else ""}')
    if not refusals or any(code != '243' or 'Cannot reserve' not in text or 'NOT_ENOUGH_SPACE' not in text for code, text in refusals):
        failures.append('inserts over the bound were not refused with code 243')
    if stored != acknowledged:
        failures.append('rows stored != rows acknowledged')
    edge.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--edgehouse', required=True)
    args = parser.parse_args()
    binary = os.path.abspath(args.edgehouse)
    work = tempfile.mkdtemp(prefix='edgehouse-disk-bound-')
    log = open(os.path.join(work, 'servers.log'), 'w')
    batch_rows = 400
    # Views are never evicted: room for every insert's view part (before merges) and 6 raw parts.
    raw, view = insert_size(binary, work, log, batch_rows)
    bound = 6 * raw + 40 * view
    failures = []
    drop_oldest(binary, work, log, bound, batch_rows, failures)
    refuse(binary, work, log, bound, batch_rows, failures)
    if failures:
        raise SystemExit('FAIL: ' + '; '.join(failures) + f' (logs: {work})')
    print('disk bound: OK')


if __name__ == '__main__':
    main()
