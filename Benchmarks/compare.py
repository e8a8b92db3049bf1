#!/usr/bin/env python3
"""EdgeHouse side by side with ClickHouse (chdb) and DuckDB on the same files, in one run.

    swift build -c release --static-swift-stdlib --product edgehouse
    python3 Benchmarks/compare.py [--data DIR] [--shapes abcd] [--rows 1000000] [--rounds 3]

Needs chdb (`pip install chdb`) and GNU time (`apt-get install time`).

Data: with --data, the TSV files of the reference generator (`../shared/bench/gen.py --out DIR
--start <40 days ago>`: <table>.tsv for the four raw tables, none expired by the TTLs); without
it, `edgehouse generate --rows N` performance_metrics_ts rows.

With --data, every table is measured in each of the data shapes of `Benchmarks/shapes.py`
(--shapes, default all four): (a) as gen.py writes them, (b) rows in a seeded random order, (c)
floats at full double precision, (d) both; the files of b–d are made once, under DIR/shapes/.
A summary table of shapes × tables ends the run, with the worst ratio.

For every table file, alternating engines round by round (the machine is shared and noisy;
the best round of each is kept):
  - ingest time of the TSV file into the schema of schema/init.sql, views attached:
      edgehouse  the whole process, `edgehouse --path D --query "INSERT … FORMAT TSV" < file`
                 (the store is created beforehand), every part fsynced;
      chdb       its INSERT … SELECT FROM file() only (start-up not counted), no fsync; and, timed
                 as edgehouse is, a whole process (python3, import chdb, schema, INSERT);
      duckdb     INSERT … SELECT FROM read_csv() into a table with the same columns — no views
                 (DuckDB has no materialized views), no sort key; `pip install duckdb`.
  - edgehouse's peak resident memory during the ingest (GNU time's maximum resident set size);
  - bytes on disk per row: edgehouse and chdb from system.parts (active parts, after
    OPTIMIZE … FINAL), DuckDB from its database file after CHECKPOINT.
Ratios are EdgeHouse against each engine, measured in the same run.

With all four tables (--data), the four dashboard queries of the client (their SQL as the typed
client sends it) then run over one store of each, for the busiest customer, service and
instance of the last 24 hours of data: EdgeHouse answers them from one process reading a file
of --repeat copies (start-up subtracted: a run of one copy is timed too), chdb from one session;
the mean time per query of each, and whether the answers are the same bytes.
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shapes as data_shapes

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
EDGEHOUSE = os.path.join(ROOT, '.build', 'release', 'edgehouse')
SCHEMA = os.path.join(ROOT, 'schema', 'init.sql')
DUCKDB_TYPES = {'DateTime': 'TIMESTAMP', 'UUID': 'UUID', 'String': 'VARCHAR', 'Float32': 'FLOAT', 'Float64': 'DOUBLE',
                'UInt8': 'UTINYINT', 'UInt32': 'UINTEGER', 'UInt64': 'UBIGINT'}


def edgehouse(store, *arguments, stdin=None):
    return subprocess.run([EDGEHOUSE, '--path', store, *arguments], stdin=stdin, check=True,
                          stdout=subprocess.PIPE).stdout.decode()


def table_columns(table):
    """[(name, ClickHouse type)] of a raw table, as EdgeHouse reads schema/init.sql."""
    store = tempfile.mkdtemp(prefix='edgehouse-schema-')
    try:
        with open(SCHEMA) as schema:
            edgehouse(store, stdin=schema)
        text = edgehouse(store, '--query', f"SELECT name, type FROM system.columns WHERE database = 'optiinfra' "
                                           f"AND table = '{table}' ORDER BY position", '--format', 'TSV')
        return [tuple(line.split('\t')) for line in text.splitlines()]
    finally:
        shutil.rmtree(store)


def edgehouse_round(table, data):
    store = tempfile.mkdtemp(prefix='edgehouse-compare-')
    try:
        with open(SCHEMA) as schema:
            edgehouse(store, stdin=schema)
        # The peak is GNU time's report of the edgehouse process alone: a child forked from this
        # one reports this process's resident memory (chdb's, hundreds of MiB) as its own peak.
        peak_file = os.path.join(store, 'peak')
        with open(data, 'rb') as rows:
            start = time.time()
            subprocess.run(['/usr/bin/time', '-f', '%M', '-o', peak_file,
                            EDGEHOUSE, '--path', store, '--query', f'INSERT INTO optiinfra.{table} FORMAT TSV'],
                           stdin=rows, stdout=subprocess.DEVNULL, check=True)
            elapsed = time.time() - start
        with open(peak_file) as peak:
            peak_kib = int(peak.read().split()[-1])
        edgehouse(store, '--query', f'OPTIMIZE TABLE optiinfra.{table} FINAL')
        stored = edgehouse(store, '--query', f"SELECT sum(bytes_on_disk) FROM system.parts WHERE database = 'optiinfra' "
                                             f"AND table = '{table}'", '--format', 'TSV')
        return elapsed, int(stored), peak_kib / 1024
    finally:
        shutil.rmtree(store)


def chdb_round(session, table, data, columns, round_number):
    database = f'compare{round_number}'
    text = re.sub(r'--[^\n]*', '', open(SCHEMA).read()).replace('optiinfra', database)
    for statement in [s.strip() for s in text.split(';') if s.strip()]:
        session.query(statement)
    structure = ', '.join(f'{name} {kind}' for name, kind in columns)
    start = time.time()
    session.query(f"INSERT INTO {database}.{table} SELECT * FROM file('{data}', 'TSV', '{structure}')")
    elapsed = time.time() - start
    session.query(f'OPTIMIZE TABLE {database}.{table} FINAL')
    stored = session.query(f"SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = '{database}' "
                           f"AND table = '{table}'", 'TSV').bytes().decode().strip()
    session.query(f'DROP DATABASE {database}')
    return elapsed, int(stored)


CHDB_PROCESS = '''
import re, sys, tempfile
from chdb import session
schema, table, data, structure = sys.argv[1:5]
s = session.Session(tempfile.mkdtemp(prefix='chdb-process-'))
for statement in [x.strip() for x in re.sub(r'--[^\\n]*', '', open(schema).read()).split(';') if x.strip()]:
    s.query(statement)
s.query(f"INSERT INTO optiinfra.{table} SELECT * FROM file('{data}', 'TSV', '{structure}')")
'''


def chdb_process_round(table, data, columns):
    """chdb timed as edgehouse is: a whole process (python3, import chdb, the schema, the INSERT)."""
    structure = ', '.join(f'{name} {kind}' for name, kind in columns)
    start = time.time()
    subprocess.run([sys.executable, '-c', CHDB_PROCESS, SCHEMA, table, data, structure], check=True)
    return time.time() - start


def duckdb_round(duckdb, table, data, columns):
    directory = tempfile.mkdtemp(prefix='duckdb-compare-')
    try:
        path = os.path.join(directory, 'db.duckdb')
        connection = duckdb.connect(path)
        connection.execute(f"CREATE TABLE {table} ({', '.join(f'{name} {DUCKDB_TYPES[kind]}' for name, kind in columns)})")
        spec = ', '.join(f"'{name}': '{DUCKDB_TYPES[kind]}'" for name, kind in columns)
        start = time.time()
        connection.execute(f"INSERT INTO {table} SELECT * FROM read_csv('{data}', delim = '\t', header = false, "
                           f"quote = '', escape = '', columns = {{{spec}}})")
        elapsed = time.time() - start
        connection.execute('CHECKPOINT')
        connection.close()
        return elapsed, os.path.getsize(path)
    finally:
        shutil.rmtree(directory)


DASHBOARDS = {
    'cost hourly': "SELECT hour, cloud_provider, service_name, sum(total_cost), sum(utilization_sum) / sum(sample_count), "
                   "sum(sample_count) FROM {db}.cost_metrics_hourly_mv WHERE customer_id = '{customer}' AND {window} "
                   "GROUP BY hour, cloud_provider, service_name ORDER BY hour, cloud_provider, service_name",
    'performance p95': "SELECT avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), quantileMerge(0.99)(p99_latency), "
                       "avgMerge(avg_throughput), countMerge(request_count) FROM {db}.performance_metrics_hourly_mv "
                       "WHERE customer_id = '{customer}' AND service_id = '{service}' AND {window}",
    'resource utilization': "SELECT avgMerge(avg_gpu_util), maxMerge(max_gpu_util), avgMerge(avg_gpu_memory), "
                            "avgMerge(avg_cpu_util), countMerge(sample_count) FROM {db}.resource_metrics_hourly_mv "
                            "WHERE customer_id = '{instance_customer}' AND instance_id = '{instance}' AND {window}",
    'quality trends': "SELECT hour, avgMerge(avg_quality), avgMerge(avg_relevance), avgMerge(avg_coherence), "
                      "avgMerge(avg_factuality), sumMerge(hallucination_count), countMerge(request_count) "
                      "FROM {db}.quality_metrics_hourly_mv WHERE customer_id = '{customer}' AND service_id = '{service}' "
                      "AND {window} GROUP BY hour ORDER BY hour",
}


def dashboard_parameters(one, db):
    """The dashboards' parameters: the busiest customer, service and instance of the data's last
    24 hours and that window; `one(sql)` answers a query as TSV text."""
    end = one(f'SELECT toStartOfHour(max(timestamp)) + 3600 FROM {db}.performance_metrics_ts')
    customer, service = one(f"SELECT customer_id, service_id FROM {db}.performance_metrics_ts WHERE timestamp >= "
                            f"toDateTime('{end}') - 86400 GROUP BY customer_id, service_id ORDER BY count() DESC, "
                            "customer_id, service_id LIMIT 1").split('\t')
    instance_customer, instance = one(f"SELECT customer_id, instance_id FROM {db}.resource_metrics_ts WHERE "
                                      f"timestamp >= toDateTime('{end}') - 86400 GROUP BY customer_id, instance_id "
                                      "ORDER BY count() DESC, customer_id, instance_id LIMIT 1").split('\t')
    window = f"hour >= toDateTime('{end}') - 86400 AND hour < toDateTime('{end}')"
    return dict(customer=customer, service=service, instance=instance, instance_customer=instance_customer, window=window)


def dashboards(session, files, repeat):
    """Mean seconds per dashboard query in each engine, and whether their answers agree."""
    store = tempfile.mkdtemp(prefix='edgehouse-dashboards-')
    work = tempfile.mkdtemp(prefix='edgehouse-dashboard-queries-')
    try:
        with open(SCHEMA) as schema:
            edgehouse(store, stdin=schema)
        text = re.sub(r'--[^\n]*', '', open(SCHEMA).read()).replace('optiinfra', 'dashboards')
        for statement in [s.strip() for s in text.split(';') if s.strip()]:
            session.query(statement)
        for table, data in files.items():
            with open(data, 'rb') as rows:
                edgehouse(store, '--query', f'INSERT INTO optiinfra.{table} FORMAT TSV', stdin=rows)
            structure = ', '.join(f'{name} {kind}' for name, kind in table_columns(table))
            session.query(f"INSERT INTO dashboards.{table} SELECT * FROM file('{data}', 'TSV', '{structure}')")

        def one(sql):
            return session.query(sql, 'TSV').bytes().decode().strip()
        values = dashboard_parameters(one, 'dashboards')
        results = {}
        for name, template in DASHBOARDS.items():
            ours_sql, theirs_sql = template.format(db='optiinfra', **values), template.format(db='dashboards', **values)
            timings = []
            for copies in (1, repeat + 1):
                queries = os.path.join(work, 'queries.sql')
                with open(queries, 'w') as f:
                    f.write((ours_sql + ';\n') * copies)
                start = time.time()
                answer = edgehouse(store, '--queries-file', queries, '--format', 'TSV')
                timings.append(time.time() - start)
            ours = (timings[1] - timings[0]) / repeat
            start = time.time()
            for _ in range(repeat):
                theirs_answer = one(theirs_sql)
            theirs = (time.time() - start) / repeat
            same = answer.strip().split('\n')[-len(theirs_answer.split('\n')):] == theirs_answer.split('\n')
            results[name] = (ours, theirs, same)
        session.query('DROP DATABASE dashboards')
        return results
    finally:
        shutil.rmtree(store)
        shutil.rmtree(work)


def count_lines(path):
    with open(path, 'rb') as f:
        return sum(chunk.count(b'\n') for chunk in iter(lambda: f.read(1 << 20), b''))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', help='directory of gen.py TSV files (<table>.tsv)')
    parser.add_argument('--rows', type=int, default=1_000_000, help='rows to generate without --data')
    parser.add_argument('--shapes', default='abcd', help='data shapes to measure with --data (Benchmarks/shapes.py)')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--repeat', type=int, default=200, help='runs of each dashboard query')
    args = parser.parse_args()
    if not os.path.exists(EDGEHOUSE):
        sys.exit('build first: swift build -c release --static-swift-stdlib --product edgehouse')
    try:
        from chdb import session as chdb_session
    except ImportError:
        sys.exit('chdb is not installed (pip install chdb)')
    try:
        import duckdb
    except ImportError:
        duckdb = None
        print('(duckdb is not installed: pip install duckdb to compare with it)')
    work = tempfile.mkdtemp(prefix='edgehouse-compare-data-')
    if args.data:
        shape_files = data_shapes.shape_files(args.data, args.shapes)
    else:
        generated = os.path.join(work, 'performance_metrics_ts.tsv')
        with open(generated, 'wb') as f:
            subprocess.run([EDGEHOUSE, 'generate', '--rows', str(args.rows)], stdout=f, check=True)
        shape_files = {'a': {'performance_metrics_ts': generated}}
    session = chdb_session.Session(tempfile.mkdtemp(prefix='chdb-compare-'))
    engines = ['edgehouse', 'chdb'] + (['duckdb'] if duckdb else [])
    summary = {}  # (shape, table) -> (ingest ratio vs chdb, bytes ratio vs chdb)
    round_number = 0
    for shape, files in shape_files.items():
        print(f'shape {shape}: {data_shapes.SHAPES[shape]}; best of {args.rounds} alternating rounds; '
              'ingest of each TSV file into the schema (views attached but in DuckDB)')
        print(f"{'table':24} {'rows':>9} {'MB':>5}  " + '  '.join(f'{e + " s":>10} {e + " B/row":>13}' for e in engines))
        for table, data in files.items():
            columns = table_columns(table)
            rows = count_lines(data)
            results = {engine: [] for engine in engines}
            for _ in range(args.rounds):
                results['edgehouse'].append(edgehouse_round(table, data))
                results['chdb'].append(chdb_round(session, table, data, columns, round_number))
                round_number += 1
                if duckdb:
                    results['duckdb'].append(duckdb_round(duckdb, table, data, columns))
            # After the alternating rounds, so that its processes cannot disturb them.
            process_times = [chdb_process_round(table, data, columns) for _ in range(args.rounds)]
            best = {engine: (min(r[0] for r in runs), runs[-1][1] / rows) for engine, runs in results.items()}
            peak = max(r[2] for r in results['edgehouse'])
            print(f'{table:24} {rows:9d} {os.path.getsize(data) / 1e6:5.0f}  ' +
                  '  '.join(f'{best[e][0]:10.3f} {best[e][1]:13.1f}' for e in engines) + f'  edgehouse peak {peak:.0f} MiB')
            for engine in engines[1:]:
                print(f"{'':24} edgehouse vs {engine}: ingest {best[engine][0] / best['edgehouse'][0]:.2f}× as fast, "
                      f"{best['edgehouse'][1] / best[engine][1]:.2f}× the bytes")
            print(f"{'':24} edgehouse vs chdb as a whole process too ({min(process_times):.3f} s): "
                  f"{min(process_times) / best['edgehouse'][0]:.2f}× as fast")
            summary[shape, table] = (best['chdb'][0] / best['edgehouse'][0], best['edgehouse'][1] / best['chdb'][1], peak)
    tables = list(dict.fromkeys(table for _, table in summary))
    print('summary: edgehouse ingest as many times as fast as chdb\'s INSERT (bytes per row vs chdb\'s; edgehouse peak RSS, MiB)')
    print(f"{'table':24} " + ' '.join(f'{"shape " + shape:>22}' for shape in shape_files))
    for table in tables:
        print(f'{table:24} ' + ' '.join(f'{summary[shape, table][0]:8.2f}× ({summary[shape, table][1]:.2f}; {summary[shape, table][2]:3.0f})'
                                        if (shape, table) in summary else f'{"":>22}' for shape in shape_files))
    worst = min(summary, key=lambda key: summary[key][0])
    print(f'worst: {summary[worst][0]:.2f}× ({worst[1]}, shape {worst[0]})')
    files = shape_files.get('a', {})
    if len(files) == 4:
        print(f'dashboard queries over all four tables of shape a, mean of {args.repeat} runs (SQL in, TSV out)')
        for name, (ours, theirs, same) in dashboards(session, files, args.repeat).items():
            print(f'  {name:22} edgehouse {ours * 1000:7.3f} ms   chdb {theirs * 1000:7.3f} ms   '
                  f'{theirs / ours:5.1f}× as fast   answers {"identical" if same else "DIFFER"}')
    shutil.rmtree(work)


if __name__ == '__main__':
    main()
