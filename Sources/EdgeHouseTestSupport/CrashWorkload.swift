import EdgeHouse
import OptiInfraWorkload

/// The table and inserts of the crash tests: every insert `i` writes a known set of rows
/// (`insert_id = i`, `row = 0..<n`), so a reopened store can be checked for exactly-once.
public enum CrashWorkload {
    public static let table = TableName("crash", "events")
    /// The same rows with a one-day TTL: their timestamps are long past, so TTL drops and
    /// rewrites run while the writer works. Not checked; there to be killed in the middle of.
    public static let expiringTable = TableName("crash", "expiring")

    public static func definition(_ name: TableName = table) -> TableDefinition {
        // Valid by construction.
        try! TableDefinition(
            name: name,
            columns: [.init("timestamp", .dateTime), .init("customer_id", .uuid), .init("insert_id", .uint64),
                      .init("row", .uint32), .init("payload", .string),
                      // Nullable: its granules serialize in two pieces (null map, values), which the
                      // part fuzzer's mutations and the readers then meet.
                      .init("note", .nullable(.string))],
            partitionColumn: "timestamp", orderBy: ["customer_id", "timestamp"],
            ttl: name == expiringTable ? TTLRule(column: "timestamp", days: 1) : nil, indexGranularity: 64)
    }

    /// How insert `id` travels: every third one through the buffered path (the insert log).
    public static func isBuffered(_ id: UInt64) -> Bool { id % 3 == 0 }

    /// Rows of insert `id`: 1 to 300 of them, spread over two months so some inserts make two parts.
    public static func batch(_ id: UInt64) -> Batch {
        var random = SplitMix64(seed: id)
        let count = Int(1 + random.next() % 300)
        let base: UInt32 = 1_790_000_000  // 2026-09-21
        return Batch([
            ("timestamp", .dateTime((0..<count).map { _ in base + UInt32(random.next() % (40 * 86_400)) })),
            ("customer_id", .uuid((0..<count).map { _ in UUIDValue(high: 0, low: random.next() % 4) })),
            ("insert_id", .uint64(Array(repeating: id, count: count))),
            ("row", .uint32((0..<UInt32(count)).map { $0 })),
            ("payload", .string(StringColumn((0..<count).map { "insert \(id) row \($0)" }))),
            ("note", .nullable(NullableColumn(values: .string(StringColumn((0..<count).map { "note \($0)" })),
                                              nulls: (0..<count).map { $0 % 3 == 0 }))),
        ])
    }

    /// Checks a store against the inserts: each acknowledged insert complete and once, any
    /// other insert complete or absent. Returns a description of every violation.
    public static func violations(in store: Store, acknowledged: Set<UInt64>) throws -> [String] {
        let rows = try store.snapshot().read(table, columns: ["insert_id", "row"])
        guard case .uint64(let ids) = rows.columns[0], case .uint32(let rowNumbers) = rows.columns[1] else { return ["bad column types"] }
        var seen = [UInt64: [UInt32: Int]]()
        for (id, row) in zip(ids, rowNumbers) { seen[id, default: [:]][row, default: 0] += 1 }
        var problems = [String]()
        for id in Set(seen.keys).union(acknowledged).sorted() {
            let expected = batch(id).rowCount
            let present = seen[id] ?? [:]
            if present.values.contains(where: { $0 > 1 }) { problems.append("insert \(id): duplicated rows") }
            if present.isEmpty && acknowledged.contains(id) { problems.append("insert \(id): acknowledged but lost") }
            if !present.isEmpty && present.count != expected { problems.append("insert \(id): \(present.count) of \(expected) rows (half an insert)") }
        }
        return problems
    }
}
