#!/usr/bin/env python3
"""Two builds of edgehouse side by side, in one run: is a change a regression?

    python3 Benchmarks/ab.py --baseline OLD/.build/release/edgehouse [--candidate .build/release/edgehouse]
                             --data DIR [--rounds 3] [--repeat 200]

DIR holds the reference data set's TSV files (`../shared/bench/gen.py --out DIR …`; shapes
b–d are made by `Benchmarks/shapes.py` under DIR/shapes, as compare.py makes them).
Alternating the two binaries round by round (the machine is shared and noisy; the best round of
each is kept), it measures:
  - the ingest of every table's file, shapes a and d, into schema/init.sql with its views
    (`edgehouse --path D --query "INSERT … FORMAT TSV" < file`, a fresh store each time);
  - the four dashboard queries (compare.py's SQL) over one store holding all four tables,
    --repeat copies per run, start-up subtracted;
  - the typed insert of `edgehouse bench` on shape d, 100k-row batches, views attached.
Ratios are candidate time over baseline time (below 1: faster).
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare
import shapes as data_shapes

TABLES = ['performance_metrics_ts', 'resource_metrics_ts', 'quality_metrics_ts', 'cost_metrics_ts']


def timed(command, stdin=None):
    start = time.time()
    subprocess.run(command, stdin=stdin, check=True, stdout=subprocess.DEVNULL)
    return time.time() - start


def ingest(binary, data):
    store = tempfile.mkdtemp(prefix='edgehouse-ab-')
    try:
        with open(compare.SCHEMA) as schema:
            subprocess.run([binary, '--path', store], stdin=schema, check=True, stdout=subprocess.DEVNULL)
        table = os.path.basename(data).split('.')[0]
        with open(data, 'rb') as rows:
            return timed([binary, '--path', store, '--query', f'INSERT INTO optiinfra.{table} FORMAT TSV'], stdin=rows)
    finally:
        shutil.rmtree(store)


def dashboard_store(binary, files):
    store = tempfile.mkdtemp(prefix='edgehouse-ab-dashboards-')
    with open(compare.SCHEMA) as schema:
        subprocess.run([binary, '--path', store], stdin=schema, check=True, stdout=subprocess.DEVNULL)
    for table, data in files.items():
        with open(data, 'rb') as rows:
            subprocess.run([binary, '--path', store, '--query', f'INSERT INTO optiinfra.{table} FORMAT TSV'], stdin=rows,
                           check=True, stdout=subprocess.DEVNULL)
    return store


def dashboard_time(binary, store, sql, repeat, work):
    times = []
    for copies in (1, repeat + 1):
        queries = os.path.join(work, 'queries.sql')
        with open(queries, 'w') as f:
            f.write((sql + ';\n') * copies)
        times.append(timed([binary, '--path', store, '--queries-file', queries, '--format', 'TSV']))
    return (times[1] - times[0]) / repeat


def typed_insert(binary):
    out = subprocess.run([binary, 'bench', '--rows', '1000000', '--batch', '100000', '--rounds', '1', '--shape', 'd',
                          '--no-sweep', '--fleet-rows', '0', '--json'], check=True, stdout=subprocess.PIPE).stdout
    return 1_000_000 / json.loads(out)['withView']['rowsPerSecond']


def dashboard_values(binary, store):
    """The dashboards' parameters, as compare.py picks them, read from the store."""
    def one(sql):
        return subprocess.run([binary, '--path', store, '--query', sql, '--format', 'TSV'], check=True,
                              stdout=subprocess.PIPE).stdout.decode().strip()
    return compare.dashboard_parameters(one, 'optiinfra')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--baseline', required=True)
    parser.add_argument('--candidate', default=compare.EDGEHOUSE)
    parser.add_argument('--data', required=True)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--repeat', type=int, default=200)
    args = parser.parse_args()
    binaries = {'baseline': args.baseline, 'candidate': args.candidate}
    files = data_shapes.shape_files(args.data, 'ad')
    rows = []

    def best(measure):
        """The best of --rounds for each binary, the two alternating."""
        times = {name: [] for name in binaries}
        for _ in range(args.rounds):
            for name, binary in binaries.items():
                times[name].append(measure(binary))
        return min(times['baseline']), min(times['candidate'])

    for table in TABLES:
        for shape in 'ad':
            if table in files[shape]:
                rows.append((f'ingest {table} ({shape})', *best(lambda binary: ingest(binary, files[shape][table]))))
    rows.append(('typed insert, shape d, 100k batches, views', *best(typed_insert)))
    work = tempfile.mkdtemp(prefix='edgehouse-ab-work-')
    store = dashboard_store(args.baseline, files['a'])
    try:
        values = dashboard_values(args.baseline, store)
        for name, template in compare.DASHBOARDS.items():
            sql = template.format(db='optiinfra', **values)
            rows.append((f'dashboard {name}', *best(lambda binary: dashboard_time(binary, store, sql, args.repeat, work))))
    finally:
        shutil.rmtree(store)
        shutil.rmtree(work)
    print(f"{'seconds (best of ' + str(args.rounds) + ')':<48}{'baseline':>12}{'candidate':>12}{'ratio':>8}")
    for name, base, candidate in rows:
        print(f'{name:<48}{base:>12.4f}{candidate:>12.4f}{candidate / base:>8.2f}')


main()
