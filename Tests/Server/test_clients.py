#!/usr/bin/env python3
"""Black-box tests of `edgehouse server` with real ClickHouse clients.

Starts the server on free loopback ports over a fresh store with schema/init.sql, then drives it
with the seed's own client (client.py, unchanged but for the driver workaround its README section
needs), clickhouse-driver directly, clickhouse-client 18.16 and HTTP. Where a real ClickHouse
18.16 server is running (--clickhouse-native-port, as scripts/test starts one), the seed client's
answers are compared with its answers on the same rows: the same values, or the same error codes.

    python3 Tests/Server/test_clients.py --edgehouse .build/debug/edgehouse [--clickhouse-native-port 28124]

Exits non-zero on the first failed check.
"""
import argparse
import datetime
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import logging

import clickhouse_driver.connection
from clickhouse_driver import Client
from clickhouse_driver.errors import ServerException

# client.py reads `connection.host` before it ever connects; clickhouse-driver 0.2.6 sets the
# attribute only on connect (shared/reference/clickhouse-protocols.md §11). This is the one-line
# workaround; the seed client itself is unchanged.
clickhouse_driver.connection.Connection.host = None
# The writers of the kill test see their connection reset; the driver would log each one.
logging.getLogger("clickhouse_driver").setLevel(logging.CRITICAL)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import seed_client  # noqa: E402

CUSTOMER = "123e4567-e89b-12d3-a456-426614174000"
SERVICE = "223e4567-e89b-12d3-a456-426614174000"
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        print(f"FAIL: {message}", file=sys.stderr)
        sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EdgeHouseServer:
    """An `edgehouse server` process on free ports over `path`."""

    def __init__(self, binary, path, extra=()):
        self.binary, self.path, self.extra = binary, path, list(extra)
        self.process = None

    def start(self):
        self.tcp, self.http = free_port(), free_port()
        self.process = subprocess.Popen(
            [self.binary, "server", "--path", self.path, "--tcp-port", str(self.tcp), "--http-port", str(self.http),
             "--init-sql", os.path.join(ROOT, "schema/init.sql"), "--log-level", "warning"] + self.extra,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.http), timeout=1):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("server exited: " + self.process.stderr.read())
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def stop(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)
        code = self.process.wait(timeout=60)
        return code


def http(server, query=None, body=None, method=None, headers=None, **params):
    if query is not None:
        params["query"] = query
    url = f"http://127.0.0.1:{server.http}/?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, data=body, method=method or ("POST" if body is not None else "GET"), headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# ----- data ------------------------------------------------------------------------------------

def seed_rows(now):
    """A few rows per table within the last two hours (the seed queries look back 24 hours)."""
    rng = random.Random(7)
    start = now.replace(minute=0, second=0) - datetime.timedelta(hours=1)
    cost = [{"timestamp": start + datetime.timedelta(minutes=7 * i), "customer_id": uuid.UUID(CUSTOMER),
             "cloud_provider": ["aws", "gcp"][i % 2], "service_name": "inference", "instance_id": f"i-{i % 3}",
             "instance_type": "g5.xlarge", "region": "us-east-1", "cost_per_hour": round(rng.uniform(0.5, 4), 4),
             "utilization_percent": float(rng.randint(10, 95)), "is_spot": i % 2, "is_reserved": 0} for i in range(12)]
    perf = [{"timestamp": start + datetime.timedelta(minutes=3 * i), "customer_id": uuid.UUID(CUSTOMER),
             "service_id": uuid.UUID(SERVICE), "service_type": "llm", "model_name": "llama", "request_id": uuid.UUID(int=i + 1),
             "latency_ms": float(100 + 7 * i), "throughput_tokens_per_sec": float(50 + i), "gpu_utilization": 70.0,
             "kv_cache_utilization": 0.5, "batch_size": 4, "prompt_tokens": 10 + i, "completion_tokens": 20, "total_tokens": 30 + i}
            for i in range(30)]
    resource = [{"timestamp": start + datetime.timedelta(minutes=5 * i), "customer_id": uuid.UUID(CUSTOMER), "instance_id": "i-1",
                 "instance_type": "g5.xlarge", "gpu_index": 0, "gpu_utilization": 60 + i * 0.25, "gpu_memory_used_mb": 1000.0 + i,
                 "gpu_memory_total_mb": 24000.0, "gpu_temperature": 60.0, "cpu_utilization": 30.0 + i, "memory_used_gb": 10.0,
                 "memory_total_gb": 64.0, "network_rx_mbps": 1.0, "network_tx_mbps": 2.0} for i in range(15)]
    quality = [{"timestamp": start + datetime.timedelta(minutes=4 * i), "customer_id": uuid.UUID(CUSTOMER),
                "service_id": uuid.UUID(SERVICE), "request_id": uuid.UUID(int=100 + i), "model_name": "llama",
                "relevance_score": 0.5 + i / 100, "coherence_score": 0.8, "factuality_score": 0.7, "hallucination_detected": i % 3 == 0,
                "toxicity_score": 0.0, "overall_quality_score": 0.85, "prompt_hash": "abc", "latency_ms": 120 + i} for i in range(20)]
    return cost, perf, resource, quality


def seed_client_answers(port, now):
    """Runs the seed client's four inserts and four queries; each query's answer or error code."""
    os.environ["CLICKHOUSE_HOST"], os.environ["CLICKHOUSE_PORT"] = "127.0.0.1", str(port)
    client = seed_client.ClickHouseClient()
    check(client.ping(), f"seed client ping on port {port}")
    cost, perf, resource, quality = seed_rows(now)
    check(client.insert_cost_metrics(cost) == len(cost), "insert_cost_metrics")
    check(client.insert_performance_metrics(perf) == len(perf), "insert_performance_metrics")
    check(client.insert_resource_metrics(resource) == len(resource), "insert_resource_metrics")
    check(client.insert_quality_metrics(quality) == len(quality), "insert_quality_metrics")
    answers = {}
    for name, call in [("query_cost_hourly", lambda: client.query_cost_hourly(CUSTOMER, now - datetime.timedelta(days=1), now + datetime.timedelta(days=1))),
                       ("query_performance_p95", lambda: client.query_performance_p95(CUSTOMER, SERVICE)),
                       ("query_resource_utilization", lambda: client.query_resource_utilization(CUSTOMER, "i-1")),
                       ("query_quality_trends", lambda: client.query_quality_trends(CUSTOMER, SERVICE))]:
        try:
            answers[name] = ("rows", normalize(call()))
        except ServerException as error:
            answers[name] = ("error", error.code)
    return answers


def normalize(value):
    """Datetimes without their zone (18.16 types `hour` as DateTime('Etc/UTC')), floats as is."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


# ----- scenarios -------------------------------------------------------------------------------

def test_seed_client(server, clickhouse_port):
    now = datetime.datetime.now().replace(microsecond=0)
    ours = seed_client_answers(server.tcp, now)
    # What ClickHouse (18.16 and 26.9 alike) answers for the project's schema
    # (clickhouse-protocols.md §11): three of the seed's queries fail, one answers.
    check(ours["query_cost_hourly"] == ("error", 47), f"query_cost_hourly: {ours['query_cost_hourly']}")
    check(ours["query_performance_p95"] == ("error", 43), f"query_performance_p95: {ours['query_performance_p95']}")
    check(ours["query_quality_trends"] == ("error", 43), f"query_quality_trends: {ours['query_quality_trends']}")
    kind, answer = ours["query_resource_utilization"]
    check(kind == "rows" and answer["max_gpu_utilization"] == 63.5 and answer["avg_cpu_utilization"] == 37.0,
          f"query_resource_utilization: {answer}")
    if clickhouse_port:
        subprocess.run(["clickhouse-client", "--port", str(clickhouse_port), "--query", "DROP DATABASE IF EXISTS optiinfra"], check=True)
        schema = "".join(line for line in open(os.path.join(ROOT, "schema/init.sql")) if not line.startswith("TTL "))
        subprocess.run(["clickhouse-client", "--port", str(clickhouse_port), "--multiquery"], input=schema, text=True, check=True)
        theirs = seed_client_answers(clickhouse_port, now)
        for name in ours:
            check(ours[name] == theirs[name], f"{name}: EdgeHouse {ours[name]} vs ClickHouse 18.16 {theirs[name]}")
        print(f"seed client: the same answers and error codes as ClickHouse 18.16 for all four queries")


def test_driver(server):
    client = Client("127.0.0.1", port=server.tcp, database="optiinfra")
    check(client.execute("SELECT 1") == [(1,)], "SELECT 1")
    # Every column type the store has, written and read back by the driver.
    types = ["UInt8", "UInt32", "UInt64", "Int64", "Float32", "Float64", "DateTime", "Date", "UUID", "String", "Array(Float64)",
             "Int8", "Int16", "Int32", "UInt16", "Nullable(UInt32)", "Nullable(String)", "Array(String)", "Array(Nullable(Int32))",
             "Tuple(UInt32, String)"]
    client.execute("CREATE TABLE every_type (" + ", ".join(f"c{i} {t}" for i, t in enumerate(types)) +
                   ") ENGINE = MergeTree ORDER BY c0")
    row = (200, 4000000000, 18446744073709551615, -5, 0.10000000149011612, 0.1, datetime.datetime(2026, 12, 4, 10, 5, 7),
           datetime.date(2026, 12, 4), uuid.UUID(CUSTOMER), "hé0\t\n", [0.0, 1.5],
           -128, -32768, -2147483648, 65535, None, "ß", ["a", "", "c\td"], [None, -7], (7, "t"))
    other = row[:15] + (4000000000, None, [], [], (0, ""))
    client.execute("INSERT INTO every_type VALUES", [row, other])
    rows, columns = client.execute("SELECT * FROM every_type ORDER BY c15", with_column_types=True)
    check([t for _, t in columns] == types, f"types {columns}")
    check(rows == [other, row], f"values {rows}")
    rows = client.execute("SELECT quantiles(0.5, 0.9)(latency_ms) FROM performance_metrics_ts")
    check(isinstance(rows[0][0], list) and len(rows[0][0]) == 2, f"Array(Float64) result {rows}")
    # Errors with ClickHouse's codes; the driver reconnects after each.
    for sql, code in [("SELECT * FROM nope", 60), ("SELEC 1", 62), ("SELECT nope FROM cost_metrics_ts", 47), ("SELECT 1; SELECT 2", 62)]:
        try:
            client.execute(sql)
            check(False, f"{sql} should fail")
        except ServerException as error:
            check(error.code == code, f"{sql}: code {error.code}, expected {code}")
    try:
        client.execute("INSERT INTO cost_metrics_ts (nope) VALUES", [{"nope": 1}])
        check(False, "unknown insert column should fail")
    except ServerException as error:
        check(error.code == 16, f"unknown insert column: code {error.code}")
    # 100,000-row inserts, uncompressed and LZ4-compressed (CityHash128 v1.0.2 checksums).
    before = client.execute("SELECT count() FROM cost_metrics_ts")[0][0]
    expected_sum = sum(i / 8 for i in range(100_000))
    for round_number, compression in enumerate((False, True), start=1):
        c = Client("127.0.0.1", port=server.tcp, database="optiinfra", compression=compression)
        base = datetime.datetime(2026, 11, 20)
        c.execute("INSERT INTO cost_metrics_ts (timestamp, customer_id, cost_per_hour, region) VALUES",
                  [{"timestamp": base + datetime.timedelta(seconds=i), "customer_id": uuid.UUID(int=i % 50), "cost_per_hour": i / 8,
                    "region": f"r{i % 7}"} for i in range(100_000)])
        got = c.execute("SELECT count(), sum(cost_per_hour) FROM cost_metrics_ts WHERE timestamp >= '2026-11-20 00:00:00' AND timestamp < '2026-11-22 00:00:00'")
        check(got == [(100_000 * round_number, expected_sum * round_number)], f"100k insert (compression={compression}): {got}")
        result = c.execute("SELECT timestamp, cost_per_hour FROM cost_metrics_ts WHERE timestamp >= '2026-11-20 00:00:00' ORDER BY timestamp LIMIT 200000")
        check(len(result) >= 100_000, f"100k rows back (compression={compression}): {len(result)}")
    after = client.execute("SELECT count() FROM cost_metrics_ts")[0][0]
    check(after == before + 200_000, f"count after two 100k inserts: {before} -> {after}")
    # The view saw every row exactly once.
    view = client.execute("SELECT sum(sample_count) FROM cost_metrics_hourly_mv")
    check(view[0][0] == after, f"view count {view} vs raw {after}")


def test_cancel(server):
    """A Cancel during a large SELECT stops it: the result ends early with EndOfStream, and the
    connection answers its next query. (The result, ~30 MB, is far larger than what the server
    may have in flight: its result pipe and the sockets' buffers.)"""
    rows = 400_000
    status, _, body = http(server, body=b"CREATE TABLE default.cancel_test (k UInt64, s String, x Float64) ENGINE = MergeTree ORDER BY k")
    check(status == 200, f"table for the cancel test: {status} {body[:200]}")
    tsv = "".join(f"{i}\t{uuid.UUID(int=i)}-{i % 977}\t{i / 7}\n" for i in range(rows)).encode()
    status, _, body = http(server, "INSERT INTO default.cancel_test FORMAT TSV", body=tsv)
    check(status == 200, f"rows for the cancel test: {status} {body[:200]}")
    c = Client("127.0.0.1", port=server.tcp)
    c.connection.force_connect()
    c.connection.send_query("SELECT * FROM default.cancel_test")
    c.connection.send_external_tables([])
    received, packet_types = 0, []
    while True:
        packet = c.connection.receive_packet()
        packet_types.append(packet.type)
        if packet.type == 1 and packet.block is not None:  # Data
            received += packet.block.num_rows
            if len(packet_types) == 3:
                c.connection.send_cancel()
        if packet.type in (2, 5):  # Exception, EndOfStream
            break
    check(packet_types[-1] == 5 and 0 < received < rows, f"cancelled SELECT: {received} of {rows} rows, packets {packet_types[-5:]}")
    check(c.execute("SELECT 7") == [(7,)], "the connection answers after a Cancel")


def test_send_timeout(server):
    """Clients that stop reading a large result have their connections closed after the send
    timeout (the server runs with --send-timeout 5), freeing the engine threads that compute
    them; while both queries run, a third is refused with code 202 (--max-concurrent-queries 2),
    and once they are closed the server takes queries again."""
    stalled = []
    for _ in range(2):
        c = Client("127.0.0.1", port=server.tcp)
        c.connection.force_connect()
        c.connection.send_query("SELECT * FROM default.cancel_test")
        c.connection.send_external_tables([])
        stalled.append(c)
    time.sleep(1)
    try:
        Client("127.0.0.1", port=server.tcp).execute("SELECT 3")
        check(False, "a third simultaneous query should be refused")
    except ServerException as error:
        check(error.code == 202, f"a third simultaneous query: code {error.code}")
    status, headers, _ = http(server, "SELECT 3")
    check(headers.get("X-ClickHouse-Exception-Code") == "202", f"a third simultaneous query over HTTP: {status} {headers}")
    time.sleep(8)
    check(Client("127.0.0.1", port=server.tcp).execute("SELECT 3") == [(3,)], "queries are taken again once the stalled ones are closed")
    for c in stalled:
        ended = None
        try:
            while ended is None:
                packet = c.connection.receive_packet()
                if packet.type in (2, 5):
                    ended = packet.type
        except Exception:  # the stream ends in the middle of a packet: the server closed it
            ended = "closed"
        check(ended == "closed", f"a client that stopped reading: {ended} (expected the connection closed)")

def test_auth(binary, tmp):
    server = EdgeHouseServer(binary, os.path.join(tmp, "auth"), ["--user", "secured", "--password", "s3cret"]).start()
    try:
        for user, password in [("secured", "wrong"), ("nosuchuser", "s3cret"), ("secured", "")]:
            try:
                Client("127.0.0.1", port=server.tcp, user=user, password=password).execute("SELECT 1")
                check(False, f"{user}/{password} should be refused")
            except ServerException as error:
                check(error.code == 516, f"native auth {user}: code {error.code}")
        check(Client("127.0.0.1", port=server.tcp, user="secured", password="s3cret").execute("SELECT 1") == [(1,)], "right password")
        status, headers, body = http(server, "SELECT 1", user="secured", password="wrong")
        check(status == 403 and headers.get("X-ClickHouse-Exception-Code") == "516", f"HTTP wrong password: {status} {headers}")
        status, _, body = http(server, "SELECT 1", headers={"X-ClickHouse-User": "secured", "X-ClickHouse-Key": "s3cret"})
        check(status == 200 and body == b"1\n", f"HTTP header credentials: {status} {body}")
        import base64
        status, _, body = http(server, "SELECT 1", headers={"Authorization": "Basic " + base64.b64encode(b"secured:s3cret").decode()})
        check(status == 200 and body == b"1\n", f"HTTP basic auth: {status} {body}")
    finally:
        server.stop()


def test_clickhouse_client(server):
    def run(args, stdin=None):
        return subprocess.run(["clickhouse-client", "--port", str(server.tcp)] + args, input=stdin, capture_output=True, text=True)
    for compression in ("1", "0"):
        tsv = "".join(f"2026-11-25 {h:02d}:00:00\t{CUSTOMER}\taws\tsvc\ti-9\tg5\teu-{compression}\t1.25\t50\t0\t1\n" for h in range(24))
        done = run(["--compression", compression, "--query", "INSERT INTO optiinfra.cost_metrics_ts FORMAT TSV"], tsv)
        check(done.returncode == 0, f"clickhouse-client INSERT FORMAT TSV (compression {compression}): {done.stderr}")
        done = run(["--compression", compression, "--query", f"SELECT count(), sum(cost_per_hour) FROM optiinfra.cost_metrics_ts WHERE region = 'eu-{compression}'"])
        check(done.stdout == "24\t30\n", f"clickhouse-client SELECT (compression {compression}): {done.stdout!r} {done.stderr}")
        # WITH TOTALS: a Totals packet after the rows (clickhouse-client prints it after a blank line).
        totals = f"SELECT region, count() FROM optiinfra.cost_metrics_ts WHERE region = 'eu-{compression}' GROUP BY region WITH TOTALS"
        done = run(["--compression", compression, "--query", totals])
        check(done.stdout == f"eu-{compression}\t24\n\n\t24\n", f"clickhouse-client WITH TOTALS (compression {compression}): {done.stdout!r} {done.stderr}")
        status, _, body = http(server, query=totals)
        check(status == 200 and body.decode() == f"eu-{compression}\t24\n\n\t24\n", f"HTTP WITH TOTALS: {status} {body!r}")
        rows = Client("127.0.0.1", port=server.tcp, compression=compression == "1").execute(totals)
        check(rows == [(f"eu-{compression}", 24), ("", 24)], f"clickhouse-driver WITH TOTALS (compression {compression}): {rows}")
    done = run(["--query", "SELECT * FROM optiinfra.nope"])
    check(done.returncode == 60 and "Code: 60" in done.stderr, f"clickhouse-client error: {done.returncode} {done.stderr}")
    # The schema through clickhouse-client --multiquery (TTL removed: 18.16's own parser refuses it).
    schema = "".join(line for line in open(os.path.join(ROOT, "schema/init.sql")) if not line.startswith("TTL "))
    done = run(["--multiquery"], schema.replace("optiinfra", "optiinfra_copy"))
    check(done.returncode == 0, f"clickhouse-client --multiquery < init.sql: {done.stderr}")
    done = run(["--query", "SHOW TABLES FROM optiinfra_copy"])
    names = [name for name in done.stdout.split() if not name.startswith(".inner")]
    check(len(names) == 8, f"tables and views created through clickhouse-client: {done.stdout!r}")


def test_http(server):
    with urllib.request.urlopen(f"http://127.0.0.1:{server.http}/ping") as response:
        check(response.read() == b"Ok.\n", "ping")
    status, headers, body = http(server, "SELECT 1 AS x, 'b' AS y")
    check(status == 200 and body == b"1\tb\n", f"GET TSV: {status} {body}")
    check(headers.get("X-ClickHouse-Format") == "TabSeparated" and "X-ClickHouse-Query-Id" in headers, f"headers {headers}")
    status, headers, body = http(server, "SELECT count() AS c FROM optiinfra.cost_metrics_ts WHERE region = 'none' FORMAT JSONEachRow")
    check(status == 200 and body == b'{"c":0}\n' and headers.get("X-ClickHouse-Format") == "JSONEachRow", f"JSONEachRow: {body}")
    status, _, body = http(server, body=b"SELECT 2", method="POST")
    check(body == b"2\n", f"SQL in the body: {body}")
    status, _, body = http(server, "SELECT ", body=b"3")
    check(body == b"3\n", f"query parameter joined with the body: {body}")
    tsv = "".join(f"2026-11-26 {h:02d}:00:00\t{CUSTOMER}\taws\tsvc\ti-9\tg5\thttp\t2\t50\t0\t1\n" for h in range(24)).encode()
    status, _, body = http(server, "INSERT INTO optiinfra.cost_metrics_ts FORMAT TSV", body=tsv)
    check(status == 200 and body == b"", f"INSERT TSV: {status} {body}")
    status, _, body = http(server, body=b"INSERT INTO optiinfra.cost_metrics_ts FORMAT TSV\n" + tsv)
    check(status == 200, f"INSERT TSV with the statement in the body: {status} {body}")
    status, _, body = http(server, "SELECT count() FROM cost_metrics_ts WHERE region = 'http'", database="optiinfra")
    check(body == b"48\n", f"rows inserted over HTTP: {body}")
    status, _, body = http(server, "INSERT INTO optiinfra.cost_metrics_ts FORMAT TSV")  # GET: read-only
    check(status == 500 and b"Code: 164" in body, f"GET INSERT: {status} {body}")
    status, headers, body = http(server, "SELECT * FROM optiinfra.nope")
    check(status == 404 and headers.get("X-ClickHouse-Exception-Code") == "60" and body.startswith(b"Code: 60. DB::Exception:"),
          f"unknown table: {status} {headers} {body}")
    status, headers, body = http(server, "SELEC 1")
    check(status == 400 and headers.get("X-ClickHouse-Exception-Code") == "62", f"syntax error: {status} {body}")
    status, headers, body = http(server, "SELECT 1", no_such_setting="1")
    check(status == 404 and headers.get("X-ClickHouse-Exception-Code") == "115", f"unknown setting: {status} {body}")
    status, _, body = http(server, "SELECT 1", max_threads="1")
    check(status == 200, f"known setting accepted: {status} {body}")
    # A bad row anywhere stores nothing.
    bad = tsv + b"2026-11-26 00:00:00\tnot-a-uuid\taws\tsvc\ti-9\tg5\thttp\t2\t50\t0\t1\n"
    status, headers, body = http(server, "INSERT INTO optiinfra.cost_metrics_ts FORMAT TSV", body=bad)
    check(status == 400 and headers.get("X-ClickHouse-Exception-Code") == "376", f"bad row: {status} {body}")
    status, _, body = http(server, "SELECT count() FROM optiinfra.cost_metrics_ts WHERE region = 'http'")
    check(body == b"48\n", f"nothing of the failed insert stored: {body}")
    # Sessions keep USE.
    session = str(uuid.uuid4())
    http(server, "USE optiinfra", body=b"", session_id=session)
    status, _, body = http(server, "SELECT count() FROM cost_metrics_ts WHERE region = 'http'", session_id=session)
    check(body == b"48\n", f"session database: {status} {body}")

def chdb_with_schema():
    """ClickHouse 26.9 in-process (chdb) with schema/init.sql: the reference for answers."""
    import re
    from chdb import session
    reference = session.Session(tempfile.mkdtemp(prefix="edgehouse-chdb-"))
    text = re.sub(r"--[^\n]*", "", open(os.path.join(ROOT, "schema/init.sql")).read())
    for statement in (s.strip() for s in text.split(";")):
        if statement:
            reference.query(statement)
    return reference


def test_clickhouse_connect(server):
    """clickhouse-connect (HTTP, Native format, LZ4-framed INSERT bodies): its start-up queries,
    inserts of every table, queries, parameters and errors; the answers compared with ClickHouse
    26.9's (chdb) on the same rows."""
    import clickhouse_connect
    from clickhouse_connect.driver.exceptions import DatabaseError
    now = datetime.datetime(2026, 11, 26, 12, 30)
    tables = dict(zip(["cost_metrics_ts", "performance_metrics_ts", "resource_metrics_ts", "quality_metrics_ts"], seed_rows(now)))
    reference = chdb_with_schema()
    for compress in ["lz4", "zstd", False]:
        client = clickhouse_connect.get_client(host="127.0.0.1", port=server.http, database="optiinfra", compress=compress)
        check(client.server_version == "26.9.2.1", f"clickhouse-connect server version {client.server_version}")
        for row in tables["cost_metrics_ts"]:
            row["service_name"] = f"connect-{compress}"
        for table, rows in tables.items():
            columns = list(rows[0].keys())
            values = [[row[c] for c in columns] for row in rows]
            before = client.command(f"SELECT count() FROM {table}")
            client.insert(table, values, column_names=columns)
            check(client.command(f"SELECT count() FROM {table}") == before + len(rows), f"clickhouse-connect insert into {table} ({compress})")
        result = client.query(f"SELECT * FROM cost_metrics_ts WHERE service_name = 'connect-{compress}' ORDER BY timestamp LIMIT 3")
        expected = [tuple(row.values()) for row in sorted(tables["cost_metrics_ts"], key=lambda r: r["timestamp"])[:3]]
        got = [tuple(int(v) if isinstance(v, bool) else v for v in row) for row in result.result_rows]
        check(got == expected, f"clickhouse-connect rows back ({compress}): {got[:1]} vs {expected[:1]}")
        check(client.query("SELECT {n:UInt32} + 1 AS x, {s:String} AS s", parameters={"n": 41, "s": "é"}).result_rows == [(42, "é")],
              f"clickhouse-connect parameters ({compress})")
        try:
            client.query("SELECT * FROM nope")
            check(False, "clickhouse-connect: unknown table should fail")
        except DatabaseError as error:
            check("code: 60" in str(error), f"clickhouse-connect error: {error}")
    # The same rows in ClickHouse 26.9, three times over as above: the answers must be equal.
    for table in tables:
        _, _, tsv = http(server, f"SELECT * FROM optiinfra.{table} FORMAT TSV")
        reference.query(f"INSERT INTO optiinfra.{table} FORMAT TSV\n" + tsv.decode())
    for sql in ["DESCRIBE TABLE optiinfra.performance_metrics_ts",
                "SELECT * FROM optiinfra.quality_metrics_ts ORDER BY timestamp, request_id",
                "SELECT hour, customer_id, service_id, avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), countMerge(request_count)"
                " FROM optiinfra.performance_metrics_hourly_mv GROUP BY hour, customer_id, service_id ORDER BY hour",
                "SELECT hour, sum(total_cost), sum(sample_count) FROM optiinfra.cost_metrics_hourly_mv GROUP BY hour ORDER BY hour",
                "SELECT name, type FROM system.settings WHERE name IN ('max_block_size', 'readonly', 'send_progress_in_http_headers',"
                " 'date_time_input_format', 'load_balancing', 'max_threads') ORDER BY name",
                "SELECT * FROM system.one", "EXISTS TABLE optiinfra.cost_metrics_ts", "EXISTS optiinfra.nope", "SELECT currentUser()"]:
        _, _, ours = http(server, sql + " FORMAT TSVWithNamesAndTypes")
        theirs = reference.query(sql, "TSVWithNamesAndTypes").bytes()
        check(ours == theirs, f"{sql}:\nEdgeHouse {ours[:300]!r}\nClickHouse 26.9 {theirs[:300]!r}")


def test_http_compression(server):
    """Response bodies in the encoding the client accepts (ClickHouse's preference: zstd, lz4,
    gzip, deflate), errors too; request bodies in zstd and lz4 frames, gzip and zlib."""
    import gzip
    import zlib
    import lz4.frame
    import zstandard
    decoders = {"gzip": gzip.decompress, "deflate": zlib.decompress, "zstd": lambda data: zstandard.ZstdDecompressor().decompressobj().decompress(data),
                "lz4": lz4.frame.decompress}
    for accept, encoding in [("gzip", "gzip"), ("deflate", "deflate"), ("zstd", "zstd"), ("lz4", "lz4"),
                             ("gzip, deflate", "gzip"), ("lz4,zstd,gzip,deflate", "zstd"), ("deflate, gzip, br, zstd", "zstd"),
                             ("br", None), ("identity", None)]:
        status, headers, body = http(server, "SELECT 'compressed' AS x", headers={"Accept-Encoding": accept})
        check(headers.get("Content-Encoding") == encoding, f"Accept-Encoding {accept}: Content-Encoding {headers.get('Content-Encoding')}")
        plain = decoders[encoding](body) if encoding else body
        check(status == 200 and plain == b"compressed\n", f"{accept}: {status} {body!r}")
    # A large result streams (chunked, in pieces as the scan reads them), in any encoding, and
    # holds what the whole response (wait_end_of_query=1) holds.
    sql = "SELECT * FROM optiinfra.cost_metrics_ts FORMAT TSVWithNames"
    status, headers, whole = http(server, sql, wait_end_of_query="1")
    check(status == 200 and "Content-Length" in headers and len(whole) > 4 << 20, f"whole result: {status} {headers} {len(whole)}")
    for accept, encoding in [("identity", None), ("gzip", "gzip"), ("zstd", "zstd"), ("lz4", "lz4"), ("deflate", "deflate")]:
        status, headers, body = http(server, sql, headers={"Accept-Encoding": accept})
        names = {name.lower(): value for name, value in headers.items()}
        check(names.get("transfer-encoding") == "chunked" and "content-length" not in names, f"streamed result ({accept}): {headers}")
        plain = decoders[encoding](body) if encoding else body
        # The same rows; their order may differ (no ORDER BY, and background merges change the parts).
        check(status == 200 and plain.split(b"\n")[0] == whole.split(b"\n")[0] and sorted(plain.split(b"\n")) == sorted(whole.split(b"\n")),
              f"streamed result ({accept}): {len(plain)} bytes vs {len(whole)}")
    status, headers, body = http(server, "SELECT 1", headers={"Accept-Encoding": "gzip"}, enable_http_compression="0")
    check(headers.get("Content-Encoding") is None and body == b"1\n", f"enable_http_compression=0: {headers} {body!r}")
    status, headers, body = http(server, "SELECT * FROM nope", headers={"Accept-Encoding": "gzip"})
    check(status == 404 and gzip.decompress(body).startswith(b"Code: 60."), f"compressed error: {status} {body!r}")
    tsv = "".join(f"2026-11-27 {h:02d}:00:00\t{CUSTOMER}\taws\tsvc\ti-9\tg5\tframed\t2\t50\t0\t1\n" for h in range(24)).encode()
    for name, encode in [("zstd", zstandard.ZstdCompressor().compress), ("lz4", lz4.frame.compress), ("gzip", gzip.compress),
                         ("deflate", zlib.compress)]:
        status, _, body = http(server, body=encode(b"INSERT INTO optiinfra.cost_metrics_ts FORMAT TSV\n" + tsv), headers={"Content-Encoding": name})
        check(status == 200, f"{name} request body: {status} {body!r}")
    _, _, body = http(server, "SELECT count() FROM optiinfra.cost_metrics_ts WHERE region = 'framed'")
    check(body == b"96\n", f"rows of the compressed request bodies: {body!r}")
    status, headers, body = http(server, body=b"\x28\xb5\x2f\xfd garbage", headers={"Content-Encoding": "zstd"})
    check(status == 500 and headers.get("X-ClickHouse-Exception-Code") == "271", f"corrupt zstd body: {status} {body!r}")
    corrupt = bytearray(gzip.compress(b"SELECT 1" * 100))
    corrupt[-12] ^= 0x55
    status, headers, body = http(server, body=bytes(corrupt), headers={"Content-Encoding": "gzip"})
    check(headers.get("X-ClickHouse-Exception-Code") == "354", f"corrupt gzip body (ZLIB_INFLATE_FAILED, as 18.16 answers): {status} {body!r}")
    status, headers, body = http(server, body=b"SELECT 1", headers={"Content-Encoding": "br"})
    check(headers.get("X-ClickHouse-Exception-Code") == "89", f"unknown request encoding: {status} {body!r}")
    truncated = lz4.frame.compress(b"SELECT 1" * 1000)[:-9]
    status, headers, body = http(server, body=truncated, headers={"Content-Encoding": "lz4"})
    check(headers.get("X-ClickHouse-Exception-Code") == "271", f"truncated lz4 body: {status} {body!r}")


def native_insert_then_vanish(server, rows_before):
    """A client that sends one INSERT block and disconnects before the end: nothing is stored."""
    client = Client("127.0.0.1", port=server.tcp, database="optiinfra")
    sock = socket.create_connection(("127.0.0.1", server.tcp))

    def varint(n):
        out = bytearray()
        while True:
            b = n & 0x7F
            n >>= 7
            out.append(b | (0x80 if n else 0))
            if not n:
                return bytes(out)

    def string(s):
        s = s.encode() if isinstance(s, str) else s
        return varint(len(s)) + s

    sock.sendall(b"\x00" + string("raw") + varint(1) + varint(0) + varint(54412) + string("optiinfra") + string("default") + string(""))
    time.sleep(0.2)
    sock.recv(4096)
    query = (b"\x01" + string("") + b"\x01" + string("") + string("") + string("0.0.0.0:0") + b"\x01" + string("") + string("h") +
             string("raw") + varint(1) + varint(0) + varint(54412) + string("") + varint(0) + string("") + varint(2) + varint(0) +
             string("INSERT INTO cost_metrics_ts (region) VALUES"))
    empty_block = b"\x02" + string("") + b"\x01\x00\x02\xff\xff\xff\xff\x00" + varint(0) + varint(0)
    sock.sendall(query + empty_block)
    time.sleep(0.2)
    sock.recv(4096)  # the sample block
    block = (b"\x02" + string("") + b"\x01\x00\x02\xff\xff\xff\xff\x00" + varint(1) + varint(3) + string("region") + string("String") +
             string("x") + string("y") + string("z"))
    sock.sendall(block)
    time.sleep(0.3)
    sock.close()
    time.sleep(0.3)
    check(client.execute("SELECT count() FROM cost_metrics_ts")[0][0] == rows_before, "a client gone mid-INSERT stored nothing")


def test_concurrency_and_kill(binary, tmp):
    """Many clients inserting and querying at once, then SIGKILL: every acknowledged INSERT is
    there exactly once after a restart, views equal to raw rows."""
    path = os.path.join(tmp, "kill")
    server = EdgeHouseServer(binary, path).start()
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()
    failures = []

    def writer(n):
        client = Client("127.0.0.1", port=server.tcp, database="optiinfra")
        i = 0
        while not stop.is_set():
            region = f"w{n}-{i}"
            rows = [{"timestamp": datetime.datetime(2026, 11, 27, 1) + datetime.timedelta(seconds=k), "customer_id": uuid.UUID(int=k % 5),
                     "region": region, "cost_per_hour": 1.0} for k in range(500)]
            try:
                client.execute("INSERT INTO cost_metrics_ts (timestamp, customer_id, region, cost_per_hour) VALUES", rows)
                with lock:
                    acknowledged.append(region)
            except Exception:
                return  # the server was killed
            i += 1

    def reader():
        client = Client("127.0.0.1", port=server.tcp, database="optiinfra")
        while not stop.is_set():
            try:
                raw = client.execute("SELECT count() FROM cost_metrics_ts")[0][0]
                view = client.execute("SELECT sum(sample_count) FROM cost_metrics_hourly_mv")[0][0]
                if raw != view:
                    # Both are read from one snapshot each; a commit between the two may add rows.
                    again = client.execute("SELECT count() FROM cost_metrics_ts")[0][0]
                    if view > again:
                        failures.append((raw, view, again))
            except Exception:
                return

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)] + [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(3)
    server.stop(signal.SIGKILL)
    stop.set()
    for t in threads:
        t.join()
    check(not failures, f"views ran ahead of raw rows: {failures[:3]}")
    check(len(acknowledged) > 10, f"inserts acknowledged before the kill: {len(acknowledged)}")
    server = EdgeHouseServer(binary, path).start()
    try:
        client = Client("127.0.0.1", port=server.tcp, database="optiinfra")
        counts = dict(client.execute("SELECT region, count() FROM cost_metrics_ts GROUP BY region"))
        for region in acknowledged:
            check(counts.get(region) == 500, f"acknowledged insert {region}: {counts.get(region)} rows after SIGKILL")
        partial = [r for r, c in counts.items() if c != 500]
        check(not partial, f"partial inserts after SIGKILL: {partial[:5]}")
        raw = client.execute("SELECT count() FROM cost_metrics_ts")[0][0]
        view = client.execute("SELECT sum(sample_count) FROM cost_metrics_hourly_mv")[0][0]
        check(raw == view, f"after restart: raw {raw}, view {view}")
        print(f"SIGKILL during 4 writers and 2 readers: {len(acknowledged)} acknowledged inserts, all present once after restart")
    finally:
        check(server.stop() == 0, "SIGTERM: exit status 0")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edgehouse", required=True)
    parser.add_argument("--clickhouse-native-port", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = EdgeHouseServer(args.edgehouse, os.path.join(tmp, "main"), ["--send-timeout", "5", "--max-concurrent-queries", "2"]).start()
        try:
            test_seed_client(server, args.clickhouse_native_port)
            test_driver(server)
            test_cancel(server)
            test_send_timeout(server)
            test_clickhouse_client(server)
            test_http(server)
            test_http_compression(server)
            test_clickhouse_connect(server)
            client = Client("127.0.0.1", port=server.tcp, database="optiinfra")
            native_insert_then_vanish(server, client.execute("SELECT count() FROM cost_metrics_ts")[0][0])
        finally:
            code = server.stop()
        check(code == 0, f"SIGTERM: exit status {code}")
        test_auth(args.edgehouse, tmp)
        test_concurrency_and_kill(args.edgehouse, tmp)
    print(f"edgehouse server with real clients: {checks} checks passed")


if __name__ == "__main__":
    main()
