import Foundation

/// ClickHouse's Filtered Space-Saving (`SpaceSaving.h`), the state of `topK`: at most
/// `capacity` counted values, an error map for the counts of values evicted, and ClickHouse's
/// own order of operations, so that approximate answers and ties come out as 26.9's do.
///
/// Values are kept as their bytes in the state's layout (a number's little-endian bytes, a
/// string's bytes); `hash` is ClickHouse's hash of the value (``CRC32Hash``), which picks the
/// error-map bucket of an evicted value.
struct SpaceSaving: Sendable {
    struct Counter: Sendable {
        var key: [UInt8]
        var hash: UInt64
        var count: UInt64
        var error: UInt64

        /// ClickHouse's order: more certain occurrences (count − error) first, then the larger count.
        static func precedes(_ l: Counter, _ r: Counter) -> Bool {
            let lSure = l.count &- l.error, rSure = r.count &- r.error
            return lSure > rSure || (lSure == rSure && l.count > r.count)
        }
    }

    /// The limit on error-map values, so that merges of huge weights cannot overflow.
    private static let maxAlpha = UInt64(UInt32.max)

    private(set) var capacity = 0
    /// Counters grow to this many before the least are evicted (ClickHouse sorts in batches).
    private var targetCapacity = 0
    private(set) var counters: [Counter] = []
    private var positions: [[UInt8]: Int] = [:]
    private(set) var alpha: [UInt64] = []

    var isEmpty: Bool { counters.isEmpty }

    /// Sets the capacity of an empty set (`resize`): the error map is 6 buckets per counter,
    /// rounded up to a power of two.
    mutating func reserve(_ newCapacity: Int) {
        guard capacity != newCapacity else { return }
        capacity = newCapacity
        alpha = [UInt64](repeating: 0, count: 1 << (64 - UInt64(newCapacity * 6).leadingZeroBitCount))
        targetCapacity = max(64, newCapacity * 2)
    }

    mutating func insert(_ key: [UInt8], hash: UInt64, increment: UInt64 = 1, error: UInt64 = 0) {
        if let position = positions[key] {
            counters[position].count &+= increment
            counters[position].error &+= error
            return
        }
        if counters.count < capacity {
            push(Counter(key: key, hash: hash, count: increment, error: error))
            return
        }
        let bucket = alpha[Int(hash & UInt64(alpha.count - 1))]
        push(Counter(key: key, hash: hash, count: bucket &+ increment, error: bucket &+ error))
    }

    /// Parallel Space Saving's reduce-and-combine step, as ClickHouse orders it.
    mutating func merge(_ other: SpaceSaving) {
        guard !other.isEmpty else { return }
        guard !isEmpty else {
            counters = other.counters
            alpha = other.alpha
            truncate(rebuildingPositions: true)
            return
        }
        let m1 = counters.count >= capacity ? alpha.max() ?? 0 : 0
        let m2 = other.counters.count >= other.capacity ? other.alpha.max() ?? 0 : 0
        if m2 > 0 {
            for index in counters.indices {
                counters[index].count &+= m2
                counters[index].error &+= m2
            }
        }
        for counter in other.counters {
            if let position = positions[counter.key] {
                counters[position].count &+= counter.count &- m2
                counters[position].error &+= counter.error &- m2
            } else {
                counters.append(Counter(key: counter.key, hash: counter.hash, count: counter.count &+ m1, error: counter.error &+ m1))
            }
        }
        if alpha.count == other.alpha.count {
            for index in alpha.indices { alpha[index] = min(alpha[index] &+ other.alpha[index], Self.maxAlpha) }
        }
        truncate(rebuildingPositions: true)
    }

    /// The `k` first counters in ClickHouse's order.
    func top(_ k: Int) -> [Counter] {
        var list = counters
        let count = min(list.count, k)
        FloydRivest.partialSort(&list, count, by: Counter.precedes)
        return Array(list.prefix(count))
    }

    /// Restores counters and error map read from a state (`read`), for a set of `capacity`.
    mutating func restore(_ read: [Counter], alpha readAlpha: [UInt64], capacity: Int) {
        reserve(capacity)
        counters = read
        if readAlpha.count == alpha.count { alpha = readAlpha }
        truncate(rebuildingPositions: true)
    }

    private mutating func push(_ counter: Counter) {
        if positions[counter.key] == nil { positions[counter.key] = counters.count }
        counters.append(counter)
        truncate(rebuildingPositions: false)
    }

    /// Once the counters reach the target, keeps the `capacity` first (ClickHouse's
    /// `nth_element`) and adds the certain counts of the others to their error-map buckets.
    private mutating func truncate(rebuildingPositions: Bool) {
        var rebuild = rebuildingPositions
        if counters.count >= targetCapacity {
            FloydRivest.select(&counters, capacity, by: Counter.precedes)
            let mask = UInt64(alpha.count - 1)
            for counter in counters[capacity...] {
                let bucket = Int(counter.hash & mask)
                alpha[bucket] = min(alpha[bucket] &+ counter.count &- counter.error, Self.maxAlpha)
            }
            counters.removeSubrange(capacity...)
            rebuild = true
        }
        if rebuild {
            positions.removeAll(keepingCapacity: true)
            for (index, counter) in counters.enumerated() where positions[counter.key] == nil { positions[counter.key] = index }
        }
    }
}

/// Floyd–Rivest selection as ClickHouse runs it (the `miniselect` library behind its
/// `::nth_element` and `::partial_sort`), step for step: which of equal elements end up in front
/// depends on the exact swaps.
enum FloydRivest {
    /// Moves the `k`-th element in `precedes` order to position `k`, the ones before it in front.
    static func select<T>(_ items: inout [T], _ k: Int, by precedes: (T, T) -> Bool) {
        guard k < items.count else { return }
        loop(&items, 0, items.count - 1, k, precedes)
    }

    /// The first `count` elements in `precedes` order, in front and sorted; the rest after them.
    static func partialSort<T>(_ items: inout [T], _ count: Int, by precedes: (T, T) -> Bool) {
        guard !items.isEmpty, count > 0 else { return }
        loop(&items, 0, items.count - 1, count - 1, precedes)
        // libc++'s std::sort moves no equal elements below 31 of them (insertion sort).
        if count <= 30 {
            for index in 1..<max(1, count) {
                let item = items[index]
                var position = index
                while position > 0 && precedes(item, items[position - 1]) {
                    items[position] = items[position - 1]
                    position -= 1
                }
                items[position] = item
            }
        } else {
            items[..<count].sort(by: precedes)
        }
    }

    private static func loop<T>(_ a: inout [T], _ start: Int, _ end: Int, _ k: Int, _ precedes: (T, T) -> Bool) {
        var left = start, right = end
        while right > left {
            if right - left > 600 {
                let n = Double(right - left + 1), i = Double(k - left + 1)
                let z = log(n), s = 0.5 * exp(2 * z / 3)
                var sd = 0.5 * (z * s * (n - s) / n).squareRoot()
                if k - left + 1 < (right - left + 1) / 2 { sd = -sd }
                let newLeft = max(left, Int(Double(k) - i * s / n + sd))
                let newRight = min(right, Int(Double(k) + (n - i) * s / n + sd))
                loop(&a, newLeft, newRight, k, precedes)
            }
            var i = left, j = right
            a.swapAt(left, k)
            let swapped = precedes(a[left], a[right])
            if swapped { a.swapAt(left, right) }
            // The pivot is whatever sits at this position as the elements move (a reference in C++).
            let pivot = swapped ? left : right
            while i < j {
                a.swapAt(i, j)
                i += 1
                j -= 1
                while precedes(a[i], a[pivot]) { i += 1 }
                while precedes(a[pivot], a[j]) { j -= 1 }
            }
            if swapped {
                a.swapAt(left, j)
            } else {
                j += 1
                a.swapAt(right, j)
            }
            if j <= k { left = j + 1 }
            if k <= j { right = j - 1 }
        }
    }
}
