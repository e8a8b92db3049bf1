#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a stream (a pipe, a terminal, a file given as standard input) straight into the
/// spare capacity of a byte array: no intermediate buffer, no copy.
public enum StreamReading {
    /// Reads at most `limit` bytes from `fd` onto the end of `buffer`; the number read, 0 at the
    /// end of the stream.
    public static func read(_ fd: Int32, appendingTo buffer: inout [UInt8], atMost limit: Int,
                            name: String = "stdin") throws(IOError) -> Int {
        var result = 0
        while true {
            buffer.append(addingCapacity: limit) { (spare: inout OutputSpan<UInt8>) in
                // Reason for the pointer: read(2) fills a raw buffer.
                spare.withUnsafeMutableBufferPointer { bytes, initialized in
                    result = Glibc.read(fd, bytes.baseAddress!, bytes.count)
                    initialized = max(0, result)
                }
            }
            if result >= 0 { return result }
            if errno != EINTR { throw IOError(errno: errno, .read, name) }
        }
    }
}
