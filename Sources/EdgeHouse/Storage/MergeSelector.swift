/// Chooses which parts of a partition to merge: size-tiered, in the spirit of ClickHouse's
/// `SimpleMergeSelector`.
///
/// Only adjacent parts (in block order) merge, so a merged part always covers a contiguous
/// block range and its name says which parts it replaced. A window of parts qualifies when it
/// holds at least `mergeFactor` parts and its largest part is no bigger than the rest together
/// (merging a big part with crumbs rewrites the big part for little gain). Among qualifying
/// windows the one with the fewest total rows wins: small merges first, as fresh parts pile up.
/// A partition that reaches twice the factor merges its cheapest qualifying window even if it
/// is lopsided, so part counts stay bounded.
struct MergeSelector {
    var mergeFactor: Int
    var maxPartsPerMerge: Int
    var maxMergedPartRows: Int

    init(options: StoreOptions) {
        mergeFactor = max(2, options.mergeFactor)
        maxPartsPerMerge = max(mergeFactor, options.maxPartsPerMerge)
        maxMergedPartRows = options.maxMergedPartRows
    }

    /// The parts to merge next in one partition (sorted by block number), or `nil`.
    func select(_ parts: [DataPart]) -> [DataPart]? {
        let candidates = parts.filter { $0.rows < maxMergedPartRows }
        guard candidates.count >= mergeFactor else { return nil }
        var best: (window: ArraySlice<DataPart>, rows: Int)?
        var cheapestAny: (window: ArraySlice<DataPart>, rows: Int)?
        for start in candidates.indices {
            for length in mergeFactor...maxPartsPerMerge where start + length <= candidates.count {
                let window = candidates[start..<start + length]
                // Only windows of parts that are adjacent among all parts (none skipped as too big).
                guard isContiguous(window, in: parts) else { continue }
                let rows = window.reduce(0) { $0 + $1.rows }
                guard rows <= maxMergedPartRows else { continue }
                let largest = window.map(\.rows).max() ?? 0
                if cheapestAny == nil || rows < cheapestAny!.rows { cheapestAny = (window, rows) }
                if largest <= rows - largest, best == nil || rows < best!.rows { best = (window, rows) }
            }
        }
        if let best { return Array(best.window) }
        if candidates.count >= 2 * mergeFactor, let cheapestAny { return Array(cheapestAny.window) }
        return nil
    }

    private func isContiguous(_ window: ArraySlice<DataPart>, in parts: [DataPart]) -> Bool {
        guard let first = parts.firstIndex(where: { $0 === window.first }) else { return false }
        return parts[first..<min(first + window.count, parts.count)].elementsEqual(window, by: ===)
    }
}
