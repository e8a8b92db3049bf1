import Foundation
import Testing
@testable import EdgeHouse
import EdgeHouseTestSupport

/// What this session's SQL writes into MANIFEST — SELECT views as SQL text, plain views, ALTERed
/// definitions over parts written before them — survives a close and a reopen, and keeps working.
@Suite struct SQLDefinitionsDurabilityTests {
    private func rows(_ session: SQLSession, _ sql: String) throws -> [String] {
        try session.execute(sql).last?.rows?.rowTexts ?? []
    }

    /// Runs `body` on a session of the store in `directory`, then closes the store.
    private func withSession(in directory: TemporaryDirectory, _ body: (SQLSession) throws -> Void) throws {
        let store = try Store.open(path: directory.path, options: testOptions())
        defer { store.close() }
        try body(SQLSession(store: store))
    }

    @Test func viewsAndAlteredTablesReopenAndKeepWorking() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try Store.open(path: directory.path, options: testOptions())
            let session = SQLSession(store: store)
            try session.execute("""
                CREATE TABLE src (k UInt32, status UInt32, s String) ENGINE = MergeTree ORDER BY k;
                CREATE MATERIALIZED VIEW errors ENGINE = SummingMergeTree ORDER BY k AS
                    SELECT k, count() AS n FROM src WHERE status >= 500 GROUP BY k;
                CREATE VIEW upper_s AS SELECT k, upper(s) AS u FROM src;
                INSERT INTO src VALUES (1, 500, 'a'), (1, 200, 'b'), (2, 503, 'c'), (3, 501, 'd');
                CREATE TABLE t (k UInt32, status UInt32, s String) ENGINE = MergeTree ORDER BY k;
                INSERT INTO t VALUES (1, 500, 'a'), (1, 200, 'b'), (2, 503, 'c');
                ALTER TABLE t ADD COLUMN extra Int16 AFTER k;
                ALTER TABLE t MODIFY COLUMN status UInt64;
                INSERT INTO t VALUES (3, -7, 501, 'd');
                """)
            // A column a view reads cannot change type under it.
            #expect(throws: SQLError.self) { try session.execute("ALTER TABLE src MODIFY COLUMN status UInt64") }
            store.close()
        }
        let store = try Store.open(path: directory.path, options: testOptions())
        defer { store.close() }
        let session = SQLSession(store: store)
        // The old part reads the added column as its default and the modified one converted.
        #expect(try rows(session, "SELECT k, extra, status, toTypeName(status) FROM t ORDER BY k, s")
                == ["1\t0\t500\tUInt64", "1\t0\t200\tUInt64", "2\t0\t503\tUInt64", "3\t-7\t501\tUInt64"])
        #expect(try rows(session, "SELECT k, u FROM upper_s ORDER BY k, u") == ["1\tA", "1\tB", "2\tC", "3\tD"])
        // The reopened SELECT view still computes from new inserts.
        try session.execute("INSERT INTO src VALUES (2, 599, 'e')")
        #expect(try rows(session, "SELECT k, sum(n) FROM errors GROUP BY k ORDER BY k") == ["1\t1", "2\t2", "3\t1"])
        #expect(try rows(session, "SHOW CREATE TABLE errors").first?.hasSuffix(
            "AS SELECT k, count() AS n FROM src WHERE status >= 500 GROUP BY k") == true)
    }

    /// `DETACH TABLE` holds until `ATTACH TABLE` or a reopen (ClickHouse's non-permanent detach):
    /// commits made while it is detached keep it in MANIFEST, parts and all.
    @Test func aDetachedTableSurvivesOtherCommitsAndIsAttachedAgainOnReopen() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try withSession(in: directory) { session in
            try session.execute("""
                CREATE TABLE t (k UInt32) ENGINE = MergeTree ORDER BY k;
                INSERT INTO t VALUES (1), (2);
                DETACH TABLE t;
                CREATE TABLE u (k UInt32) ENGINE = MergeTree ORDER BY k;
                INSERT INTO u VALUES (3);
                """)
            #expect(throws: SQLError.self) { try session.execute("SELECT count() FROM t") }
            #expect(throws: SQLError.self) { try session.execute("CREATE TABLE t (x String) ENGINE = Memory") }
        }
        try withSession(in: directory) { session in
            let (attached, other) = (try rows(session, "SELECT k FROM t ORDER BY k"), try rows(session, "SELECT k FROM u"))
            #expect(attached == ["1", "2"])
            #expect(other == ["3"])
            #expect(throws: SQLError.self) { try session.execute("ATTACH TABLE t") }
        }
    }

    @Test func aModifyColumnThatCannotConvertChangesNothing() throws {
        let session = SQLSession(store: Store.inMemory(options: testOptions()))
        try session.execute("""
            CREATE TABLE t (k UInt32, s String) ENGINE = MergeTree ORDER BY k;
            INSERT INTO t VALUES (1, '5'), (2, 'x');
            """)
        #expect(throws: SQLError.self) { try session.execute("ALTER TABLE t MODIFY COLUMN s UInt32") }
        #expect(try rows(session, "SELECT k, s, toTypeName(s) FROM t ORDER BY k") == ["1\t5\tString", "2\tx\tString"])
    }
}
