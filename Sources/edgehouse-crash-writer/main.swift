// The child process of the kill -9 tests: inserts CrashWorkload batches into a store on disk
// with background merges on, and prints `ack <id>` after each insert returns. The parent
// SIGKILLs it at a random moment and checks the store.
//
// Usage: edgehouse-crash-writer <store path> <first insert id> <inserts>
import EdgeHouse
import EdgeHouseTestSupport
import Foundation

/// Unbuffered: an `ack` line must leave the process before the next insert starts.
func say(_ line: String, to handle: FileHandle = .standardOutput) {
    handle.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let first = UInt64(arguments[2]), let count = UInt64(arguments[3]) else {
    say("usage: edgehouse-crash-writer <store path> <first insert id> <inserts>", to: .standardError)
    exit(2)
}
do {
    var options = StoreOptions()
    options.mergeFactor = 3
    let store = try Store.open(path: arguments[1], options: options)
    try store.createTable(CrashWorkload.definition(), ifNotExists: true)
    for id in first..<first + count {
        try store.insert(CrashWorkload.batch(id), into: CrashWorkload.table)
        say("ack \(id)")
        if id % 7 == 0 { try store.optimize(CrashWorkload.table) }
    }
    say("done")
} catch {
    say("crash writer failed: \(error)", to: .standardError)
    exit(1)
}
