import TandemCore

/// Puts the matcher's reasons into words in a reader's language. `name` and `group` turn a state's code and a
/// group's name into what the reader should see (names in the reader's language on a page, as written in
/// the file on the command line).
struct MatchingExplanation {
    let localizer: Localizer
    let language: Language
    var name: (String) -> String = { $0 }
    var group: (String) -> String = { $0 }

    private func t(_ key: String, _ values: [String: String] = [:]) -> String {
        localizer.text(key, language, values)
    }

    private func list(_ pairs: [MatchingPair]) -> String {
        pairs.map { "\(name($0.mentee))–\(name($0.mentor))" }.joined(separator: ", ")
    }

    func code(of reason: Exclusion.Reason) -> String {
        switch reason {
        case .ineligible: "ineligible"
        case .noCompatiblePartner(let cause): "no_compatible_partner_" + cause.rawValue
        case .outscored(let alternative): alternative.breaksMinimum ? "breaks_minimum" : "outscored"
        case .heldOutBy: "held_out_by_limits"
        case .notNeeded: "not_needed"
        }
    }

    func sentence(for exclusion: Exclusion) -> String {
        switch exclusion.reason {
        case .ineligible(let reason):
            return t("match_excluded_ineligible", ["reason": ineligibility(reason)])
        case .noCompatiblePartner(let cause):
            return t("match_excluded_" + cause.rawValue + "_" + exclusion.side.rawValue)
        case .outscored(let alternative):
            let key = alternative.breaksMinimum ? "match_excluded_breaks_minimum"
                : alternative.totalDrop == 0 ? "match_excluded_outscored_tie" : "match_excluded_outscored"
            var parts = [t(key,
                           ["mentor": name(alternative.mentor), "score": String(alternative.score), "drop": String(alternative.totalDrop)])]
            if !alternative.ended.isEmpty { parts.append(t("match_excluded_would_end", ["pairs": list(alternative.ended)])) }
            if !alternative.started.isEmpty { parts.append(t("match_excluded_would_start", ["pairs": list(alternative.started)])) }
            if !alternative.limits.isEmpty { parts.append(t("match_limits_reached", ["limits": limits(alternative.limits)])) }
            return parts.joined(separator: " ")
        case .heldOutBy(let reached):
            return t("match_excluded_held_out", ["limits": limits(reached)])
        case .notNeeded(let mentee, let score, let matchedWith):
            let values = ["mentee": name(mentee), "score": String(score), "mentor": matchedWith.map(name) ?? ""]
            return t(matchedWith == nil ? "match_excluded_not_needed_left_out" : "match_excluded_not_needed", values)
        }
    }

    /// The pool's reason codes in words; a reason written in a problem file is shown as it is.
    private func ineligibility(_ reason: String) -> String {
        let parts = reason.split(separator: " ").map(String.init)
        if parts.first == MatchingPool.tooSoon, parts.count == 3 {
            let day = CivilDate(iso: parts[2]).map { language.format($0) } ?? parts[2]
            return t("match_ineligible_too_soon", ["partnership": parts[1], "date": day])
        }
        if parts.first == MatchingPool.inPartnership, parts.count == 2 { return t("match_ineligible_in_partnership", ["partnership": parts[1]]) }
        if reason == MatchingPool.placesTakenReason { return t("match_ineligible_places_taken") }
        return reason
    }

    func limits(_ limits: [Limit]) -> String {
        limits.map { limit in
            switch limit {
            case .budget(let budget): t("match_limit_budget", ["budget": String(budget)])
            case .groupMaximum(let group, let maximum): t("match_limit_group_maximum", ["group": self.group(group), "maximum": String(maximum)])
            case .mentorFull(let mentor, let capacity): t("match_limit_mentor_full", ["mentor": name(mentor), "capacity": String(capacity)])
            case .regionalShare(let percent): t("match_limit_regional_share", ["percent": String(percent)])
            }
        }.joined(separator: "; ")
    }

    func code(of conflict: MatchingConflict) -> String {
        switch conflict {
        case .lockNotAllowed: "lock_not_allowed"
        case .menteeLockedTwice: "mentee_locked_twice"
        case .locksExceedCapacity: "locks_exceed_capacity"
        case .locksExceedBudget: "locks_exceed_budget"
        case .locksExceedGroupMaximum: "locks_exceed_group_maximum"
        case .minimumUnreachable: "minimum_unreachable"
        case .minimumsExceedBudget: "minimums_exceed_budget"
        case .minimumsCompete: "minimums_compete"
        case .regionalShareUnreachable: "regional_share_unreachable"
        }
    }

    func sentence(for conflict: MatchingConflict) -> String {
        switch conflict {
        case .lockNotAllowed(let pair, let refusal):
            return t("match_conflict_lock_not_allowed", ["pair": list([pair]), "reason": t("match_refusal_" + refusal.rawValue)])
        case .menteeLockedTwice(let mentee):
            return t("match_conflict_mentee_locked_twice", ["mentee": name(mentee)])
        case .locksExceedCapacity(let mentor, let capacity, let locked):
            return t("match_conflict_locks_exceed_capacity", ["mentor": name(mentor), "capacity": String(capacity), "locked": String(locked)])
        case .locksExceedBudget(let budget, let locked):
            return t("match_conflict_locks_exceed_budget", ["budget": String(budget), "locked": String(locked)])
        case .locksExceedGroupMaximum(let group, let maximum, let locked):
            return t("match_conflict_locks_exceed_group_maximum", ["group": self.group(group), "maximum": String(maximum), "locked": String(locked)])
        case .minimumUnreachable(let group, let minimum, let withMentor, let reachable):
            return t(withMentor < minimum ? "match_conflict_minimum_without_mentors" : "match_conflict_minimum_without_places",
                     ["group": self.group(group), "minimum": String(minimum), "with_mentor": String(withMentor), "reachable": String(reachable)])
        case .minimumsExceedBudget(let minimums, let budget):
            return t("match_conflict_minimums_exceed_budget", ["minimums": String(minimums), "budget": String(budget)])
        case .minimumsCompete(let groups, let minimums, let reachable):
            return t("match_conflict_minimums_compete", ["groups": groups.map(self.group).joined(separator: ", "), "minimums": String(minimums),
                                                          "reachable": String(reachable)])
        case .regionalShareUnreachable(let percent, let regional, let pairs):
            return t("match_conflict_regional_share", ["percent": String(percent), "regional": String(regional), "pairs": String(pairs),
                                                       "share": String(pairs == 0 ? 0 : 100 * regional / pairs)])
        }
    }
}
