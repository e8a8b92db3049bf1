import EdgeHouse
import EdgeHouseTestSupport
import Foundation
import Testing
import OptiInfraWorkload

/// The fuzz targets (`EdgeHouseTestSupport/FuzzTargets.swift`) in CI: every committed corpus
/// input (`Tests/FuzzCorpus/<target>/`, seeds and what libFuzzer found, see `scripts/fuzz`) is
/// replayed, then mutants of it are run. No input may crash or break a target's promise.
///
/// `EDGEHOUSE_FUZZ_ITERATIONS` (mutants per target, default 300) and `EDGEHOUSE_FUZZ_SEED` run
/// longer; `scripts/fuzz <target> <seconds>` runs libFuzzer itself.
@Suite struct FuzzTargetTests {
    static let corpusDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["EDGEHOUSE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 300
    static let seed = environment["EDGEHOUSE_FUZZ_SEED"].flatMap(UInt64.init) ?? 7

    static func corpus(_ target: FuzzTarget) throws -> [[UInt8]] {
        let directory = corpusDirectory.appendingPathComponent(target.rawValue)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map {
            Array(try Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }

    /// Bytes libFuzzer-style mutations draw from: structure characters of every format.
    static let alphabet = Array("\t\n,;\"'\\{}[]():-. 0123456789eEnaNfiIxX".utf8) + [0, 0xff, 0x80]

    /// One to four edits.
    static func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0...Int.random(in: 0..<4, using: &random) { bytes = Mutation.mutate(bytes, alphabet: alphabet, &random) }
        return bytes
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyInputIsAnsweredOrCleanlyRefused(_ target: FuzzTarget) async throws {
        let corpus = try Self.corpus(target)
        try #require(!corpus.isEmpty, "no corpus for \(target)")
        var outcomes = [String: Int]()
        func check(_ input: [UInt8]) async {
            let outcome = await target.run(input)
            if case .violation(let why) = outcome {
                Issue.record("\(target): \(why) for input \(input.prefix(200))")
            }
            outcomes[outcome == .accepted ? "accepted" : "rejected", default: 0] += 1
        }
        for input in corpus { await check(input) }
        var random = SplitMix64(seed: Self.seed)
        for _ in 0..<Self.iterations { await check(Self.mutate(corpus.randomElement(using: &random)!, &random)) }
        // Both paths must be exercised, or the run proves little.
        #expect(outcomes["accepted", default: 0] > 0 && outcomes["rejected", default: 0] > 0, "\(target): \(outcomes)")
    }
}
