import EdgeHouse
import OptiInfraWorkload

/// Random edits for mutation fuzzing, as libFuzzer's simplest mutators make them.
public enum Mutation {
    /// One edit of `input`: a run of up to 8 elements deleted or duplicated, one element replaced
    /// or inserted (from `alphabet`, the input's structure characters), or the tail cut off.
    public static func mutate<Element>(_ input: [Element], alphabet: [Element], _ random: inout SplitMix64) -> [Element] {
        var elements = input
        guard !elements.isEmpty else { return [alphabet.randomElement(using: &random)!] }
        let at = Int.random(in: 0..<elements.count, using: &random)
        let length = Int.random(in: 1...min(8, elements.count - at), using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: elements.removeSubrange(at..<(at + length))
        case 1: elements.insert(contentsOf: elements[at..<(at + length)], at: at)
        case 2: elements[at] = alphabet.randomElement(using: &random)!
        case 3: elements.removeSubrange(at...)
        default: elements.insert(alphabet.randomElement(using: &random)!, at: at)
        }
        return elements
    }
}
