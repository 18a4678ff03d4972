import Foundation

/// A matching problem as a JSON file (see docs/matching.md): a plain assignment matrix, a b-matching, or the
/// programme's full policy problem. Reading it checks everything and reports every problem with where it is.
public enum MatchingFile: Equatable, Sendable {
    case assignment(scores: [Int], rows: Int, columns: Int)
    case bMatching(leftCapacity: [Int], rightCapacity: [Int], edges: [BMatching.Edge])
    case policy(MatchingProblem)

    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// Where in the file, as a path such as `edges[4][1]`; empty for the file as a whole.
        public let location: String
        public let message: String

        public var description: String { location.isEmpty ? message : "\(location): \(message)" }
    }

    /// Every problem found in a file that cannot be solved as it is.
    public struct Invalid: Error, Equatable, Sendable {
        public let problems: [Problem]
    }

    public static func read(_ data: Data) -> Result<MatchingFile, Invalid> {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            return .failure(Invalid(problems: [Problem(location: "", message: "the file is not valid JSON: \(error)")]))
        }
        var reader = Reader()
        let file = reader.file(value)
        if let file, reader.problems.isEmpty { return .success(file) }
        return .failure(Invalid(problems: reader.problems))
    }
}

/// Walks the JSON, noting each problem with its path and carrying on, so one run reports them all.
private struct Reader {
    var problems: [MatchingFile.Problem] = []

    mutating func fail(_ path: String, _ message: String) {
        problems.append(.init(location: path, message: message))
    }

    mutating func file(_ value: JSONValue) -> MatchingFile? {
        guard case .object(let root) = value else { fail("", "the file must hold a JSON object, not \(value.kindName)"); return nil }
        switch root["kind"] {
        case .string("assignment"): return assignment(root)
        case .string("b-matching"): return bMatching(root)
        case .string("policy"): return policy(root)
        case nil: fail("kind", "missing: say \"assignment\", \"b-matching\" or \"policy\"")
        default: fail("kind", "must be \"assignment\", \"b-matching\" or \"policy\"")
        }
        return nil
    }

    // MARK: Assignment and b-matching

    mutating func assignment(_ root: [String: JSONValue]) -> MatchingFile? {
        guard let rows = list(root["scores"], "scores") else { return nil }
        var scores: [Int] = []
        var width: Int?
        for (r, row) in rows.enumerated() {
            guard let cells = list(row, "scores[\(r)]") else { continue }
            if let width, cells.count != width {
                fail("scores[\(r)]", "has \(cells.count) scores where scores[0] has \(width): every row needs the same number")
                continue
            }
            width = cells.count
            for (c, cell) in cells.enumerated() {
                scores.append(integer(cell, "scores[\(r)][\(c)]", in: -Assignment.scoreLimit...Assignment.scoreLimit) ?? 0)
            }
        }
        return .assignment(scores: scores, rows: rows.count, columns: width ?? 0)
    }

    mutating func bMatching(_ root: [String: JSONValue]) -> MatchingFile? {
        let left = capacities(root["left_capacity"], "left_capacity")
        let right = capacities(root["right_capacity"], "right_capacity")
        guard let entries = list(root["edges"], "edges") else { return nil }
        var edges: [BMatching.Edge] = []
        var seen: [[Int]: Int] = [:]
        for (e, entry) in entries.enumerated() {
            let path = "edges[\(e)]"
            guard let parts = list(entry, path) else { continue }
            guard parts.count == 3 else { fail(path, "must be [left, right, score], not \(parts.count) values"); continue }
            let i = integer(parts[0], path + "[0]", in: 0...max(left.count - 1, 0), what: "a left vertex", count: left.count)
            let j = integer(parts[1], path + "[1]", in: 0...max(right.count - 1, 0), what: "a right vertex", count: right.count)
            let score = integer(parts[2], path + "[2]", in: -Assignment.scoreLimit...Assignment.scoreLimit)
            guard let i, let j, let score else { continue }
            if let first = seen[[i, j]] { fail(path, "repeats the pair \(i)–\(j) of edges[\(first)]"); continue }
            seen[[i, j]] = e
            edges.append(BMatching.Edge(left: i, right: j, score: score))
        }
        return .bMatching(leftCapacity: left, rightCapacity: right, edges: edges)
    }

    mutating func capacities(_ value: JSONValue?, _ path: String) -> [Int] {
        (list(value, path) ?? []).enumerated().map { integer($1, "\(path)[\($0)]", in: 0...Int(Int32.max), what: "a capacity") ?? 0 }
    }

    // MARK: The policy problem

    mutating func policy(_ root: [String: JSONValue]) -> MatchingFile? {
        let mentees = candidates(root["mentees"], "mentees")
        let mentors = candidates(root["mentors"], "mentors")
        let menteeIDs = Set(mentees.map(\.id)), mentorIDs = Set(mentors.map(\.id))
        let locks = pairs(root["locks"], "locks", mentees: menteeIDs, mentors: mentorIDs)
        let forbids = pairs(root["forbids"], "forbids", mentees: menteeIDs, mentors: mentorIDs)
        for (index, lock) in locks.enumerated() where forbids.contains(lock) {
            fail("locks[\(index)]", "the pair \(lock) is both locked and forbidden")
        }
        var problem = MatchingProblem(mentees: mentees, mentors: mentors, locks: locks, forbids: forbids)
        problem.formerPartnerships = pairs(root["former_partnerships"], "former_partnerships", mentees: nil, mentors: nil)
        if let weights = root["weights"] { problem.weights = self.weights(weights) }
        if let rules = root["rules"] { problem.rules = self.rules(rules, mentees: menteeIDs, mentors: mentorIDs) }
        return .policy(problem)
    }

    mutating func candidates(_ value: JSONValue?, _ path: String) -> [MatchingCandidate] {
        var seen: [String: Int] = [:]
        return (list(value, path) ?? []).enumerated().compactMap { index, entry in
            let at = "\(path)[\(index)]"
            guard case .object(let fields) = entry else { fail(at, "must be an object, not \(entry.kindName)"); return nil }
            guard let id = text(fields["id"], at + ".id", required: true), !id.isEmpty else { return nil }
            if let first = seen[id] { fail(at + ".id", "\"\(id)\" is already \(path)[\(first)]"); return nil }
            seen[id] = index
            var candidate = MatchingCandidate(id: id, group: text(fields["group"], at + ".group", required: true) ?? "",
                                              languages: strings(fields["languages"], at + ".languages"))
            candidate.subregion = text(fields["subregion"], at + ".subregion", required: false) ?? ""
            candidate.preferred = strings(fields["preferred"], at + ".preferred")
            if case .object(let areas)? = fields["areas"] {
                for (key, level) in areas.sorted(by: { $0.key < $1.key }) {
                    if let level = integer(level, "\(at).areas.\(key)", in: 1...3, what: "a level") { candidate.areas[key] = level }
                }
            } else if let areas = fields["areas"] {
                fail(at + ".areas", "must be an object of area → level (1-3), not \(areas.kindName)")
            }
            if let capacity = fields["capacity"] { candidate.capacity = integer(capacity, at + ".capacity", in: 0...10_000, what: "a capacity") ?? 1 }
            if let past = fields["past_mentorships"] { candidate.pastMentorships = integer(past, at + ".past_mentorships", in: 0...10_000) ?? 0 }
            if let reason = fields["ineligible"] { candidate.ineligibility = text(reason, at + ".ineligible", required: false) }
            return candidate
        }
    }

    mutating func pairs(_ value: JSONValue?, _ path: String, mentees: Set<String>?, mentors: Set<String>?) -> [MatchingPair] {
        guard let value else { return [] }
        var seen = Set<MatchingPair>()
        return (list(value, path) ?? []).enumerated().compactMap { index, entry in
            let at = "\(path)[\(index)]"
            guard let parts = list(entry, at) else { return nil }
            guard parts.count == 2, let mentee = text(parts[0], at + "[0]", required: true),
                  let mentor = text(parts[1], at + "[1]", required: true) else {
                if parts.count != 2 { fail(at, "must be [mentee, mentor]") }
                return nil
            }
            if let mentees, !mentees.contains(mentee) { fail(at + "[0]", "no mentee has the id \"\(mentee)\""); return nil }
            if let mentors, !mentors.contains(mentor) { fail(at + "[1]", "no mentor has the id \"\(mentor)\""); return nil }
            let pair = MatchingPair(mentee: mentee, mentor: mentor)
            if !seen.insert(pair).inserted { fail(at, "the pair \(pair) is listed twice"); return nil }
            return pair
        }
    }

    mutating func weights(_ value: JSONValue) -> ScoreWeights {
        guard case .object(let fields) = value else { fail("weights", "must be an object, not \(value.kindName)"); return .standard }
        var weights = ScoreWeights.standard
        for (key, weight) in fields.sorted(by: { $0.key < $1.key }) {
            guard let component = ScoreComponent(rawValue: key) else {
                fail("weights.\(key)", "is not a score component; use \(ScoreComponent.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            weights.weights[component] = integer(weight, "weights.\(key)", in: 0...1000, what: "a weight") ?? 0
        }
        if weights.sum == 0 { fail("weights", "at least one weight must be above zero") }
        return weights
    }

    mutating func rules(_ value: JSONValue, mentees: Set<String>, mentors: Set<String>) -> MatchingRules {
        guard case .object(let fields) = value else { fail("rules", "must be an object, not \(value.kindName)"); return MatchingRules() }
        var rules = MatchingRules()
        switch fields["shared_language_required"] {
        case nil: break
        case .bool(let required)?: rules.sharedLanguageRequired = required
        case let other?: fail("rules.shared_language_required", "must be true or false, not \(other.kindName)")
        }
        rules.languageWaivers = pairs(fields["language_waivers"], "rules.language_waivers", mentees: mentees, mentors: mentors)
        if let budget = fields["budget"], budget != .null {
            rules.budget = integer(budget, "rules.budget", in: 0...100_000, what: "a number of partnerships")
        }
        if let share = fields["minimum_regional_share"], share != .null {
            rules.minimumRegionalShare = integer(share, "rules.minimum_regional_share", in: 0...100, what: "a percentage")
        }
        if case .object(let quotas)? = fields["group_quotas"] {
            for (group, quota) in quotas.sorted(by: { $0.key < $1.key }) {
                let at = "rules.group_quotas.\(group)"
                guard case .object(let bounds) = quota else { fail(at, "must be an object with min and max"); continue }
                let minimum = bounds["min"].flatMap { integer($0, at + ".min", in: 0...100_000) } ?? 0
                let maximum = bounds["max"].flatMap { $0 == .null ? nil : integer($0, at + ".max", in: 0...100_000) }
                if let maximum, maximum < minimum { fail(at, "max (\(maximum)) is below min (\(minimum))") }
                rules.groupQuotas[group] = GroupQuota(minimum: minimum, maximum: maximum)
            }
        } else if let quotas = fields["group_quotas"] {
            fail("rules.group_quotas", "must be an object of group → {min, max}, not \(quotas.kindName)")
        }
        return rules
    }

    // MARK: Values

    mutating func list(_ value: JSONValue?, _ path: String) -> [JSONValue]? {
        switch value {
        case .array(let items)?: return items
        case nil: fail(path, "missing: a list is required"); return nil
        case let other?: fail(path, "must be a list, not \(other.kindName)"); return nil
        }
    }

    mutating func integer(_ value: JSONValue, _ path: String, in range: ClosedRange<Int>, what: String = "a value",
                          count: Int? = nil) -> Int? {
        guard case .integer(let number) = value else {
            fail(path, "must be a whole number, not \(value.kindName)")
            return nil
        }
        guard range.contains(number), count != 0 else {
            if let count {
                fail(path, count == 0 ? "refers to \(what) but there are none" : "refers to \(what) \(number); they are numbered 0 to \(count - 1)")
            } else {
                fail(path, "\(number) is out of range for \(what) (\(range.lowerBound) to \(range.upperBound))")
            }
            return nil
        }
        return number
    }

    mutating func text(_ value: JSONValue?, _ path: String, required: Bool) -> String? {
        switch value {
        case .string(let text)?:
            if required, text.trimmingCharacters(in: .whitespaces).isEmpty { fail(path, "must not be empty"); return nil }
            return text
        case nil, .null?:
            if required { fail(path, "missing: a string is required") }
            return nil
        case let other?:
            fail(path, "must be a string, not \(other.kindName)")
            return nil
        }
    }

    mutating func strings(_ value: JSONValue?, _ path: String) -> [String] {
        guard let value else { return [] }
        return (list(value, path) ?? []).enumerated().compactMap { text($1, "\(path)[\($0)]", required: true) }
    }
}
