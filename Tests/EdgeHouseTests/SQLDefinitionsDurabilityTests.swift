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

    /// `RENAME TABLE` and `EXCHANGE TABLES` change names, not directories: a renamed table keeps
    /// its parts where they are across merges, drops of others and reopens, and a new table of
    /// the old name gets a directory of its own.
    @Test func renamedAndExchangedTablesKeepTheirPartsAcrossReopens() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data/default/"
        try withSession(in: directory) { session in
            try session.execute("""
                CREATE TABLE t (k UInt32) ENGINE = MergeTree ORDER BY k;
                CREATE TABLE u (k UInt32) ENGINE = MergeTree ORDER BY k;
                INSERT INTO t VALUES (1);
                INSERT INTO u VALUES (10);
                RENAME TABLE t TO t_old;
                CREATE TABLE t (k UInt32) ENGINE = MergeTree ORDER BY k;
                INSERT INTO t VALUES (2);
                INSERT INTO t_old VALUES (3);
                OPTIMIZE TABLE t_old FINAL;
                EXCHANGE TABLES t_old AND u;
                """)
            #expect(try rows(session, "SELECT k FROM u ORDER BY k") == ["1", "3"])
            #expect(try rows(session, "SELECT k FROM t_old") == ["10"])
            #expect(try rows(session, "SELECT k FROM t") == ["2"])
            // The renamed table still lives in `t`; the new `t` was given `t~1` (escaped as file names are).
            #expect(FileManager.default.fileExists(atPath: data + "t/all_1_2_1"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: data).sorted() == ["t", "t%7E1", "u"])
            // Renaming back into the name of one's own directory, and a name that is taken.
            #expect(throws: SQLError.self) { try session.execute("RENAME TABLE u TO t") }
            try session.execute("RENAME TABLE t TO t_new, u TO t")
        }
        try withSession(in: directory) { session in
            #expect(try rows(session, "SELECT k FROM t ORDER BY k") == ["1", "3"])
            #expect(try rows(session, "SELECT k FROM t_new") == ["2"])
            #expect(try rows(session, "SELECT k FROM t_old") == ["10"])
            // Dropping a renamed table removes its own directory, not the one of its new name.
            try session.execute("DROP TABLE t_new")
            #expect(try FileManager.default.contentsOfDirectory(atPath: data).sorted() == ["t", "u"])
        }
        try withSession(in: directory) { session in
            let (renamed, exchanged) = (try rows(session, "SELECT k FROM t ORDER BY k"), try rows(session, "SELECT k FROM t_old"))
            #expect(renamed == ["1", "3"])
            #expect(exchanged == ["10"])
        }
    }

    /// A part written for a table that was renamed (and whose name a new table took) before the
    /// insert committed lies in the old table's directory: the commit refuses it as a conflict,
    /// and the insert is redone, rather than the new table taking a part outside its directory.
    @Test func aPartWrittenBeforeARenameNeverJoinsTheTableNowOfThatName() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store.open(path: directory.path, options: testOptions())
        defer { store.close() }
        let session = SQLSession(store: store)
        try session.execute("CREATE TABLE t (k UInt32) ENGINE = MergeTree ORDER BY k")
        let old = try store.table(TableName("default", "t"))
        let name = PartName(partition: .all, minBlock: 1, maxBlock: 1, level: 0)
        let part = try store.writePart(name: name, definition: old.definition, purpose: "insert") { writer throws(StorageError) in
            try io { try writer.append(Batch([("k", .uint32([7]))])) }
        }
        try session.execute("RENAME TABLE t TO moved; CREATE TABLE t (k UInt32) ENGINE = MergeTree ORDER BY k")
        #expect(throws: StorageError.conflict(table: TableName("default", "t"))) {
            try store.commit(Change(addedParts: [TableName("default", "t"): [part]]))
        }
        #expect(try rows(session, "SELECT count() FROM t") == ["0"])
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
