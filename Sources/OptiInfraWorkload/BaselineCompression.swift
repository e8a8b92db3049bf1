import EdgeHouse
/// The throughput baseline benchmarks report against: LZ4-compressing the same rows' column
/// bytes in 64 KiB blocks on one core. Measured in the same run as the thing it is compared
/// with, because this machine is shared and its speed varies.
public enum BaselineCompression {
    /// Rows per second at which one core LZ4-compresses the serialized columns of `batches`.
    public static func rowsPerSecond(_ batches: [Batch]) -> Double {
        let start = ContinuousClock.now
        var rows = 0
        var sink = 0
        for batch in batches {
            for column in batch.columns {
                let bytes = ColumnSerialization.encode(column)
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + 65_536, bytes.count)
                    sink &+= BlockCompression.lz4.compress(Array(bytes[offset..<end]))?.count ?? 0
                    offset = end
                }
            }
            rows += batch.rowCount
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return sink == -1 ? 0 : Double(rows) / seconds
    }
}
