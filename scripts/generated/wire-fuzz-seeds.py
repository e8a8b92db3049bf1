#!/usr/bin/env python3
"""Writes the seed inputs of the server's fuzz targets (Tests/FuzzCorpus/{nativePackets,
nativeBlock,httpRequest}/seed-*): what real clients send, recorded through a proxy in front of a
running `edgehouse server`, and Native blocks written by ClickHouse 26.9 (chdb).

    edgehouse server --path DIR --tcp-port 29000 --http-port 29123 --init-sql schema/init.sql &
    python3 scripts/generated/wire-fuzz-seeds.py --tcp-port 29000

libFuzzer (scripts/fuzz) grows the corpus from these; its finds are kept beside them.
"""
import argparse, datetime, os, socket, struct, subprocess, threading, uuid

import chdb
from clickhouse_driver import Client
from clickhouse_cityhash.cityhash import CityHash128
from clickhouse_driver.compression.lz4 import Compressor as LZ4Compressor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "Tests", "FuzzCorpus")


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    with open(os.path.join(CORPUS, target, f"seed-{name}"), "wb") as f:
        f.write(data)


def recorded(target_port, session):
    """The bytes a client sends to the server in `session(port)`, through a recording proxy."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    sent = bytearray()

    def serve():
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", target_port))

        def pump(a, b, record):
            while data := a.recv(65536):
                if record:
                    sent.extend(data)
                b.sendall(data)
            b.shutdown(socket.SHUT_WR)
        back = threading.Thread(target=pump, args=(server, client, False))
        back.start()
        pump(client, server, True)
        back.join()
        client.close()
        server.close()
    thread = threading.Thread(target=serve)
    thread.start()
    session(listener.getsockname()[1])
    thread.join(timeout=10)
    return bytes(sent)


def native_sessions(tcp_port):
    now = datetime.datetime(2026, 11, 26, 12, 0)
    row = {"timestamp": now, "customer_id": uuid.UUID(int=5), "cloud_provider": "aws", "service_name": "s", "instance_id": "i",
           "instance_type": "g5", "region": "r", "cost_per_hour": 1.25, "utilization_percent": 50.0, "is_spot": 1, "is_reserved": 0}

    def driver(compression, settings=None):
        def run(port):
            client = Client("127.0.0.1", port=port, database="optiinfra", compression=compression, settings=settings or {})
            client.execute("SELECT 1")
            client.execute("INSERT INTO cost_metrics_ts VALUES", [row, row])
            client.execute("SELECT hour, quantileMerge(0.95)(p95_latency) FROM performance_metrics_hourly_mv GROUP BY hour")
            client.disconnect()
        return run

    def command_line(compression):
        def run(port):
            subprocess.run(["clickhouse-client", "--port", str(port), "--compression", compression, "--query",
                            "INSERT INTO optiinfra.cost_metrics_ts FORMAT TSV"],
                           input=f"2026-11-26 10:00:00\t{uuid.UUID(int=9)}\taws\ts\ti\tg5\tr\t2\t50\t0\t1\n", text=True, check=True)
        return run
    write("nativePackets", "driver-plain", recorded(tcp_port, driver(False)))
    write("nativePackets", "driver-lz4", recorded(tcp_port, driver("lz4")))
    write("nativePackets", "driver-zstd-settings", recorded(tcp_port, driver("zstd", {"max_block_size": 1000, "load_balancing": "random"})))
    write("nativePackets", "clickhouse-client-lz4-insert", recorded(tcp_port, command_line("1")))
    write("nativePackets", "clickhouse-client-plain-insert", recorded(tcp_port, command_line("0")))


def native_blocks():
    """Blocks of every column type the store has, as ClickHouse 26.9 writes them."""
    session = chdb.session.Session()
    queries = {
        "scalars": "SELECT toUInt8(1) AS a, toUInt32(3) AS c, toUInt64(4) AS d, toInt64(-5) AS e, "
                   "toFloat32(1.5) AS f, toFloat64(nan) AS g, 'x\\ty' AS h, toDate('2026-11-26') AS i, "
                   "toDateTime('2026-11-26 12:00:00', 'UTC') AS j, toUUID('123e4567-e89b-12d3-a456-426614174000') AS k",
        "arrays": "SELECT [1.5, 2.5] AS a, emptyArrayFloat64() AS b FROM numbers(3)",
        "states": "SELECT avgState(toFloat64(number)) AS a, quantileState(0.95)(toFloat32(number)) AS b, "
                  "countState() AS c, maxState(toFloat64(number)) AS d, sumState(toFloat64(number)) AS e FROM numbers(100)",
        "many-rows": "SELECT number AS n, toString(number) AS s FROM numbers(300)",
        "empty": "SELECT 1 AS x WHERE 0",
    }
    for name, sql in queries.items():
        block = session.query(sql, "Native").bytes()
        write("nativeBlock", name, b"\x00" + block)
        # With block info (the native protocol's Data packets) and in one LZ4 frame.
        with_info = b"\x01\x00\x02\xff\xff\xff\xff\x00" + block
        write("nativeBlock", name + "-info", b"\x01" + with_info)
        compressor = LZ4Compressor()
        compressor.write(with_info)
        frame = bytes([0x82]) + compressor.get_compressed_data(1)  # method byte, then sizes counting it
        checksum = CityHash128(frame)
        # The checksum as clickhouse-driver writes it: the hash's high half first.
        write("nativeBlock", name + "-info-lz4", b"\x03" + struct.pack("<QQ", checksum >> 64, checksum & (2**64 - 1)) + frame)


def http_requests():
    native = chdb.session.Session().query("SELECT toUInt32(7) AS n, 'é' AS s", "Native").bytes()
    requests = {
        "get": b"GET /?query=SELECT%201&database=optiinfra&max_threads=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        "post-body": b"POST /?session_id=a&param_x=5 HTTP/1.1\r\nContent-Length: 22\r\nAccept-Encoding: gzip, zstd\r\n\r\nSELECT {x:UInt8} + 1\n;",
        "insert-tsv": b"POST /?query=INSERT%20INTO%20t%20FORMAT%20TSV HTTP/1.1\r\nContent-Length: 6\r\n"
                      b"Authorization: Basic ZGVmYXVsdDpwdw==\r\n\r\n1\tab\n\n",
        "insert-native-chunked": b"POST /?enable_http_compression=1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                                 b"X-ClickHouse-User: u\r\nX-ClickHouse-Key: k\r\n\r\n"
                                 + b"%x\r\n" % (len(native) + 34) + b"INSERT INTO t (n, s) FORMAT Native\n" [:34] + native + b"\r\n0\r\n\r\n",
        "two-requests": b"GET /ping HTTP/1.1\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 8\r\n\r\nSELECT 2",
        "values": b"POST /?database=d HTTP/1.1\r\nContent-Length: 34\r\n\r\nINSERT INTO t VALUES (1, 'a'), (2,",
    }
    for name, data in requests.items():
        write("httpRequest", name, data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tcp-port", type=int, required=True)
    args = parser.parse_args()
    native_sessions(args.tcp_port)
    native_blocks()
    http_requests()
    print("wrote", sum(len(os.listdir(os.path.join(CORPUS, t))) for t in ["nativePackets", "nativeBlock", "httpRequest"]), "seeds")


if __name__ == "__main__":
    main()
