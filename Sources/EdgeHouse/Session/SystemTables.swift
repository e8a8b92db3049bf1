/// `system.tables`, `system.columns`, `system.parts` and `system.databases`, built from a
/// snapshot with ClickHouse's column names for what exists here. Byte counts are EdgeHouse's own
/// (its part format is not ClickHouse's).
enum SystemTables {
    /// The tables of the `system` database.
    static let names: Set<String> = ["tables", "columns", "parts", "detached_parts", "databases", "settings", "one", "forwarding"]

    static func batch(_ name: String, snapshot: Snapshot, store: Store, context: QueryContext) throws(StorageError) -> Batch? {
        switch name {
        case "tables": tables(snapshot)
        case "columns": columns(snapshot)
        case "parts": try parts(snapshot)
        case "detached_parts": try detachedParts(store)
        case "databases":
            Batch([("name", .string(StringColumn(context.databases))), ("engine", .string(StringColumn(context.databases.map { _ in "Atomic" })))])
        case "settings": settings(context.settings)
        case "one": Batch([("dummy", .uint8([0]))])
        case "forwarding": forwarding(store.forwardingStatus(), now: context.now)
        default: nil
        }
    }

    /// The settings EdgeHouse knows, as 26.9 names `system.settings`' columns (those of them
    /// that mean something here): the value in effect, whether the session changed it, whether
    /// it may be changed (`readonly`: clients such as clickhouse-connect read it), its type and default.
    private static func settings(_ settings: Settings) -> Batch {
        let all = Settings.all
        return Batch([
            ("name", .string(StringColumn(all.map(\.name)))),
            ("value", .string(StringColumn(all.map { settings.value(of: $0.name) ?? $0.defaultValue }))),
            ("changed", .uint8(all.map { settings[$0.name] == nil ? 0 : 1 })),
            ("description", .string(StringColumn(all.map { _ in "" }))),
            ("readonly", .uint8(all.map { _ in 0 })),
            ("type", .string(StringColumn(all.map(\.type)))),
            ("default", .string(StringColumn(all.map(\.defaultValue)))),
        ])
    }

    /// Tables and views by (database, name); a view reports its target's totals, as ClickHouse does.
    private static func tables(_ snapshot: Snapshot) -> Batch {
        var rows: [(TableName, String, TableState?, String)] = snapshot.tables.map {
            ($0.key, $0.value.definition.engine.name, $0.value, DDL.createStatement($0.value.definition))
        }
        rows += snapshot.views.compactMap { name, view in
            snapshot.tables[view.target].map { (name, "MaterializedView", $0, DDL.createStatement(view, target: $0.definition, source: snapshot.tables[view.source]?.definition)) }
        }
        rows.sort { $0.0 < $1.0 }
        func bytes(_ state: TableState?) -> UInt64 { UInt64(state?.parts.reduce(0) { $0 + $1.reader.bytesOnDisk } ?? 0) }
        return Batch([
            ("database", .string(StringColumn(rows.map(\.0.database)))),
            ("name", .string(StringColumn(rows.map(\.0.table)))),
            ("table", .string(StringColumn(rows.map(\.0.table)))),
            ("engine", .string(StringColumn(rows.map(\.1)))),
            ("partition_key", .string(StringColumn(rows.map { row in
                row.2.map { $0.definition.partitionColumn.map { "toYYYYMM(\($0))" } ?? $0.definition.partitionExpression?.text ?? "" } ?? ""
            }))),
            ("sorting_key", .string(StringColumn(rows.map { $0.2?.definition.orderBy.joined(separator: ", ") ?? "" }))),
            ("total_rows", .uint64(rows.map { UInt64($0.2?.parts.reduce(0) { $0 + $1.rows } ?? 0) })),
            ("total_bytes", .uint64(rows.map { bytes($0.2) })),
            // EdgeHouse's SHOW CREATE text (ClickHouse writes it on one line): forwarders read
            // the tables' settings here (`non_replicated_deduplication_window`).
            ("create_table_query", .string(StringColumn(rows.map(\.3)))),
        ])
    }

    private static func columns(_ snapshot: Snapshot) -> Batch {
        var database = [String](), table = [String](), name = [String](), type = [String]()
        var defaultKind = [String](), defaultExpression = [String](), comment = [String]()
        var position = [UInt64](), compressed = [UInt64](), inPartition = [UInt8](), inSorting = [UInt8](), codec = [String]()
        for (tableName, state) in snapshot.tables.sorted(by: { $0.key < $1.key }) {
            var columnBytes = [Int](repeating: 0, count: state.definition.columns.count)
            for part in state.parts where part.reader.meta.columns.elementsEqual(state.definition.columns, by: { $0.name == $1.name && $0.type == $1.type }) {
                for (c, bytes) in part.reader.columnBytes.enumerated() { columnBytes[c] += bytes }
            }
            for (index, column) in state.definition.columns.enumerated() where column.isDeclared {
                database.append(tableName.database)
                table.append(tableName.table)
                name.append(column.name)
                type.append(column.declaredType)
                defaultKind.append(column.defaultValue?.kind.rawValue ?? "")
                defaultExpression.append(column.defaultValue?.expression ?? "")
                comment.append(column.comment ?? "")
                position.append(UInt64(index + 1))
                compressed.append(UInt64(columnBytes[index]))
                inPartition.append(state.definition.partitionColumn == column.name || state.definition.partitionExpression?.columns.contains(column.name) == true ? 1 : 0)
                inSorting.append(state.definition.orderBy.contains(column.name) ? 1 : 0)
                codec.append(column.codecs.map(ColumnCodec.clause) ?? "")
            }
        }
        return Batch([
            ("database", .string(StringColumn(database))), ("table", .string(StringColumn(table))),
            ("name", .string(StringColumn(name))), ("type", .string(StringColumn(type))), ("position", .uint64(position)),
            ("default_kind", .string(StringColumn(defaultKind))), ("default_expression", .string(StringColumn(defaultExpression))),
            ("comment", .string(StringColumn(comment))),
            ("data_compressed_bytes", .uint64(compressed)),
            ("is_in_partition_key", .uint8(inPartition)), ("is_in_sorting_key", .uint8(inSorting)),
            ("is_in_primary_key", .uint8(inSorting)), ("compression_codec", .string(StringColumn(codec))),
        ])
    }

    /// One row per forwarded table (`forwarding.md` §3.11, the columns that mean something here):
    /// what waits, the batch in flight, the counters (durable) and the forwarder's last word.
    private static func forwarding(_ rows: [ForwardingStatus], now: UInt32) -> Batch {
        func strings(_ value: (ForwardingStatus) -> String) -> ColumnValues { .string(StringColumn(rows.map(value))) }
        func counts(_ value: (ForwardingStatus) -> UInt64) -> ColumnValues { .uint64(rows.map(value)) }
        func times(_ value: (ForwardingStatus) -> UInt32) -> ColumnValues { .dateTime(rows.map(value)) }
        return Batch([
            ("destination", strings { $0.report?.destination ?? "" }),
            ("database", strings { $0.progress.table.database }),
            ("table", strings { $0.progress.table.table }),
            ("mode", strings { $0.report?.mode.rawValue ?? "unknown" }),
            ("state", strings { $0.report?.state.rawValue ?? "stopped" }),
            ("lag_rows", counts { UInt64($0.progress.waitingRows) }),
            ("lag_bytes", counts { UInt64($0.progress.waitingBytes) }),
            ("lag_parts", counts { UInt64($0.progress.waitingParts) }),
            ("lag_seconds", .uint32(rows.map { $0.progress.oldestWaitingTime.map { now > $0 ? now - $0 : 0 } ?? 0 })),
            ("in_flight_token", strings { $0.progress.inFlightToken ?? "" }),
            ("in_flight_since", times { $0.progress.inFlight?.since ?? 0 }),
            ("in_flight_attempts", .uint32(rows.map { UInt32($0.progress.inFlight?.maybeDelivered ?? 0) })),
            ("rows_sent", counts(\.progress.counters.rowsSent)),
            ("bytes_sent", counts(\.progress.counters.bytesSent)),
            ("batches_sent", counts(\.progress.counters.batchesSent)),
            ("attempts_failed", counts { $0.report?.attemptsFailed ?? 0 }),
            ("in_doubt_resends", counts(\.progress.counters.inDoubtResends)),
            ("rows_possibly_duplicated", counts(\.progress.counters.rowsPossiblyDuplicated)),
            ("rows_expired_unforwarded", counts(\.progress.counters.rowsExpiredUnforwarded)),
            ("rows_dropped_unforwarded", counts(\.progress.counters.rowsDroppedUnforwarded)),
            ("rows_evicted_unforwarded", counts(\.progress.counters.rowsEvictedUnforwarded)),
            ("rows_evicted_forwarded", counts(\.progress.counters.rowsEvictedForwarded)),
            ("last_success_time", times { $0.report?.lastSuccessTime ?? 0 }),
            ("last_error", strings { $0.report?.lastError ?? "" }),
            ("last_error_code", .int64(rows.map { Int64($0.report?.lastErrorCode ?? 0) })),
            ("last_error_time", times { $0.report?.lastErrorTime ?? 0 }),
        ])
    }

    /// The directories of every table's `detached/`: parts detached by `DETACH`, and those set
    /// aside as broken when the store opened (reason `broken`). Their sizes and times are not kept.
    private static func detachedParts(_ store: Store) throws(StorageError) -> Batch {
        let all = try store.detachedParts()
        func nullable(_ values: ColumnValues, _ present: [Bool]) -> ColumnValues {
            .nullable(NullableColumn(values: values, nulls: present.map { !$0 }))
        }
        let named = all.map { $0.part != nil }
        return Batch([
            ("database", .string(StringColumn(all.map(\.table.database)))),
            ("table", .string(StringColumn(all.map(\.table.table)))),
            ("partition_id", nullable(.string(StringColumn(all.map { $0.part?.partition.description ?? "" })), named)),
            ("name", .string(StringColumn(all.map(\.directoryName)))),
            ("disk", .string(StringColumn(all.map { _ in "default" }))),
            ("reason", .nullable(NullableColumn(values: .string(StringColumn(all.map(\.reason))), nulls: all.map { _ in false }))),
            ("min_block_number", nullable(.int64(all.map { Int64($0.part?.minBlock ?? 0) }), named)),
            ("max_block_number", nullable(.int64(all.map { Int64($0.part?.maxBlock ?? 0) }), named)),
            ("level", nullable(.uint32(all.map { $0.part?.level ?? 0 }), named)),
        ])
    }

    /// Active parts (EdgeHouse removes replaced parts from the list at once).
    private static func parts(_ snapshot: Snapshot) throws(StorageError) -> Batch {
        let all = snapshot.tables.sorted { $0.key < $1.key }.flatMap { name, state in state.parts.map { (name, $0) } }
        var partitions = [String]()
        for (name, part) in all {
            let definition = snapshot.tables[name]!.definition
            partitions.append(try PartitionKeys.display(part.name.partition, definition: definition) { () throws(StorageError) -> Batch? in
                // The key's columns in the part's first row: every row of a part has the same key.
                let columns = definition.columns.filter { definition.partitionExpression?.columns.contains($0.name) == true }
                guard part.meta.granuleCount > 0 else { return nil }
                let first = try part.reader.read(columns, granules: 0..<1)
                return Batch(zip(columns.map(\.name), first.map { $0.slice(0..<1) }).map { ($0, $1) })
            })
        }
        return Batch([
            ("database", .string(StringColumn(all.map(\.0.database)))),
            ("table", .string(StringColumn(all.map(\.0.table)))),
            ("partition", .string(StringColumn(partitions))),
            ("partition_id", .string(StringColumn(all.map { $0.1.name.partition.description }))),
            ("name", .string(StringColumn(all.map { $0.1.name.description }))),
            ("min_block_number", .int64(all.map { Int64($0.1.name.minBlock) })),
            ("max_block_number", .int64(all.map { Int64($0.1.name.maxBlock) })),
            ("level", .uint32(all.map { $0.1.name.level })),
            ("rows", .uint64(all.map { UInt64($0.1.rows) })),
            ("active", .uint8(all.map { _ in 1 })),
            // ClickHouse 26.9 counts a final mark after the last granule.
            ("marks", .uint64(all.map { UInt64($0.1.meta.granuleCount + 1) })),
            ("bytes_on_disk", .uint64(all.map { UInt64($0.1.reader.bytesOnDisk) })),
        ])
    }
}
