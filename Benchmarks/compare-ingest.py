#!/usr/bin/env python3
"""Ingest of the same TSV file through `edgehouse` and through ClickHouse (chdb), alternating,
into the same schema (schema/init.sql: the four tables and their views), and the ratio.

    swift build -c release && python3 Benchmarks/compare-ingest.py [--rows 1000000] [--rounds 3]

The file is made by `edgehouse generate` (seeded performance_metrics_ts rows). EdgeHouse is timed
as a whole process (`edgehouse --path D --query "INSERT … FORMAT TSV" < file`, store created
beforehand); chdb is timed around its INSERT statement only (its start-up is not counted).
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
EDGEHOUSE = os.path.join(ROOT, '.build', 'release', 'edgehouse')
COLUMNS = ("timestamp DateTime, customer_id UUID, service_id UUID, service_type String, model_name String, request_id UUID, "
           "latency_ms Float32, throughput_tokens_per_sec Float32, gpu_utilization Float32, kv_cache_utilization Float32, "
           "batch_size UInt32, prompt_tokens UInt32, completion_tokens UInt32, total_tokens UInt32")


def edgehouse_round(data, schema):
    store = tempfile.mkdtemp(prefix='edgehouse-ingest-')
    try:
        with open(schema) as f:
            subprocess.run([EDGEHOUSE, '--path', store], stdin=f, check=True)
        with open(data, 'rb') as f:
            start = time.time()
            subprocess.run([EDGEHOUSE, '--path', store, '--query', 'INSERT INTO optiinfra.performance_metrics_ts FORMAT TSV'], stdin=f, check=True)
            return time.time() - start
    finally:
        shutil.rmtree(store)


def chdb_round(session, data, schema, round_number):
    database = f'ingest{round_number}'
    text = re.sub(r'--[^\n]*', '', open(schema).read()).replace('optiinfra', database)
    for statement in [s.strip() for s in text.split(';') if s.strip()]:
        session.query(statement)
    start = time.time()
    session.query(f"INSERT INTO {database}.performance_metrics_ts SELECT * FROM file('{data}', 'TSV', '{COLUMNS}')")
    elapsed = time.time() - start
    session.query(f"DROP DATABASE {database}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--rows', type=int, default=1_000_000)
    parser.add_argument('--rounds', type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(EDGEHOUSE):
        sys.exit('build first: swift build -c release')
    try:
        from chdb import session as chdb_session
    except ImportError:
        sys.exit('chdb is not installed (pip install chdb)')
    work = tempfile.mkdtemp(prefix='edgehouse-compare-')
    data = os.path.join(work, 'performance.tsv')
    with open(data, 'wb') as f:
        subprocess.run([EDGEHOUSE, 'generate', '--rows', str(args.rows)], stdout=f, check=True)
    schema = os.path.join(ROOT, 'schema', 'init.sql')
    session = chdb_session.Session(tempfile.mkdtemp(prefix='chdb-compare-'))
    ours, theirs = [], []
    for round_number in range(args.rounds):
        ours.append(edgehouse_round(data, schema))
        theirs.append(chdb_round(session, data, schema, round_number))
    best_ours, best_theirs = min(ours), min(theirs)
    print(f"{args.rows} performance_metrics_ts rows as TSV ({os.path.getsize(data) / 1e6:.0f} MB), schema with views, best of {args.rounds}")
    print(f"  edgehouse: {best_ours:.3f} s ({args.rows / best_ours:,.0f} rows/s)")
    print(f"  chdb:      {best_theirs:.3f} s ({args.rows / best_theirs:,.0f} rows/s)")
    print(f"  edgehouse takes {best_ours / best_theirs:.2f}× chdb's time (speed-up {best_theirs / best_ours:.2f}×)")
    shutil.rmtree(work)


if __name__ == '__main__':
    main()
