#!/usr/bin/env python3
"""The data shapes users produce, made from the reference generator's TSV files.

    python3 Benchmarks/shapes.py --data DIR [--seed 7]

writes DIR/shapes/<shape>/<table>.tsv for every <table>.tsv of DIR (`../shared/bench/gen.py`
output), once (an existing file is kept):

  a  as gen.py writes them: rows in arrival (time) order, floats rounded to a few decimals;
  b  the same rows in a seeded random order (a collector joining many agents' buffers, a
     backfill after an outage);
  c  the same rows with every float at full double precision (a measured value such as
     `404.40277016598185`, printed as Python's shortest round-trip `repr`), in time order;
  d  both: full-precision floats in a random order.

Which columns are floats comes from the schema (`schema/init.sql`). The shapes keep every row's
customer, service, timestamp and integer values, so the views' groups are the same in all four.
"""
import argparse, os, random, re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
SCHEMA = os.path.join(ROOT, 'schema', 'init.sql')
TABLES = ('performance_metrics_ts', 'resource_metrics_ts', 'quality_metrics_ts', 'cost_metrics_ts')
SHAPES = {
    'a': 'arrival order, rounded floats',
    'b': 'random order, rounded floats',
    'c': 'arrival order, full-precision floats',
    'd': 'random order, full-precision floats',
}


def float_positions(table):
    """Indices of the Float32/Float64 columns of `table` in schema/init.sql."""
    text = open(SCHEMA).read()
    body = re.search(rf'CREATE TABLE IF NOT EXISTS {table} \((.*?)\n\)', text, re.S).group(1)
    columns = [line.strip().split()[:2] for line in body.splitlines() if line.strip() and not line.strip().startswith('--')]
    return [i for i, (_, kind) in enumerate(columns) if kind.rstrip(',').startswith('Float')]


def full_precision(value, rng):
    """`value` moved by less than a thousandth of itself, at full double precision."""
    number = float(value)
    if number == 0 or number != number:
        return value
    return repr(number * (1 - rng.random() * 1e-3))


def make(source, target, table, shape, seed):
    rng = random.Random(seed)
    with open(source) as f:
        lines = f.read().splitlines()
    if shape in 'cd':
        positions = float_positions(table)
        for n, line in enumerate(lines):
            fields = line.split('\t')
            for p in positions:
                fields[p] = full_precision(fields[p], rng)
            lines[n] = '\t'.join(fields)
    if shape in 'bd':
        rng.shuffle(lines)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target + '.tmp', 'w') as f:
        f.write('\n'.join(lines) + '\n')
    os.rename(target + '.tmp', target)


def shape_files(data, shapes='abcd', seed=7):
    """{shape: {table: path}} for the tables present in `data`, made when missing."""
    files = {}
    for shape in shapes:
        files[shape] = {}
        for table in TABLES:
            source = os.path.join(data, f'{table}.tsv')
            if not os.path.exists(source):
                continue
            if shape == 'a':
                files[shape][table] = source
                continue
            target = os.path.join(data, 'shapes', shape, f'{table}.tsv')
            if not os.path.exists(target):
                make(source, target, table, shape, seed)
            files[shape][table] = target
    return files


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    parser.add_argument('--shapes', default='abcd')
    parser.add_argument('--seed', type=int, default=7)
    args = parser.parse_args()
    for shape, tables in shape_files(args.data, args.shapes, args.seed).items():
        for table, path in tables.items():
            print(shape, table, path)
