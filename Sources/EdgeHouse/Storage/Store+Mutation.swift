import Foundation

extension Store {
    /// `ALTER TABLE … DELETE/UPDATE` (a mutation): the rows of every part the table has now go
    /// through `transform` (in the table's column order), and each part is replaced by its
    /// result — in its own commit, as ClickHouse mutates part by part. `transform` returns `nil`
    /// for rows it leaves as they are (that part is kept). Parts inserted meanwhile are not
    /// mutated. The parts are claimed as a merge claims them, so that no merge takes one while
    /// it waits: an UPDATE is applied to each row once.
    public func mutate(_ table: TableName, _ transform: (Batch) throws(StorageError) -> Batch?) throws(StorageError) {
        let definition = try self.table(table).definition
        try withClaimedParts(of: table) { (parts: [DataPart]) throws(StorageError) in
            try mutate(parts, of: definition, transform)
        }
    }

    /// `ALTER TABLE … MODIFY COLUMN`: every part rewritten under `definition` (the table's new
    /// one) through `convert` (from the rows in the old columns the part holds), and the new definition and
    /// parts committed together — all or nothing, so a value that does not convert changes nothing.
    public func alterTable(_ definition: TableDefinition, rewriting convert: (Batch) throws(StorageError) -> Batch) throws(StorageError) {
        let table = definition.name
        let old = try self.table(table).definition
        try withClaimedParts(of: table) { (parts: [DataPart]) throws(StorageError) in
            var written = [DataPart]()
            do throws(StorageError) {
                for part in parts {
                    // The old columns the part holds: one added since (without a value written)
                    // reaches `convert` absent, and takes the new type's default, as in ClickHouse.
                    let held = old.columns.filter(part.reader.holds)
                    let columns = held.isEmpty ? old.columns : held
                    let rows = try convert(Batch(names: columns.map(\.name),
                                                 columns: try part.reader.read(columns, granules: 0..<part.meta.granuleCount)))
                    guard rows.rowCount > 0 else { continue }
                    let name = PartName(partition: part.name.partition, minBlock: part.name.minBlock, maxBlock: part.name.maxBlock,
                                        level: part.name.level + 1)
                    written.append(try writePart(name: name, definition: definition, purpose: "alter") { writer throws(StorageError) in
                        try io { try writer.append(Self.conform(rows, to: definition)) }
                    })
                }
                try syncTableDirectory(table)
                try commit(Change(alteredTables: [definition], addedParts: [table: written], removedParts: [table: parts.map(\.name)],
                                  isMaintenance: true))
            } catch {
                discard(written)
                throw error
            }
        }
    }

    /// Runs `body` with the parts `table` has now claimed as a merge claims them (no merge takes
    /// one meanwhile); a merge holding some of them finishes first, and its output is claimed.
    private func withClaimedParts(of table: TableName, _ body: ([DataPart]) throws(StorageError) -> Void) throws(StorageError) {
        let deadline = Date().addingTimeInterval(60)
        var parts = [DataPart]()
        var keys = [PartKey]()
        while true {
            parts = try self.table(table).parts
            keys = parts.map { PartKey(table: table, part: $0.name) }
            guard case .busy(let releases) = partsBeingMerged.claim(keys) else {
                // A merge that committed between the read and the claim replaced some of them.
                if stillActive(parts, in: table) { break }
                partsBeingMerged.release(keys)
                continue
            }
            // A merge holds some of them: its end (which may replace them) wakes this up.
            guard partsBeingMerged.waitForRelease(after: releases, until: deadline) else { throw .conflict(table: table) }
        }
        defer { partsBeingMerged.release(keys) }
        try body(parts)
    }

    private func mutate(_ parts: [DataPart], of definition: TableDefinition,
                        _ transform: (Batch) throws(StorageError) -> Batch?) throws(StorageError) {
        let table = definition.name
        for part in parts {
            // Only a DROP PARTITION or TRUNCATE meanwhile removes a claimed part.
            guard try self.table(table).parts.contains(where: { $0.name == part.name }) else { continue }
            let rows = Batch(names: definition.columns.map(\.name),
                             columns: try part.reader.read(definition.columns, granules: 0..<part.meta.granuleCount))
            guard let mutated = try transform(rows) else { continue }
            // The rows keep their order (no key column changes), so the part is written as is,
            // under the next level of the same blocks (as a merge of this one part).
            let name = PartName(partition: part.name.partition, minBlock: part.name.minBlock, maxBlock: part.name.maxBlock,
                                level: part.name.level + 1)
            var added = [DataPart]()
            if mutated.rowCount > 0 {
                added = [try writePart(name: name, definition: definition, purpose: "mutation") { writer throws(StorageError) in
                    try io { try writer.append(mutated) }
                }]
            }
            do {
                try syncTableDirectory(table)
                try commit(Change(addedParts: [table: added], removedParts: [table: [part.name]], isMaintenance: true))
            } catch {
                discard(added)
                throw error
            }
        }
    }
}
