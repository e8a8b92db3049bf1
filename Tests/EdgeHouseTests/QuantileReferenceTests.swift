@testable import EdgeHouse
import Foundation
import Testing

/// `quantile`, `quantiles`, `quantileExact` and state bytes against ClickHouse 26.9's own
/// answers (References/quantile.tsv, produced by Tests/References/generate.py with chdb and
/// `max_threads = 1`).
@Suite struct QuantileReferenceTests {
    /// `toFloat32(((number * 7919) % 10007) / 7)`, the generator's values.
    static func value(_ i: Int) -> Float { Float(Double((i * 7919) % 10007) / 7.0) }

    static func reservoir(_ range: Range<Int>) -> Reservoir<Float> {
        var reservoir = Reservoir<Float>()
        for i in range { reservoir.insert(value(i)) }
        return reservoir
    }

    struct Line {
        var kind: String, function: String, size: String, level: String, expected: String
    }

    static let lines: [Line] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References/quantile.tsv")
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Line(kind: f[0], function: f[1], size: f[2], level: f[3], expected: f[4])
        }
    }()

    @Test func singleStatesGiveClickHousesAnswers() throws {
        var checked = 0
        for line in Self.lines where line.kind == "single" {
            let n = Int(line.size)!
            let actual: String
            switch line.function {
            case "quantile":
                actual = FloatText.format(Self.reservoir(0..<n).quantile(Double(line.level)!))
            case "quantileExact":
                var states = ExactQuantileStates<Float>()
                states.grow(to: 1)
                states.update(.float32((0..<n).map(Self.value)), groups: Array(repeating: 0, count: n))
                guard case .float32(let result) = states.finalize(.quantileExact(Double(line.level)!)) else { return }
                actual = FloatText.format(result[0])
            case "quantiles":
                var states = ReservoirStates<Float>()
                states.grow(to: 1)
                states.update(.float32((0..<n).map(Self.value)), groups: Array(repeating: 0, count: n))
                guard case .arrays(let result) = states.finalize(.quantiles([0.5, 0.95, 0.99])) else { return }
                actual = "[" + result.doubles(0).map { FloatText.format($0) }.joined(separator: ",") + "]"
            case "quantileUInt32":
                var reservoir = Reservoir<UInt32>()
                for i in 0..<n { reservoir.insert(UInt32(i * 7919 % 10007)) }
                actual = FloatText.format(reservoir.quantile(0.95))
            default:
                Issue.record("unknown function \(line.function)")
                continue
            }
            #expect(actual == line.expected, "\(line.function)(\(line.level)) over \(n) values")
            checked += 1
        }
        #expect(checked == 6 * 12)
    }

    @Test func statesMergedInCanonicalOrderGiveClickHousesAnswers() {
        var checked = 0
        for line in Self.lines where line.kind == "merged" {
            var accumulator = Reservoir<Float>()
            var start = 0
            for size in line.size.split(separator: "+").map({ Int($0)! }) {
                accumulator.merge(Self.reservoir(start..<start + size))
                start += size
            }
            #expect(FloatText.format(accumulator.quantile(Double(line.level)!)) == line.expected, "\(line.function) at \(line.level)")
            checked += 1
        }
        #expect(checked == 21)
    }

    @Test func serializedStatesAreByteIdenticalToClickHouses() throws {
        var checked = 0
        for line in Self.lines where line.kind == "state" {
            let n = Int(line.size)!
            let function: AggregateFunction = switch line.function {
            case "count": try AggregateFunction(.count, nil)
            case "quantile": try AggregateFunction(.quantile(0.5), .float32)
            case "avg": try AggregateFunction(.avg, .float32)
            case "sum": try AggregateFunction(.sum, .float32)
            case "max": try AggregateFunction(.max, .float32)
            case "min": try AggregateFunction(.min, .float32)
            default: try AggregateFunction(.quantileExact(0.5), .float32)
            }
            var states = function.makeStates()
            states.grow(to: 1)
            states.update(.float32((0..<n).map(Self.value)), groups: Array(repeating: 0, count: n))
            var bytes = [UInt8]()
            states.serialize(0, into: &bytes)
            let hex = bytes.map { String(format: "%02X", $0) }.joined()
            #expect(hex == line.expected, "\(line.function)State over \(n) values")
            // And the bytes read back into the same state.
            var reread = function.makeStates()
            reread.grow(to: 1)
            try reread.merge(StringColumn(repeating: bytes, count: 1), groups: [0])
            #expect(reread.serializedColumn() == states.serializedColumn() || n > 8192)
            checked += 1
        }
        #expect(checked == 14)
    }
}
