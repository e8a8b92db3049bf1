import ArgumentParser
import EdgeHouse
import OptiInfraWorkload

/// The shapes of data users produce, as `Benchmarks/shapes.py` makes them from the reference
/// generator's files, applied to the benchmark's typed input.
enum DataShape: String, CaseIterable, ExpressibleByArgument {
    /// Rows in arrival (time) order, floats as generated (short decimals).
    case a
    /// The same rows in a seeded random order: many agents interleaved, a backfill.
    case b
    /// Every float at full precision: a measured value, all its mantissa bits used.
    case c
    /// Both: full-precision floats in a random order.
    case d

    var isShuffled: Bool { self == .b || self == .d }
    var hasFullPrecisionFloats: Bool { self == .c || self == .d }

    /// `batches` reshaped, then cut into batches of the same sizes again.
    func apply(to batches: [Batch], seed: UInt64) -> [Batch] {
        guard self != .a, !batches.isEmpty else { return batches }
        var random = SplitMix64(seed: seed)
        var rows = Batch(joining: batches)
        if hasFullPrecisionFloats {
            // Moved by less than a thousandth of themselves, as shapes.py does.
            rows = Batch(zip(rows.names, rows.columns).map { name, column in
                switch column {
                case .float32(let values): (name, .float32(values.map { $0 * Float(1 - random.unit() * 1e-3) }))
                case .float64(let values): (name, .float64(values.map { $0 * (1 - random.unit() * 1e-3) }))
                default: (name, column)
                }
            })
        }
        if isShuffled {
            var order = (0..<Int32(rows.rowCount)).map { $0 }
            order.shuffle(using: &random)
            rows = rows.gathering(order)
        }
        var reshaped = [Batch]()
        var start = 0
        for batch in batches {
            reshaped.append(rows.slice(start..<start + batch.rowCount))
            start += batch.rowCount
        }
        return reshaped
    }
}
