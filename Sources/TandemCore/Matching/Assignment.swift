/// The assignment problem: a dense matrix of integer scores, each row given a different column, the total
/// score as high as possible. With more columns than rows every row is matched; with more rows than
/// columns every column is.
///
/// Solved exactly by shortest augmenting paths (the Jonker-Volgenant family): each row in turn is added by
/// one Dijkstra-like search over the columns on reduced costs, and the row and column potentials keep
/// every reduced cost non-negative, so the result is optimal after the last row. O(n²m) at worst.
public enum Assignment {
    public struct Solution: Equatable, Sendable {
        /// For each row, the column it gets, or nil (only when there are more rows than columns).
        public let columnForRow: [Int?]
        public let total: Int
    }

    /// `scores` is row-major, `rows` × `columns`, and every score is between -`scoreLimit` and `scoreLimit`.
    public static let scoreLimit = 1 << 40

    public static func solve(scores: [Int], rows: Int, columns: Int) -> Solution {
        precondition(scores.count == rows * columns, "the matrix must have rows × columns scores")
        if rows <= columns {
            let columnForRow = shortestAugmentingPaths(scores: scores, rows: rows, columns: columns)
            return Solution(columnForRow: columnForRow,
                            total: (0..<rows).reduce(0) { $0 + scores[$1 * columns + columnForRow[$1]] })
        }
        var transposed = [Int](repeating: 0, count: scores.count)
        for row in 0..<rows {
            for column in 0..<columns { transposed[column * rows + row] = scores[row * columns + column] }
        }
        let rowForColumn = shortestAugmentingPaths(scores: transposed, rows: columns, columns: rows)
        var columnForRow = [Int?](repeating: nil, count: rows)
        for (column, row) in rowForColumn.enumerated() { columnForRow[row] = column }
        return Solution(columnForRow: columnForRow,
                        total: rowForColumn.enumerated().reduce(0) { $0 + scores[$1.element * columns + $1.offset] })
    }

    /// Rows ≤ columns. Minimises the negated scores; returns each row's column.
    private static func shortestAugmentingPaths(scores: [Int], rows: Int, columns: Int) -> [Int] {
        let unreached = Int.max / 2
        var rowPotential = [Int](repeating: 0, count: rows)
        var columnPotential = [Int](repeating: 0, count: columns)
        var columnForRow = [Int](repeating: -1, count: rows)
        var rowForColumn = [Int](repeating: -1, count: columns)
        var cameFrom = [Int](repeating: -1, count: columns)
        var shortest = [Int](repeating: unreached, count: columns)
        var remaining = [Int](repeating: 0, count: columns)
        var rowSeen = [Bool](repeating: false, count: rows)
        var columnSeen = [Bool](repeating: false, count: columns)
        var seenRows: [Int] = []
        seenRows.reserveCapacity(rows)

        scores.withUnsafeBufferPointer { score in
            for start in 0..<rows {
                for column in 0..<columns {
                    remaining[column] = columns - 1 - column
                    shortest[column] = unreached
                    columnSeen[column] = false
                }
                for row in seenRows { rowSeen[row] = false }
                seenRows.removeAll(keepingCapacity: true)

                var remainingCount = columns
                var row = start
                var reached = 0
                var sink = -1
                while sink < 0 {
                    rowSeen[row] = true
                    seenRows.append(row)
                    let base = row * columns
                    let offset = reached - rowPotential[row]
                    var lowest = unreached
                    var lowestIndex = -1
                    for index in 0..<remainingCount {
                        let column = remaining[index]
                        let reduced = offset - score[base + column] - columnPotential[column]
                        if reduced < shortest[column] {
                            cameFrom[column] = row
                            shortest[column] = reduced
                        }
                        // Ties go to a free column: the path ends there, sooner.
                        if shortest[column] < lowest || (shortest[column] == lowest && rowForColumn[column] < 0) {
                            lowest = shortest[column]
                            lowestIndex = index
                        }
                    }
                    reached = lowest
                    let column = remaining[lowestIndex]
                    if rowForColumn[column] < 0 { sink = column } else { row = rowForColumn[column] }
                    columnSeen[column] = true
                    remainingCount -= 1
                    remaining[lowestIndex] = remaining[remainingCount]
                }

                rowPotential[start] += reached
                for row in seenRows where row != start {
                    rowPotential[row] += reached - shortest[columnForRow[row]]
                }
                for column in 0..<columns where columnSeen[column] {
                    columnPotential[column] -= reached - shortest[column]
                }
                var column = sink
                while true {
                    let row = cameFrom[column]
                    rowForColumn[column] = row
                    swap(&columnForRow[row], &column)
                    if row == start { break }
                }
            }
        }
        return columnForRow
    }
}
