#!/usr/bin/env python3
"""`edgehouse server` against ClickHouse 18.16's server, side by side in one run.

    swift build -c release --static-swift-stdlib --product edgehouse
    python3 ../shared/bench/gen.py --out DATA --start 2026-11-20 --perf-rows 1000000 --formats tsv
    python3 Benchmarks/server.py --edgehouse .build/release/edgehouse --data DATA [--rounds 3]

Measures, alternating the two servers each round (the machine is shared and noisy):
  1. ingest: DATA/performance_metrics_ts.tsv piped through `clickhouse-client INSERT … FORMAT TSV`
     (the schema's view attached; 18.16 without TTL, which its parser lacks), rows/s;
  2. `SELECT 1` round trips over the native protocol (clickhouse-driver, one connection) and over
     HTTP (one keep-alive connection), p50;
  3. the four dashboard queries (the typed client's SQL) over HTTP on the ingested rows, p50;
  4. resident memory: idle, with 100 idle native connections open, and the peak while a client
     reads every ingested row (`SELECT *`, native protocol, block by block).
Prints a table and the ratios; exits 0 whatever the figures (targets are judged by reading them).
"""
import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from clickhouse_driver import Client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(400):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def schema(ttl=True):
    text = open(os.path.join(ROOT, "schema/init.sql")).read()
    return text if ttl else "".join(l for l in text.splitlines(True) if not l.startswith("TTL "))


class EdgeHouse:
    name = "edgehouse"

    def __init__(self, binary):
        self.binary, self.dir, self.process = binary, tempfile.mkdtemp(prefix="eh-server-bench-"), None

    def start(self):
        self.tcp, self.http = free_port(), free_port()
        self.process = subprocess.Popen([self.binary, "server", "--path", os.path.join(self.dir, "data"), "--tcp-port", str(self.tcp),
                                         "--http-port", str(self.http), "--init-sql", os.path.join(ROOT, "schema/init.sql"),
                                         "--log-level", "error"], stdout=subprocess.DEVNULL)
        wait_for(self.http)

    def reset(self):
        self.stop()
        shutil.rmtree(os.path.join(self.dir, "data"), ignore_errors=True)
        self.start()

    def pid(self):
        return self.process.pid

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.process = None


class ClickHouse18:
    name = "clickhouse 18.16"

    def __init__(self):
        self.dir = None

    def start(self):
        self.http = free_port()
        self.dir = subprocess.run([os.path.join(ROOT, "scripts/clickhouse18/start")], env={**os.environ, "PORT": str(self.http)},
                                  capture_output=True, text=True, check=True).stdout.strip()
        self.tcp = self.http + 1
        wait_for(self.tcp)

    def reset(self):
        if not self.dir:
            self.start()
        subprocess.run(["clickhouse-client", "--port", str(self.tcp), "--query", "DROP DATABASE IF EXISTS optiinfra"], check=True)
        subprocess.run(["clickhouse-client", "--port", str(self.tcp), "--multiquery"], input=schema(ttl=False), text=True, check=True)

    def pid(self):
        return int(open(os.path.join(self.dir, "pid")).read())

    def stop(self):
        if self.dir:
            subprocess.run([os.path.join(ROOT, "scripts/clickhouse18/stop"), self.dir])
            self.dir = None


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ingest(server, path):
    rows = sum(1 for _ in open(path, "rb"))
    start = time.perf_counter()
    with open(path, "rb") as data:
        subprocess.run(["clickhouse-client", "--port", str(server.tcp), "--query", "INSERT INTO optiinfra.performance_metrics_ts FORMAT TSV"],
                       stdin=data, check=True)
    return rows / (time.perf_counter() - start)


def select_all_peak_mb(server):
    """Resident memory of the server before, and at its peak while, a client reads every
    ingested row (`SELECT *` over the native protocol, consumed block by block)."""
    before = rss_mb(server.pid())
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(server.pid()))
            time.sleep(0.01)
    sampler = threading.Thread(target=sample)
    sampler.start()
    client = Client("127.0.0.1", port=server.tcp)
    rows = sum(len(block) for block in client.execute_iter("SELECT * FROM optiinfra.performance_metrics_ts", chunk_size=65_536))
    done.set()
    sampler.join()
    client.disconnect()
    return before, peak[0], rows


def p50_ms(call, count):
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def http_query(connection, sql):
    connection.request("POST", "/?" + urllib.parse.urlencode({"database": "optiinfra"}), body=sql.encode())
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(body.decode())
    return body


def dashboards(server):
    """The typed client's four dashboard queries for the busiest customer, service and instance."""
    connection = http.client.HTTPConnection("127.0.0.1", server.http)
    customer, service = http_query(connection, "SELECT customer_id, service_id FROM performance_metrics_ts LIMIT 1").decode().split()
    window = "hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00'"
    queries = {
        "cost": f"SELECT hour, cloud_provider, service_name, sum(total_cost), sum(utilization_sum) / sum(sample_count), sum(sample_count) "
                f"FROM cost_metrics_hourly_mv WHERE customer_id = '{customer}' AND {window} GROUP BY hour, cloud_provider, service_name "
                f"ORDER BY hour, cloud_provider, service_name",
        "performance": f"SELECT avgMerge(avg_latency), quantileMerge(0.95)(p95_latency), quantileMerge(0.99)(p99_latency), "
                       f"avgMerge(avg_throughput), countMerge(request_count) FROM performance_metrics_hourly_mv "
                       f"WHERE customer_id = '{customer}' AND service_id = '{service}' AND {window}",
        "resource": f"SELECT avgMerge(avg_gpu_util), maxMerge(max_gpu_util), avgMerge(avg_gpu_memory), avgMerge(avg_cpu_util), "
                    f"countMerge(sample_count) FROM resource_metrics_hourly_mv WHERE customer_id = '{customer}' AND instance_id = 'i-1' AND {window}",
        "quality": f"SELECT hour, avgMerge(avg_quality), avgMerge(avg_relevance), avgMerge(avg_coherence), avgMerge(avg_factuality), "
                   f"sumMerge(hallucination_count), countMerge(request_count) FROM quality_metrics_hourly_mv "
                   f"WHERE customer_id = '{customer}' AND service_id = '{service}' AND {window} GROUP BY hour ORDER BY hour",
    }
    return {name: p50_ms(lambda: http_query(connection, sql), 200) for name, sql in queries.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edgehouse", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = os.path.join(args.data, "performance_metrics_ts.tsv")
    servers = [EdgeHouse(args.edgehouse), ClickHouse18()]
    results = {s.name: {"ingest": [], "native": [], "http": [], "dash": [], "idle": [], "conns": [], "select": []} for s in servers}
    try:
        for round_number in range(args.rounds):
            for server in servers if round_number % 2 == 0 else reversed(servers):
                server.reset()
                time.sleep(1)
                r = results[server.name]
                r["idle"].append(rss_mb(server.pid()))
                sockets = [Client("127.0.0.1", port=server.tcp) for _ in range(100)]
                for c in sockets:
                    c.execute("SELECT 1")
                r["conns"].append(rss_mb(server.pid()) - r["idle"][-1])
                for c in sockets:
                    c.disconnect()
                native = Client("127.0.0.1", port=server.tcp)
                native.execute("SELECT 1")
                r["native"].append(p50_ms(lambda: native.execute("SELECT 1"), 2000))
                connection = http.client.HTTPConnection("127.0.0.1", server.http)
                r["http"].append(p50_ms(lambda: http_query(connection, "SELECT 1"), 2000))
                r["ingest"].append(ingest(server, path))
                r["dash"].append(dashboards(server))
                r["select"].append(select_all_peak_mb(server)[:2])
                print(f"round {round_number + 1} {server.name}: ingest {r['ingest'][-1]:,.0f} rows/s, SELECT 1 native {r['native'][-1]:.3f} ms, "
                      f"HTTP {r['http'][-1]:.3f} ms, dashboards {', '.join(f'{k} {v:.2f}' for k, v in r['dash'][-1].items())} ms, "
                      f"idle {r['idle'][-1]:.0f} MB, +100 connections {r['conns'][-1]:.1f} MB, "
                      f"SELECT * {r['select'][-1][0]:.0f} -> {r['select'][-1][1]:.0f} MB", flush=True)
    finally:
        for server in servers:
            server.stop()
    eh, ch = results["edgehouse"], results["clickhouse 18.16"]
    med = statistics.median
    print("\n| | edgehouse server | ClickHouse 18.16 | ratio |\n|---|---|---|---|")
    print(f"| clickhouse-client INSERT FORMAT TSV, rows/s (median) | {med(eh['ingest']):,.0f} | {med(ch['ingest']):,.0f} | "
          f"{med(eh['ingest']) / med(ch['ingest']):.2f}x |")
    print(f"| SELECT 1 native round trip p50, ms | {med(eh['native']):.3f} | {med(ch['native']):.3f} | {med(eh['native']) / med(ch['native']):.2f} |")
    print(f"| SELECT 1 HTTP round trip p50, ms | {med(eh['http']):.3f} | {med(ch['http']):.3f} | {med(eh['http']) / med(ch['http']):.2f} |")
    for name in eh["dash"][0]:
        a, b = med(d[name] for d in eh["dash"]), med(d[name] for d in ch["dash"])
        print(f"| dashboard '{name}' over HTTP p50, ms | {a:.2f} | {b:.2f} | {a / b:.2f} |")
    print(f"| idle RSS, MB | {med(eh['idle']):.0f} | {med(ch['idle']):.0f} | |")
    print(f"| +100 idle native connections, MB | {med(eh['conns']):.1f} | {med(ch['conns']):.1f} | |")
    print(f"| RSS before and at the peak of a SELECT * of the ingested rows (native), MB | "
          f"{med(b for b, _ in eh['select']):.0f} -> {med(p for _, p in eh['select']):.0f} | "
          f"{med(b for b, _ in ch['select']):.0f} -> {med(p for _, p in ch['select']):.0f} | |")


if __name__ == "__main__":
    main()
