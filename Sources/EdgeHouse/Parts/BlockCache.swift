import Synchronization

/// Decompressed column blocks of recently read parts: a store's own (ClickHouse's uncompressed
/// cache), sized by `StoreOptions.blockCacheBytes`. Dashboard queries read the same few blocks of the views'
/// parts again and again; from the cache they skip the read, the CRC and the decompression.
///
/// Parts are immutable and each open ``PartReader`` has its own number, so an entry can never be
/// stale: a part rewritten under the same name is a new reader. Least recently used blocks are
/// evicted beyond `capacity` bytes. Only small reads use it (see `Snapshot.scan`); merges and
/// long scans bypass it, so they do not flush what the dashboards need.
final class BlockCache: Sendable {
    struct Key: Hashable {
        var reader: UInt64
        var column: Int
        var blockOffset: UInt64
    }

    private struct Entry {
        var bytes: [UInt8]
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    private static let nextReader = Atomic<UInt64>(1)

    /// A number for a newly opened reader, never reused in this process.
    static func readerNumber() -> UInt64 { nextReader.add(1, ordering: .relaxed).oldValue }

    let capacity: Int
    private let state = Locked(State())

    init(capacity: Int) { self.capacity = capacity }

    func block(_ key: Key) -> [UInt8]? {
        state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            return entry.bytes
        }
    }

    func insert(_ bytes: [UInt8], for key: Key) {
        guard bytes.count <= capacity / 8 else { return }  // one huge block would evict everything
        state.withLock { state in
            state.clock += 1
            if let old = state.entries.updateValue(Entry(bytes: bytes, lastUse: state.clock), forKey: key) {
                state.bytes -= old.bytes.count
            }
            state.bytes += bytes.count
            guard state.bytes > capacity else { return }
            // Evict the least recently used quarter: amortizes the sort over many inserts.
            let oldest = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }
            var index = 0
            while state.bytes > capacity * 3 / 4, index < oldest.count {
                state.bytes -= oldest[index].value.bytes.count
                state.entries[oldest[index].key] = nil
                index += 1
            }
        }
    }

    var cachedBytes: Int { state.withLock { $0.bytes } }
}
