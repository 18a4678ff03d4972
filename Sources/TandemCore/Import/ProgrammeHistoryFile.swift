/// The programme's past partnerships as read from its two history files, checked against each other.
public struct ProgrammeHistory: Sendable {
    public let partnerships: [Partnership]
    /// The National Authorities the participants file lists, as ISO 3166 alpha-3 codes.
    public let participants: [String]
}

/// Reads `mpp-partnerships-*.csv` and `mpp-participants-*.csv`, reporting every problem at once.
public enum ProgrammeHistoryFile {
    public static let partnershipColumns = ["no", "mentor", "mentee", "first_visit_host", "first_visit_start",
                                            "first_visit_end", "return_visit_host", "return_visit_start",
                                            "return_visit_end", "return_visit_note"]
    public static let participantColumns = ["no", "state_party"]

    public static func parse(partnerships partnershipsText: String, partnershipsFile: String = "partnerships",
                             participants participantsText: String, participantsFile: String = "participants",
                             resolver: StateNameResolver) -> Result<ProgrammeHistory, ImportProblems> {
        var reader = Reader(resolver: resolver)
        let partnerships = reader.readPartnerships(CSVTable(parsing: partnershipsText), file: partnershipsFile)
        let participants = reader.readParticipants(CSVTable(parsing: participantsText), file: participantsFile)
        reader.crossCheck(partnerships: partnerships, participants: participants,
                          partnershipsFile: partnershipsFile, participantsFile: participantsFile)
        guard reader.problems.isEmpty else { return .failure(ImportProblems(reader.problems)) }
        return .success(ProgrammeHistory(partnerships: partnerships.map(\.partnership),
                                         participants: participants.map(\.iso3)))
    }

    private struct Reader {
        let resolver: StateNameResolver
        var problems: [ImportProblem] = []

        init(resolver: StateNameResolver) { self.resolver = resolver }

        mutating func readPartnerships(_ table: CSVTable, file: String) -> [(line: Int, partnership: Partnership)] {
            let missing = table.missingColumns(partnershipColumns)
            guard missing.isEmpty else {
                problems.append(ImportProblem(file: file, line: 1, column: missing.joined(separator: ", "), reason: "missing column"))
                return []
            }
            var result: [(Int, Partnership)] = []
            var lineOfNumber: [String: Int] = [:]
            var lineOfCode: [String: Int] = [:]
            for row in table.rows {
                var location = Location(file: file, line: row.line, table: table, row: row)
                if let number = Int(location.value("no")) {
                    if let first = lineOfNumber["\(number)"] {
                        location.report("no", "duplicate of line \(first) (same number \(number))")
                    } else {
                        lineOfNumber["\(number)"] = row.line
                    }
                } else {
                    location.report("no", "not a number: \"\(location.value("no"))\"")
                }
                let mentor = location.state("mentor", resolver)
                let mentee = location.state("mentee", resolver)
                if let mentor, mentor == mentee { location.report("mentee", "same State Party as the mentor") }
                let pair = [mentor, mentee].compactMap { $0 }

                let firstHost = location.state("first_visit_host", resolver)
                let firstStart = location.date("first_visit_start", required: true)
                let firstEnd = location.date("first_visit_end", required: true)
                location.checkOrder(firstStart, firstEnd, endColumn: "first_visit_end")
                if let firstHost, pair.count == 2, !pair.contains(firstHost) {
                    location.report("first_visit_host", "\(firstHost) is neither the mentor nor the mentee")
                }

                let returnHost = location.state("return_visit_host", resolver)
                let returnStart = location.date("return_visit_start", required: false)
                let returnEnd = location.date("return_visit_end", required: false)
                location.checkOrder(returnStart, returnEnd, endColumn: "return_visit_end")
                if let returnHost, pair.count == 2 {
                    if !pair.contains(returnHost) {
                        location.report("return_visit_host", "\(returnHost) is neither the mentor nor the mentee")
                    } else if returnHost == firstHost {
                        location.report("return_visit_host", "the same State Party hosts both visits")
                    }
                }
                if let firstEnd, let returnStart, returnStart < firstEnd {
                    location.report("return_visit_start", "the return visit starts before the first visit ends")
                }
                let note = location.value("return_visit_note")
                let returnDatesGiven = !location.value("return_visit_start").isEmpty || !location.value("return_visit_end").isEmpty
                if !returnDatesGiven && !location.value("return_visit_host").isEmpty && Self.year(in: note) == nil {
                    location.report("return_visit_note", "a return visit without dates needs a planned year, e.g. \"Planned for 2020\"")
                }
                if returnDatesGiven && (returnStart == nil) != (returnEnd == nil) && location.problems.isEmpty {
                    location.report(returnStart == nil ? "return_visit_start" : "return_visit_end", "both dates or neither are needed")
                }

                guard location.problems.isEmpty, let mentor, let mentee, let firstHost, let firstStart, let firstEnd,
                      let returnHost else {
                    problems += location.problems
                    continue
                }
                let code = Partnership.code(year: firstStart.year, mentor: mentor, mentee: mentee)
                if let first = lineOfCode[code] {
                    problems.append(ImportProblem(file: file, line: row.line, column: "mentor, mentee, first_visit_start",
                                                  reason: "duplicate of line \(first) (same partnership \(code))"))
                    continue
                }
                lineOfCode[code] = row.line
                let other = { (host: String) in host == mentor ? mentee : mentor }
                let first = Visit(host: firstHost, visitor: other(firstHost), start: firstStart, end: firstEnd,
                                  year: firstStart.year, status: .completed)
                let second: Visit
                if let returnStart, let returnEnd {
                    second = Visit(host: returnHost, visitor: other(returnHost), start: returnStart, end: returnEnd,
                                   year: returnStart.year, status: .completed, note: note)
                } else {
                    second = Visit(host: returnHost, visitor: other(returnHost), start: nil, end: nil,
                                   year: Self.year(in: note) ?? firstStart.year, status: .planned, note: note)
                }
                let visits = [first, second]
                let completed = visits.allSatisfy { $0.status == .completed }
                result.append((row.line, Partnership(
                    code: code,
                    participants: [Participant(iso3: mentor, role: .mentor), Participant(iso3: mentee, role: .mentee)],
                    start: firstStart, end: completed ? second.end : nil,
                    status: completed ? .completed : .active, visits: visits)))
            }
            return result
        }

        mutating func readParticipants(_ table: CSVTable, file: String) -> [(line: Int, iso3: String)] {
            let missing = table.missingColumns(participantColumns)
            guard missing.isEmpty else {
                problems.append(ImportProblem(file: file, line: 1, column: missing.joined(separator: ", "), reason: "missing column"))
                return []
            }
            var result: [(Int, String)] = []
            var lineOf: [String: Int] = [:]
            for row in table.rows {
                var location = Location(file: file, line: row.line, table: table, row: row)
                guard let iso3 = location.state("state_party", resolver) else {
                    problems += location.problems
                    continue
                }
                if let first = lineOf[iso3] {
                    problems.append(ImportProblem(file: file, line: row.line, column: "state_party",
                                                  reason: "duplicate of line \(first) (\(iso3))"))
                    continue
                }
                lineOf[iso3] = row.line
                result.append((row.line, iso3))
            }
            return result
        }

        /// The participants file must list exactly the states that appear in the partnerships.
        mutating func crossCheck(partnerships: [(line: Int, partnership: Partnership)], participants: [(line: Int, iso3: String)],
                                 partnershipsFile: String, participantsFile: String) {
            guard problems.isEmpty else { return }
            let listed = Set(participants.map(\.iso3))
            var inPartnerships = Set<String>()
            for (line, partnership) in partnerships {
                for participant in partnership.participants {
                    inPartnerships.insert(participant.iso3)
                    if !listed.contains(participant.iso3) {
                        problems.append(ImportProblem(file: partnershipsFile, line: line, column: participant.role.rawValue,
                                                      reason: "\(participant.iso3) is not in the participants file"))
                    }
                }
            }
            for (line, iso3) in participants where !inPartnerships.contains(iso3) {
                problems.append(ImportProblem(file: participantsFile, line: line, column: "state_party",
                                              reason: "\(iso3) takes part in no partnership"))
            }
        }

        /// The first four-digit year in a note such as "Planned for 2020".
        static func year(in note: String) -> Int? {
            let digits = note.split(whereSeparator: { !$0.isNumber })
            return digits.lazy.compactMap { $0.count == 4 ? Int($0) : nil }.first
        }
    }

    /// One row being read: collects its problems with their columns.
    private struct Location {
        let file: String
        let line: Int
        let table: CSVTable
        let row: CSVTable.Row
        var problems: [ImportProblem] = []

        init(file: String, line: Int, table: CSVTable, row: CSVTable.Row) {
            self.file = file
            self.line = line
            self.table = table
            self.row = row
        }

        func value(_ column: String) -> String { table.value(column, in: row) }

        mutating func report(_ column: String, _ reason: String) {
            problems.append(ImportProblem(file: file, line: line, column: column, reason: reason))
        }

        mutating func state(_ column: String, _ resolver: StateNameResolver) -> String? {
            let name = value(column)
            guard !name.isEmpty else {
                report(column, "a State Party is needed")
                return nil
            }
            switch resolver.resolve(name) {
            case .success(let state):
                return state.iso3
            case .failure(.unknown(_, let suggestions)):
                let hint = suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
                report(column, "unknown State Party \"\(name)\"\(hint)")
                return nil
            }
        }

        mutating func date(_ column: String, required: Bool) -> CivilDate? {
            let text = value(column)
            if text.isEmpty {
                if required { report(column, "a date is needed (YYYY-MM-DD)") }
                return nil
            }
            guard let date = CivilDate(iso: text) else {
                report(column, "unreadable date \"\(text)\" (expected YYYY-MM-DD, a real day)")
                return nil
            }
            return date
        }

        mutating func checkOrder(_ start: CivilDate?, _ end: CivilDate?, endColumn: String) {
            if let start, let end, end < start { report(endColumn, "ends before it starts (\(start))") }
        }
    }
}
