import TandemCore

/// The matching form as the Secretariat typed it: every value kept as text, so a form that fails comes back
/// exactly as it was sent, with each problem next to its field.
///
/// Fields: `weight_<component>`, `budget` (empty for none), `shared_language` (checked or not),
/// `regional_share` (a percentage, empty for none),
/// `quota_min_<group>` and `quota_max_<group>` (group slugs, empty for none), `capacity_<state code>`, and
/// `locks`, `forbids`, `waivers`: one pair a line, mentee then mentor (`GHA GBR`, `GHA–GBR`).
struct MatchingParametersForm {
    var values: [String: String]

    init(values: [String: String]) {
        self.values = values
    }

    init(_ parameters: MatchingParameters, mentors: [String]) {
        var values: [String: String] = [:]
        for component in ScoreComponent.allCases { values["weight_" + component.rawValue] = String(parameters.weights[component]) }
        values["budget"] = parameters.budget.map(String.init) ?? ""
        values["shared_language"] = parameters.sharedLanguageRequired ? "on" : ""
        values["regional_share"] = parameters.minimumRegionalShare.map(String.init) ?? ""
        for group in RegionalGroup.allCases {
            let quota = parameters.groupQuotas[group.rawValue]
            values["quota_min_" + group.slug] = quota.map { String($0.minimum) } ?? ""
            values["quota_max_" + group.slug] = quota?.maximum.map(String.init) ?? ""
        }
        for mentor in mentors { values["capacity_" + mentor] = String(parameters.capacities[mentor] ?? 1) }
        values["locks"] = Self.lines(parameters.locks)
        values["forbids"] = Self.lines(parameters.forbids)
        values["waivers"] = Self.lines(parameters.languageWaivers)
        self.values = values
    }

    subscript(field: String) -> String { values[field] ?? "" }

    static func lines(_ pairs: [MatchingPair]) -> String {
        pairs.map { "\($0.mentee) \($0.mentor)" }.joined(separator: "\n")
    }

    /// The parameters, or the locale key of each field's problem. `mentees` and `mentors` are the codes in
    /// the pool: a pair or a capacity must name them.
    func parameters(mentees: Set<String>, mentors: [String]) -> Result<MatchingParameters, FormProblems> {
        var problems: [String: String] = [:]
        func number(_ field: String, optional: Bool) -> Int? {
            let text = self[field].trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                if !optional { problems[field] = "matching_number_needed" }
                return nil
            }
            guard let value = Int(text) else { problems[field] = "matching_number_needed"; return nil }
            return value
        }
        var parameters = MatchingParameters()
        for component in ScoreComponent.allCases {
            parameters.weights.weights[component] = number("weight_" + component.rawValue, optional: false) ?? 0
        }
        parameters.budget = number("budget", optional: true)
        parameters.sharedLanguageRequired = !self["shared_language"].isEmpty
        parameters.minimumRegionalShare = number("regional_share", optional: true)
        for group in RegionalGroup.allCases {
            let minimum = number("quota_min_" + group.slug, optional: true)
            let maximum = number("quota_max_" + group.slug, optional: true)
            if minimum != nil || maximum != nil {
                parameters.groupQuotas[group.rawValue] = GroupQuota(minimum: minimum ?? 0, maximum: maximum)
            }
        }
        for mentor in mentors {
            if let capacity = number("capacity_" + mentor, optional: true), capacity != 1 { parameters.capacities[mentor] = capacity }
        }
        let known = Set(mentors)
        func pairs(_ field: String) -> [MatchingPair] {
            var found: [MatchingPair] = []
            for line in self[field].split(whereSeparator: \.isNewline) {
                let codes = line.uppercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
                guard !codes.isEmpty else { continue }
                guard codes.count == 2, mentees.contains(codes[0]), known.contains(codes[1]) else {
                    problems[field] = "matching_pair_unknown"
                    continue
                }
                let pair = MatchingPair(mentee: codes[0], mentor: codes[1])
                if !found.contains(pair) { found.append(pair) }
            }
            return found
        }
        parameters.locks = pairs("locks")
        parameters.forbids = pairs("forbids")
        parameters.languageWaivers = pairs("waivers")
        for (field, key) in parameters.problems {
            let name = field.hasPrefix("quota_")
                ? "quota_min_" + (RegionalGroup(rawValue: String(field.dropFirst(6)))?.slug ?? "")
                : field == "weights" ? "weight_" + ScoreComponent.thematicFit.rawValue : field
            problems[name] = problems[name] ?? key
        }
        return problems.isEmpty ? .success(parameters) : .failure(FormProblems(fields: problems))
    }
}
