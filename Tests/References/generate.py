#!/usr/bin/env python3
"""Produces the golden files under Tests/EdgeHouseTests/References/ from real ClickHouse (chdb).

    python3 Tests/References/generate.py           # rewrite the golden files
    python3 Tests/References/generate.py --check   # regenerate into memory and diff (CI)

Every reference set is a function below that returns the file's text; the Swift tests read the
files and compare EdgeHouse's answers with them byte for byte.
"""
import os, sys, tempfile

import chdb
from chdb import session

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'EdgeHouseTests', 'References')
SESSION = session.Session(tempfile.mkdtemp(prefix='edgehouse-references-'))


def query(sql):
    return SESSION.query(sql, 'TSV').bytes().decode()


# Values fed to quantile: the same formula in Swift (QuantileReferenceTests.value(_:)).
VALUE = "toFloat32(((number * 7919) % 10007) / 7)"
LEVELS = [0, 0.5, 0.95, 0.99, 1]


def quantiles():
    lines = []
    for n in [1, 2, 3, 8192, 8193, 100000]:
        for level in LEVELS:
            for function in ['quantile', 'quantileExact']:
                r = query(f"SELECT {function}({level})({VALUE}) FROM numbers({n}) SETTINGS max_threads = 1").strip()
                lines.append(f"single\t{function}\t{n}\t{level}\t{r}")
        r = query(f"SELECT quantiles(0.5, 0.95, 0.99)({VALUE}) FROM numbers({n}) SETTINGS max_threads = 1").strip()
        lines.append(f"single\tquantiles\t{n}\t0.5,0.95,0.99\t{r}")
        r = query(f"SELECT quantile(0.95)(toUInt32(number * 7919 % 10007)) FROM numbers({n}) SETTINGS max_threads = 1").strip()
        lines.append(f"single\tquantileUInt32\t{n}\t0.95\t{r}")
    # States built over consecutive chunks and merged in order (fresh accumulator).
    splits = {
        '5000+5000': [5000, 5000], '3000+20000': [3000, 20000], '20000+3000': [20000, 3000],
        '20000+30000': [20000, 30000], '4000x3': [4000] * 3, '4000x25': [4000] * 25,
        'uneven': [1, 8191, 2, 9000, 100, 30000, 7],
    }
    for name, sizes in splits.items():
        bounds, total = [], 0
        for size in sizes:
            total += size
            bounds.append(total)
        case = ' '.join(f"WHEN number < {b} THEN {k}" for k, b in enumerate(bounds))
        for level in [0.5, 0.95, 0.99]:
            r = query(f"SELECT quantileMerge({level})(s) FROM (SELECT k, quantileState(0.95)({VALUE}) AS s FROM "
                      f"(SELECT CASE {case} ELSE 99 END AS k, number FROM numbers({total})) GROUP BY k ORDER BY k) "
                      f"SETTINGS max_threads = 1").strip()
            lines.append(f"merged\t{name}\t{'+'.join(map(str, sizes))}\t{level}\t{r}")
    # Serialized states, byte for byte.
    for n in [0, 3, 8200]:
        r = query(f"SELECT hex(quantileState(0.5)({VALUE})) FROM numbers({n}) SETTINGS max_threads = 1").strip()
        lines.append(f"state\tquantile\t{n}\t\t{r}")
    for function in ['avg', 'sum', 'max', 'min', 'quantileExact']:
        call = 'quantileExactState(0.5)' if function == 'quantileExact' else function + 'State'
        for n in [0, 3]:
            r = query(f"SELECT hex({call}({VALUE})) FROM numbers({n}) SETTINGS max_threads = 1").strip()
            lines.append(f"state\t{function}\t{n}\t\t{r}")
    r = query("SELECT hex(countState()) FROM numbers(300)").strip()
    lines.append(f"state\tcount\t300\t\t{r}")
    return '\n'.join(lines) + '\n'


# ---------------------------------------------------------------------------------------------
# The corrected schema and its views on a generated dataset.

import random, re, struct, uuid

SCHEMA = os.path.join(HERE, '..', '..', 'schema', 'init.sql')
START = '2026-10-31 20:00:00'  # eight hours across the October/November boundary


def f32(x):
    """The shortest text of the Float32 nearest to x: parsed the same by ClickHouse and Swift."""
    value = struct.unpack('f', struct.pack('f', x))[0]
    return repr(value)


def dataset():
    """{table: [insert rows (TSV lines)]}, seeded; every (hour, group) stays under 8192 values so
    the answers do not depend on how merges are grouped."""
    rnd = random.Random(2026)
    customers = ['123e4567-e89b-12d3-a456-426614174000', 'a0000000-0000-0000-0000-000000000001',
                 '00000000-0000-0001-ffff-000000000000']
    services = [(c, str(uuid.UUID(int=rnd.getrandbits(128), version=4)), t, m)
                for c in customers for t, m in [('vllm', 'llama-2-70b'), ('tgi', 'gpt-4')]]
    instances = [(c, f'i-{k}{n}', t, p, svc) for k, c in enumerate(customers)
                 for n, (t, p, svc) in enumerate([('p4d.24xlarge', 'aws', 'ec2'), ('n1-standard-4', 'gcp', 'compute-engine')])]
    base = 1793476800  # 2026-10-31 20:00:00 UTC
    def ts():
        return base + rnd.randrange(8 * 3600)
    def fmt(t):
        return query(f"SELECT toDateTime({t}, 'UTC')").strip()
    data = {'performance_metrics_ts': [], 'quality_metrics_ts': [], 'resource_metrics_ts': [], 'cost_metrics_ts': []}
    for insert in range(12):
        rows = []
        for _ in range(rnd.randrange(200, 700)):
            c, s, t, m = rnd.choice(services)
            rows.append((ts(), [c, s, t, m, str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                         f32(rnd.lognormvariate(5.5, 0.6)), f32(rnd.uniform(20, 120)), f32(rnd.uniform(0, 100)),
                         f32(rnd.random()), str(rnd.randrange(1, 64)), str(rnd.randrange(10, 4000)),
                         str(rnd.randrange(1, 2000)), '0']))
        data['performance_metrics_ts'].append(rows)
        rows = []
        for _ in range(rnd.randrange(50, 200)):
            c, s, t, m = rnd.choice(services)
            rows.append((ts(), [c, s, str(uuid.UUID(int=rnd.getrandbits(128), version=4)), m,
                         f32(rnd.random()), f32(rnd.random()), f32(rnd.random()), str(int(rnd.random() < 0.1)),
                         f32(rnd.random()), f32(rnd.random()), f'{rnd.randrange(512):x}', str(rnd.randrange(50, 900))]))
        data['quality_metrics_ts'].append(rows)
        rows = []
        for _ in range(rnd.randrange(100, 300)):
            c, i, t, p, svc = rnd.choice(instances)
            rows.append((ts(), [c, i, t, str(rnd.randrange(8)), f32(rnd.uniform(0, 100)), f32(rnd.uniform(0, 80000)),
                         '81920', f32(rnd.uniform(30, 85)), f32(rnd.uniform(0, 100)), f32(rnd.uniform(1, 500)), '1024',
                         f32(rnd.uniform(0, 900)), f32(rnd.uniform(0, 900))]))
        data['resource_metrics_ts'].append(rows)
        rows = []
        for _ in range(rnd.randrange(5, 20)):
            c, i, t, p, svc = rnd.choice(instances)
            rows.append((ts(), [c, p, svc, i, t, 'us-east-1', repr(round(rnd.uniform(0.1, 40), 4)), f32(rnd.uniform(0, 100)),
                         str(rnd.randrange(2)), str(rnd.randrange(2))]))
        data['cost_metrics_ts'].append(rows)
    times = sorted({t for inserts in data.values() for rows in inserts for t, _ in rows})
    text = dict(zip(times, query("SELECT arrayJoin([" + ','.join(map(str, times)) + "]) AS t, toDateTime(t, 'UTC') FORMAT TSV").split('\n')))
    names = {t: line.split('\t')[1] for t, line in ((t, text[t]) for t in times)}
    return {table: [[names[t] + '\t' + '\t'.join(fields) for t, fields in rows] for rows in inserts] for table, inserts in data.items()}


# The corrected dashboard queries: name → SQL. Swift builds the same queries in ViewReferenceTests.
CUSTOMER = '123e4567-e89b-12d3-a456-426614174000'
RANGE = "hour >= '2026-10-31 21:00:00' AND hour < '2026-11-01 03:00:00'"
VIEW_QUERIES = {
    'cost_hourly': f"SELECT hour, cloud_provider, service_name, sum(total_cost), sum(utilization_sum), sum(sample_count) "
                   f"FROM optiinfra.cost_metrics_hourly_mv WHERE customer_id = '{CUSTOMER}' AND {RANGE} "
                   f"GROUP BY hour, cloud_provider, service_name ORDER BY hour, cloud_provider, service_name",
    'performance_range': "SELECT customer_id, service_id, avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), "
                         "quantileMerge(0.99)(p99_latency), avgMerge(avg_throughput), countMerge(request_count) "
                         f"FROM optiinfra.performance_metrics_hourly_mv WHERE {RANGE} GROUP BY customer_id, service_id "
                         "ORDER BY customer_id, service_id",
    'performance_hourly': "SELECT hour, customer_id, service_id, service_type, avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), "
                          "quantileMerge(0.99)(p99_latency), avgMerge(avg_throughput), avgMerge(avg_gpu_util), countMerge(request_count) "
                          "FROM optiinfra.performance_metrics_hourly_mv GROUP BY hour, customer_id, service_id, service_type "
                          "ORDER BY hour, customer_id, service_id, service_type",
    'performance_p95': "SELECT avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), quantileMerge(0.99)(p99_latency), "
                       "avgMerge(avg_throughput), countMerge(request_count) FROM optiinfra.performance_metrics_hourly_mv "
                       f"WHERE customer_id = '{CUSTOMER}' AND {RANGE}",
    'performance_empty': "SELECT avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), quantileMerge(0.99)(p99_latency), "
                         "avgMerge(avg_throughput), countMerge(request_count) FROM optiinfra.performance_metrics_hourly_mv "
                         "WHERE hour >= '2030-01-01 00:00:00'",
    'resource_range': "SELECT customer_id, instance_id, avgMerge(avg_gpu_util), maxMerge(max_gpu_util), avgMerge(avg_gpu_memory), "
                      "avgMerge(avg_cpu_util), countMerge(sample_count) FROM optiinfra.resource_metrics_hourly_mv "
                      f"WHERE {RANGE} GROUP BY customer_id, instance_id ORDER BY customer_id, instance_id",
    'quality_hourly': "SELECT hour, customer_id, service_id, avgMerge(avg_quality), avgMerge(avg_relevance), avgMerge(avg_coherence), "
                      "avgMerge(avg_factuality), sumMerge(hallucination_count), countMerge(request_count) "
                      "FROM optiinfra.quality_metrics_hourly_mv GROUP BY hour, customer_id, service_id ORDER BY hour, customer_id, service_id",
}


def views():
    data = dataset()
    statements = [x.strip() for x in re.sub(r'--[^\n]*', '', open(SCHEMA).read()).split(';') if x.strip()]
    for statement in statements:
        query(statement)
    query("SYSTEM STOP MERGES")
    for table, inserts in data.items():
        for rows in inserts:
            SESSION.query(f"INSERT INTO optiinfra.{table} FORMAT TSV\n" + '\n'.join(rows) + '\n')
    out = []
    for name, sql in VIEW_QUERIES.items():
        out.append(f"## query {name}")
        out.append(sql)
    for stage in ['inserted', 'optimized']:
        if stage == 'optimized':
            query("SYSTEM START MERGES")
            for view in ['cost', 'performance', 'resource', 'quality']:
                query(f"OPTIMIZE TABLE optiinfra.{view}_metrics_hourly_mv FINAL")
        for name, sql in VIEW_QUERIES.items():
            out.append(f"## {stage} {name}")
            out.append(query(sql + " SETTINGS max_threads = 1").rstrip('\n'))
    for table, inserts in data.items():
        out.append(f"## data {table}")
        for number, rows in enumerate(inserts):
            out.extend(f"{number}\t{row}" for row in rows)
    return '\n'.join(out) + '\n'


REFERENCES = {'quantile.tsv': quantiles, 'views.tsv': views}


def main():
    check = '--check' in sys.argv
    drift = []
    for name, make in REFERENCES.items():
        text = make()
        path = os.path.join(OUT, name)
        if check:
            with open(path, newline='') as f:
                if f.read() != text:
                    drift.append(name)
        else:
            with open(path, 'w', newline='') as f:
                f.write(text)
    if drift:
        print('references differ from ClickHouse ' + chdb.__version__ + ': ' + ', '.join(drift))
        sys.exit(1)
    print(('checked ' if check else 'wrote ') + ', '.join(REFERENCES) + ' against ClickHouse (chdb ' + chdb.__version__ + ')')


if __name__ == '__main__':
    main()
