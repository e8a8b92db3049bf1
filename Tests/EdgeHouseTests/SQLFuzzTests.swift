@testable import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraWorkload

/// Mutation fuzzing of the SQL front end and the insert path, seeded from the query cases:
/// one statement of a case is mangled (bytes deleted, duplicated, replaced, truncated) and the
/// case replayed. Whatever the input, EdgeHouse must answer or fail with a ClickHouse-shaped
/// error — never crash, never trap — and a failed statement must leave every table's row count
/// as it was (no partial insert).
///
/// `EDGEHOUSE_FUZZ_ITERATIONS=100000 EDGEHOUSE_FUZZ_SEED=…` runs a longer soak;
/// `EDGEHOUSE_FUZZ_TRACE=1` prints each mutant to stderr first, so a crash names its input.
@Suite struct SQLFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["EDGEHOUSE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2000
    static let seed = environment["EDGEHOUSE_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261125
    static let trace = environment["EDGEHOUSE_FUZZ_TRACE"] != nil

    /// Characters a mutation inserts: SQL punctuation, quotes, escapes, digits and letters of
    /// keywords, so mutants reach past the lexer.
    static let alphabet = Array("(),;.'`\"\\-+*/=<>!{}[]:? \n\t0123456789eEnNxXaAsStT_")

    static func mutate(_ statement: String, _ random: inout SplitMix64) -> String {
        String(Mutation.mutate(Array(statement), alphabet: alphabet, &random))
    }

    static func totalRows(_ store: Store) throws -> Int {
        let snapshot = store.snapshot()
        return try snapshot.tables.keys.reduce(0) { try $0 + snapshot.rowCount(of: $1) }
    }

    @Test func mangledStatementsFailCleanlyAndStoreNothing() throws {
        let corpus = try QueryTests.cases.map { name in
            QueryTests.statements(try String(contentsOf: QueryTests.directory.appendingPathComponent(name + ".sql"), encoding: .utf8)).map(\.0)
        }
        var random = SplitMix64(seed: Self.seed)
        var failures = 0, answers = 0
        for _ in 0..<Self.iterations {
            let statements = corpus.randomElement(using: &random)!
            let victim = Int.random(in: 0..<statements.count, using: &random)
            var options = StoreOptions()
            options.backgroundMaintenance = false
            let store = Store.inMemory(options: options)
            let session = SQLSession(store: store)
            for (index, original) in statements.enumerated() {
                let statement = index == victim ? Self.mutate(original, &random) : original
                if Self.trace && index == victim { FileHandle.standardError.write(Data("mutant: \(statement.debugDescription)\n".utf8)) }
                let rowsBefore = try Self.totalRows(store)
                do {
                    _ = try session.execute(statement)
                    if index == victim { answers += 1 }
                } catch {
                    if index == victim { failures += 1 }
                    #expect(error.code > 0 && error.description.hasPrefix("Code: \(error.code). DB::Exception: "),
                            "not a ClickHouse-shaped error for \(statement.debugDescription): \(error)")
                    #expect(try Self.totalRows(store) == rowsBefore, "a failed statement changed the data: \(statement.debugDescription)")
                }
            }
        }
        // The mutants must exercise both paths, or the test proves nothing.
        #expect(failures > Self.iterations / 10 && answers > Self.iterations / 40, "\(failures) failures, \(answers) answers")
    }
}
