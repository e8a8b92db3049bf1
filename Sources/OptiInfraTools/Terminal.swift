import EdgeHouse
import Foundation

/// Output helpers for people: progress on a terminal, plain lines otherwise.
public enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) != 0

    /// Redraws a one-line progress bar on stderr (nothing when stderr is not a terminal).
    static func progress(_ label: String, done: Int, total: Int) {
        guard isInteractive, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done * 100 / total)%".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// Standard input, read straight into the reader's buffers. On a terminal, a read that goes
    /// on for more than a second shows how much has been ingested and how fast.
    public static func standardInputWithProgress() -> InsertInput {
        let start = ContinuousClock.now
        var total = 0
        var shown = false
        return InsertInput.stream(STDIN_FILENO) { count in
            total += count
            let elapsed = seconds(since: start)
            guard isInteractive, elapsed > 1 else { return }
            let line = count == 0 ? "\n" : "\ringesting: \(bytes(total)) read, \(bytes(Int(Double(total) / elapsed)))/s "
            if count > 0 || shown { FileHandle.standardError.write(Data(line.utf8)) }
            shown = true
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var value = Double(count), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return String(format: "%.2f %@", value, units[unit])
    }

    /// Total size of the files under a directory.
    static func diskUsage(_ path: String) -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        for case let file as String in enumerator {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + file)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int) ?? 0 }
        }
        return total
    }

    /// Starts the peak-resident-memory count (`VmHWM`) afresh from the current size, so a
    /// phase of a benchmark is measured alone (Linux's `/proc/self/clear_refs`, value 5).
    static func resetPeakResident() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        handle.write(Data("5".utf8))
        try? handle.close()
    }

    /// The process's peak resident memory so far (`VmHWM` in `/proc/self/status`), or nil where
    /// that file does not exist.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kibibytes = Int(line.dropFirst("VmHWM:".count).filter(\.isNumber)) else { return nil }
        return kibibytes * 1024
    }
}
