/// Builds merged quantile states from raw values, for accuracy measurements.
public enum QuantileStates {
    /// One state per `stateSize` values, each serialized and merged in order into a fresh state,
    /// as a query's `-Merge` over a view's parts does. Returns the merged states (one group) and
    /// how many states were merged.
    public static func build(_ function: AggregateFunction, _ values: [Float], stateSize: Int) throws -> (Merged, Int) {
        var merged = function.makeStates()
        merged.grow(to: 1)
        var count = 0
        for start in stride(from: 0, to: values.count, by: max(1, stateSize)) {
            var part = function.makeStates()
            part.grow(to: 1)
            let chunk = Array(values[start..<min(values.count, start + stateSize)])
            part.update(.float32(chunk), groups: Array(repeating: 0, count: chunk.count))
            try merged.merge(part.serializedColumn(), groups: [0])
            count += 1
        }
        return (Merged(states: merged), count)
    }

    /// Merged states, finalizable at any level.
    public struct Merged {
        let states: any GroupedStates
        public func finalize(_ kind: AggregateKind) -> ColumnValues { states.finalize(kind) }
    }
}
