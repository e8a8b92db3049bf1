// The fuzz driver. Built by `scripts/fuzz` with `-sanitize=fuzzer` and `-DEDGEHOUSE_LIBFUZZER`,
// it is a libFuzzer binary for the target named by `EDGEHOUSE_FUZZ_TARGET` (see `FuzzTarget`);
// built normally, it replays input files through a target, so a crash libFuzzer found can be
// rerun and debugged without the fuzzer: `edgehouse-fuzz <target> <file>…`.
import EdgeHouseTestSupport
import Foundation

#if EDGEHOUSE_LIBFUZZER
let selectedTarget = ProcessInfo.processInfo.environment["EDGEHOUSE_FUZZ_TARGET"].flatMap(FuzzTarget.init) ?? .sql

/// One input; a broken promise traps, which libFuzzer reports as a crash and saves the input.
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // Reason for the pointer: libFuzzer hands over a C buffer; it is copied at once.
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if case .violation(let why) = selectedTarget.run(input) { fatalError(why) }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point under this name; libFuzzer's driver takes over
/// from it (libFuzzer's own `main` is not linked).
@_cdecl("edgehouse_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { fuzzOneInput($0, $1) }
}
#else
@main struct ReplayInputs {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: edgehouse-fuzz <\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))> <input file>…")
            exit(2)
        }
        var violations = 0
        for path in arguments.dropFirst() {
            let outcome = target.run(Array(FileManager.default.contents(atPath: path) ?? Data()))
            print("\(path): \(outcome)")
            if case .violation = outcome { violations += 1 }
        }
        exit(violations == 0 ? 0 : 1)
    }
}
#endif
