// The child process of the kill -9 tests: inserts CrashWorkload batches into a store on disk
// — directly, or through the insert log (fdatasync per insert) with flushes by size, age and
// explicit call — with background merges and TTL eviction on, and prints `ack <id>` after each
// insert returns. The parent SIGKILLs it at a random moment and checks the store.
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
    options.insertBuffer.flushBytes = 64 << 10
    options.insertBuffer.flushAge = .milliseconds(100)
    let store = try Store.open(path: arguments[1], options: options)
    try store.createTable(CrashWorkload.definition(), ifNotExists: true)
    try store.createTable(CrashWorkload.definition(CrashWorkload.expiringTable), ifNotExists: true)
    for id in first..<first + count {
        let batch = CrashWorkload.batch(id)
        if CrashWorkload.isBuffered(id) {
            try store.insertBuffered(batch, into: CrashWorkload.table)
        } else {
            try store.insert(batch, into: CrashWorkload.table)
        }
        say("ack \(id)")
        try store.insert(batch, into: CrashWorkload.expiringTable)
        if id % 7 == 0 { try store.optimize(CrashWorkload.table) }
        if id % 11 == 0 { try store.flushInsertBuffer() }
    }
    say("done")
} catch {
    say("crash writer failed: \(error)", to: .standardError)
    exit(1)
}
