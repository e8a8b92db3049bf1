import Dispatch
import Foundation

/// Receives the rows of a streamed insert in input order, on the parsing threads while later
/// chunks are still being parsed: work on a block (its views) or a piece (its sort) can begin
/// before it is whole.
struct RowFollower: @unchecked Sendable {
    // @unchecked: `TSVStream` calls a follower's closures on one thread at a time, in order,
    // under that follower's lock.
    /// What the follower's rows are cut into.
    enum Unit { case block, piece }
    let unit: Unit
    /// The next rows of the current block or piece.
    let rows: (Batch) throws(SQLError) -> Void
    /// The current block or piece has all its rows; the next rows start a new one. `true` when
    /// it was left unfinished by the end of the input (its rows are the input's last).
    let ended: (_ byInputEnd: Bool) throws(SQLError) -> Void
}

/// Streams TabSeparated input: every core takes line-aligned chunks from the input in turn and
/// parses them (`TSVReader.read`), and the rows are handed to `run`'s `emit` in pieces of exactly
/// the same number of rows (the last may be smaller), in input order — and to each `RowFollower` as
/// soon as each chunk and every chunk before it are parsed, cut into pieces or into blocks (whole
/// insert blocks: a piece is a block, or smaller). Followers are independent: two may
/// work at the same time, each on its own next chunk. Parsing stops for a piece as soon
/// as it has its rows, so memory stays at one piece plus a chunk per core. Row numbers in errors
/// count from the start of the input.
final class TSVStream: @unchecked Sendable {
    // @unchecked: the parsing threads share `source` and `followings` under their locks;
    // `columns`, `table` and `blockRows` never change.
    private let columns: [ColumnDefinition]
    private let table: TableName
    /// The rows of a piece and of a block, given the bytes per row of the data
    /// (`StoreOptions.streamedBlockRows`).
    private let blockRows: @Sendable (_ bytesPerRow: Double) -> (piece: Int, block: Int)
    private let source: Locked<ChunkSource>
    private let followings: [Locked<Following>]
    /// The first chunk's size: its thousand-odd rows tell the bytes per row.
    static let firstChunkBytes = 1 << 18

    /// - Parameter blockRows: how many rows make a piece and a block, given the bytes per row of
    ///   column data. It is asked once, with the first chunk's bytes per row: every piece and
    ///   block of the stream then has that many rows, so that the followers cut them where `emit` does.
    init(_ input: InsertInput, columns: [ColumnDefinition], table: TableName,
         blockRows: @escaping @Sendable (_ bytesPerRow: Double) -> (piece: Int, block: Int),
         chunkBytes: Int = TSVReader.chunkBytes, followers: [RowFollower] = []) {
        self.columns = columns
        self.table = table
        self.blockRows = blockRows
        // The first chunk is parsed alone (its bytes per row size the pieces): a small one,
        // so that a small input is not half parsed on one core.
        source = Locked(ChunkSource(chunks: input.lineChunks(minimumBytes: chunkBytes, firstBytes: min(chunkBytes, Self.firstChunkBytes)),
                                    unfollowed: Array(repeating: [:], count: followers.count)))
        followings = followers.map { Locked(Following(follower: $0)) }
    }

    /// The chunks of the input and what the parsing threads have done with them.
    private struct ChunkSource {
        var chunks: InsertInput.LineChunks
        var nextIndex = 0
        var rowsParsed = 0
        var inputEnded = false
        var failed = false
        /// Rows per piece and per block, known once the first chunk is parsed.
        var blockRows: (piece: Int, block: Int)?
        /// Parsed chunks each follower has not had yet, by index (kept here, not with the
        /// follower: a parsing thread must not wait for a busy follower's lock to hand it one).
        var unfollowed: [[Int: Batch]]
    }

    /// Where a follower is: the next chunk it takes, and the rows of the current block or piece
    /// it has had.
    private struct Following {
        let follower: RowFollower
        var nextIndex = 0
        var fill = 0
        var error: SQLError?
    }

    /// Parses the whole input, handing each piece to `emit` as the chunks it was parsed in.
    /// (Emitting a piece while the next is parsed was measured: no faster on two cores, and a
    /// second piece in memory.)
    func run(emit: (ChunkedBatch) throws(SQLError) -> Void) throws(SQLError) {
        var pending = [Batch]()
        var pendingRows = 0
        var rowsBefore = 0  // input rows before the first pending one
        while true {
            let round = parseRound(pendingRows: pendingRows)
            let blockRows = source.withLock(\.blockRows)?.piece ?? .max
            for following in followings {
                if let error = following.withLock(\.error) { throw error }  // about a block, not a row
            }
            for (_, result) in round.results {
                let batch: Batch
                do { batch = try result.get() } catch { throw TSVReader.renumbered(error, by: rowsBefore + pendingRows) }
                if batch.rowCount > 0 { pending.append(batch) }
                pendingRows += batch.rowCount
            }
            if round.inputEnded { try endFollowed() }
            while pendingRows >= blockRows || (round.inputEnded && pendingRows > 0) {
                // The first piece's rows, cutting the chunk they end in.
                var block = [Batch](), blockFill = 0
                while blockFill < blockRows, !pending.isEmpty {
                    let chunk = pending.removeFirst()
                    let take = min(chunk.rowCount, blockRows - blockFill)
                    block.append(take == chunk.rowCount ? chunk : chunk.slice(0..<take))
                    if take < chunk.rowCount { pending.insert(chunk.slice(take..<chunk.rowCount), at: 0) }
                    blockFill += take
                }
                try emit(ChunkedBatch(block))
                pendingRows -= blockFill
                rowsBefore += blockFill
            }
            if round.inputEnded { return }
        }
    }

    /// Parses chunks on every core until the piece has its rows (`pendingRows` of them were
    /// parsed before), a chunk fails, or the input ends; the results by chunk, in input order (up
    /// to and including a failure). Every chunk parsed without error has been followed when this
    /// returns.
    private func parseRound(pendingRows: Int) -> (results: [(Int, Result<Batch, SQLError>)], inputEnded: Bool) {
        let knownBlockRows = source.withLock { state in
            state.rowsParsed = 0
            return state.blockRows?.piece
        }
        // Until the first chunk is parsed the piece's size is not known: it is parsed alone.
        let rowsWanted = knownBlockRows.map { $0 - pendingRows } ?? 1
        let threads = knownBlockRows == nil ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let results = Locked([(Int, Result<Batch, SQLError>)]())
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let (index, chunk) = takeChunk(rowsWanted: rowsWanted, results: results) {
                var bytes = consume chunk  // the only reference: recycled below, it is reused in place
                let result = Result { () throws(SQLError) -> Batch in try TSVReader.read(bytes, columns: columns, table: table, header: false) }
                source.withLock { state in
                    // Handed back with its only reference, so a later chunk fills it in place.
                    state.chunks.recycle(&bytes)
                    switch result {
                    case .success(let batch):
                        if index == 0 {
                            state.blockRows = blockRows(Double(batch.byteCount) / Double(max(1, batch.rowCount)))
                        }
                        state.rowsParsed += batch.rowCount
                        for follower in state.unfollowed.indices { state.unfollowed[follower][index] = batch }
                    case .failure:
                        state.failed = true
                    }
                }
                results.withLock { $0.append((index, result)) }
                follow(waiting: false)
            }
        }
        follow(waiting: true)  // chunks whose turn came while another thread was following
        return (results.withLock { $0 }.sorted { $0.0 < $1.0 }, source.withLock(\.inputEnded))
    }

    /// The next chunk of input, unless the round has its rows, a chunk failed, or the input
    /// ended. A read error is the result of the chunk it was reading.
    private func takeChunk(rowsWanted: Int, results: Locked<[(Int, Result<Batch, SQLError>)]>) -> (Int, [UInt8])? {
        source.withLock { state -> (Int, [UInt8])? in
            guard !state.inputEnded, !state.failed, state.rowsParsed < rowsWanted else { return nil }
            let index = state.nextIndex
            do throws(IOError) {
                guard let chunk = try state.chunks.next() else {
                    state.inputEnded = true
                    return nil
                }
                state.nextIndex += 1
                return (index, chunk)
            } catch {
                state.failed = true
                results.withLock { $0.append((index, .failure(.storage(.io(error))))) }
                return nil
            }
        }
    }

    /// Hands each follower every parsed chunk whose turn has come, cut where its blocks or pieces end. A
    /// follower's lock is held while it works: it sees chunks one at a time, in order. A parsing
    /// thread does not wait for a busy follower (`waiting: false`): the thread working it takes
    /// the new chunk too once its turn comes — or, if it had just looked, the next `follow`
    /// does; the end of every round follows whatever is left.
    private func follow(waiting: Bool) {
        for (number, following) in followings.enumerated() {
            let body = { [source] (state: inout Following) in
                while state.error == nil {
                    let index = state.nextIndex
                    let unit = state.follower.unit
                    guard let (batch, unitRows) = source.withLock({ source in
                        source.unfollowed[number].removeValue(forKey: index).map { ($0, unit == .block ? source.blockRows!.block : source.blockRows!.piece) }
                    }) else { return }
                    state.nextIndex += 1
                    do throws(SQLError) {
                        var offset = 0
                        while offset < batch.rowCount {
                            let take = min(batch.rowCount - offset, unitRows - state.fill)
                            try state.follower.rows(take == batch.rowCount ? batch : batch.slice(offset..<offset + take))
                            offset += take
                            state.fill += take
                            if state.fill == unitRows {
                                try state.follower.ended(false)
                                state.fill = 0
                            }
                        }
                    } catch {
                        state.error = error
                        source.withLock { $0.failed = true }
                    }
                }
            }
            if waiting { following.withLock(body) } else { _ = following.withLockIfAvailable(body) }
        }
    }

    /// At the end of the input: the last block and piece, if not full, end here.
    private func endFollowed() throws(SQLError) {
        for following in followings {
            try following.withLock { (state: inout Following) throws(SQLError) in
                guard state.error == nil, state.fill > 0 else { return }
                state.fill = 0
                try state.follower.ended(true)
            }
        }
    }
}
