import Foundation
import TandemCore
import Vapor

/// The view contexts of the matching pages, with every text already in the reader's language.
struct MatchingPages {
    let req: Request
    let call: CallModel

    private var language: Language { req.language }
    private var base: String { "/programme/calls/\(call.slug)/matching" }
    private func t(_ key: String, _ values: [String: String] = [:]) -> String { req.localizer.text(key, language, values) }
    private func name(_ iso3: String) -> String { req.states.name(iso3, in: language) }
    private var explanation: MatchingExplanation {
        MatchingExplanation(localizer: req.localizer, language: language, name: name,
                            group: { group in RegionalGroup(rawValue: group).map { req.localizer.groupName($0, language) } ?? group })
    }

    struct Field: Encodable {
        let name: String
        let label: String
        let value: String
        let error: String?
    }

    struct QuotaRow: Encodable {
        let group: String
        let minimum: Field
        let maximum: Field
    }

    struct RunRow: Encodable {
        let number: Int
        let href: String
        let when: String
        let by: String
        let total: String
        let pairs: String
        let feasible: Bool
        let note: String
        let approved: Bool
    }

    struct IndexPage: Encodable {
        let title: String
        let callHref: String
        let action: String
        let csrf: String
        let pool: String
        let weights: [Field]
        let budget: Field
        let budgetHint: String
        let sharedLanguage: Bool
        let regionalShare: Field
        let quotas: [QuotaRow]
        let capacities: [Field]
        let pairLists: [Field]
        let hasErrors: Bool
        let runs: [RunRow]
        let compareAction: String
    }

    func index(pool: MatchingPool, form: MatchingParametersForm, problems: [String: String], runs: [MatchingRunModel]) throws -> IndexPage {
        func field(_ name: String, _ label: String) -> Field {
            Field(name: name, label: label, value: form[name], error: problems[name].map { t($0) })
        }
        let rules = try call.value().rules
        return IndexPage(
            title: t("matching_title", ["call": try call.value().title(in: language)]), callHref: "/programme/calls/\(call.slug)", action: base + "/runs",
            csrf: req.csrfToken,
            pool: t("matching_pool", ["mentees": language.format(pool.mentees.count), "mentors": language.format(pool.mentors.count)]),
            weights: ScoreComponent.allCases.map { field("weight_" + $0.rawValue, t("match_component_" + $0.rawValue)) },
            budget: field("budget", t("matching_budget")),
            budgetHint: t("matching_budget_hint", ["cap": String(rules.annualVisitCap), "visits": String(rules.visitsPerPartnership),
                                                   "budget": String(MatchingRules.budget(for: rules))]),
            sharedLanguage: !form["shared_language"].isEmpty,
            regionalShare: field("regional_share", t("matching_regional_share")),
            quotas: RegionalGroup.allCases.map { group in
                QuotaRow(group: req.localizer.groupName(group, language),
                         minimum: field("quota_min_" + group.slug, t("matching_quota_min")),
                         maximum: field("quota_max_" + group.slug, t("matching_quota_max")))
            },
            capacities: pool.mentors.map { field("capacity_" + $0.id, name($0.id)) },
            pairLists: ["locks", "forbids", "waivers"].map { field($0, t("matching_" + $0)) },
            hasErrors: !problems.isEmpty,
            runs: runs.map(row),
            compareAction: base + "/compare")
    }

    private func row(_ run: MatchingRunModel) -> RunRow {
        RunRow(number: run.number, href: base + "/runs/\(run.number)", when: run.createdAt.map(stamp) ?? "", by: run.createdBy,
               total: language.format(run.total), pairs: language.format(run.pairCount), feasible: run.feasible, note: run.note,
               approved: run.approvedAt != nil)
    }

    private func stamp(_ date: Date) -> String {
        language.formatDay(date) + " " + date.formatted(.dateTime.hour(.twoDigits(amPM: .omitted)).minute(.twoDigits).locale(language.locale))
    }

    // MARK: A run

    /// One component's segment of a pair's stacked score bar, drawn as SVG (100 units is a score of 100).
    struct Bar: Encodable {
        let component: String
        let label: String
        let points: String
        let x: String
        let width: String
    }

    struct PairRow: Encodable {
        let mentee: String
        let mentor: String
        let menteeName: String
        let mentorName: String
        let score: Int
        let locked: Bool
        let bars: [Bar]
        let summary: String
    }

    struct ExclusionRow: Encodable {
        let id: String
        let name: String
        let message: String
    }

    struct ManualPair: Encodable {
        let pair: MatchingPair
        let warning: String
        let canConfirm: Bool
    }

    struct RunPage: Encodable {
        let title: String
        let matchingHref: String
        let callTitle: String
        let number: Int
        let when: String
        let by: String
        let note: String
        let feasible: Bool
        let total: String
        let pairCount: String
        let regionalPairs: String
        let summary: String
        let conflicts: [String]
        let pairs: [PairRow]
        let legend: [Bar]
        let excludedMentees: [ExclusionRow]
        let excludedMentors: [ExclusionRow]
        let settings: [LabelValue]
        let adjustAction: String
        let approveAction: String?
        let approved: String?
        let csrf: String
        let mentees: [SelectOption]
        let mentors: [SelectOption]
        let manual: ManualPair?
        let difference: DifferenceView?
        let compareAction: String
        let otherRuns: [SelectOption]
    }

    struct DifferenceView: Encodable {
        let text: String
        let href: String
    }

    func run(_ run: MatchingRunModel, runs: [MatchingRunModel], manual: ManualPair?, from: Int?) throws -> RunPage {
        let proposal = try run.proposalValue()
        let problem = try run.problemValue()
        let parameters = try run.parametersValue()
        let explanation = self.explanation
        var difference: DifferenceView?
        if let from, let earlier = runs.first(where: { $0.number == from }) {
            let change = ProposalDifference(from: try earlier.proposalValue(), to: proposal)
            difference = DifferenceView(
                text: t("matching_difference", ["run": String(from), "added": String(change.added.count),
                                                "removed": String(change.removed.count), "change": signed(change.totalChange)]),
                href: base + "/compare?a=\(from)&b=\(run.number)")
        }
        let defaultOther = from ?? runs.first { $0.number != run.number }?.number
        return RunPage(
            title: t("matching_run_title", ["number": String(run.number)]), matchingHref: base, callTitle: try call.value().title(in: language),
            number: run.number, when: run.createdAt.map(stamp) ?? "", by: run.createdBy, note: run.note,
            feasible: proposal.isFeasible, total: language.format(proposal.total), pairCount: language.format(proposal.pairs.count),
            regionalPairs: regionalPairs(proposal, problem),
            summary: t("matching_run_summary", ["pairs": language.format(proposal.pairs.count),
                                                "mentees": language.format(problem.mentees.count),
                                                "mentors": language.format(problem.mentors.count)]),
            conflicts: proposal.conflicts.map(explanation.sentence(for:)),
            pairs: proposal.pairs.map(pairRow),
            legend: ScoreComponent.allCases.map {
                Bar(component: $0.rawValue, label: t("match_component_" + $0.rawValue), points: "", x: "", width: "")
            },
            excludedMentees: proposal.exclusions.filter { $0.side == .mentee }.map {
                ExclusionRow(id: $0.id, name: name($0.id), message: explanation.sentence(for: $0))
            },
            excludedMentors: proposal.exclusions.filter { $0.side == .mentor }.map {
                ExclusionRow(id: $0.id, name: name($0.id), message: explanation.sentence(for: $0))
            },
            settings: settings(parameters),
            adjustAction: base + "/runs/\(run.number)/adjust",
            approveAction: proposal.isFeasible && run.approvedAt == nil && !proposal.pairs.isEmpty ? base + "/runs/\(run.number)/approve" : nil,
            approved: run.approvedAt.map { t("matching_approved", ["when": stamp($0), "by": run.approvedBy ?? ""]) },
            csrf: req.csrfToken,
            mentees: problem.mentees.map { SelectOption(value: $0.id, label: name($0.id), selected: manual?.pair.mentee == $0.id) },
            mentors: problem.mentors.map { SelectOption(value: $0.id, label: name($0.id), selected: manual?.pair.mentor == $0.id) },
            manual: manual, difference: difference, compareAction: base + "/compare",
            otherRuns: runs.filter { $0.number != run.number }.map {
                SelectOption(value: String($0.number), label: t("matching_run_title", ["number": String($0.number)]),
                             selected: $0.number == defaultOther)
            })
    }

    /// How many pairs join two states of one regional group, as "3 of 4 (75%)".
    private func regionalPairs(_ proposal: MatchingProposal, _ problem: MatchingProblem) -> String {
        let groupOf = Dictionary((problem.mentees + problem.mentors).map { ($0.id, $0.group) }, uniquingKeysWith: { first, _ in first })
        let regional = proposal.pairs.filter { groupOf[$0.pair.mentee] == groupOf[$0.pair.mentor] }.count
        let share = proposal.pairs.isEmpty ? 0 : (100 * regional + proposal.pairs.count / 2) / proposal.pairs.count
        return t("matching_regional_pairs_value", ["regional": language.format(regional), "pairs": language.format(proposal.pairs.count),
                                                   "share": language.formatPercent(share)])
    }

    private func pairRow(_ entry: MatchingProposal.Pair) -> PairRow {
        PairRow(
            mentee: entry.pair.mentee, mentor: entry.pair.mentor, menteeName: name(entry.pair.mentee), mentorName: name(entry.pair.mentor),
            score: entry.score.total, locked: entry.locked,
            bars: bars(entry.score),
            summary: entry.score.parts.filter { $0.points > 0 }
                .map { t("match_component_" + $0.component.rawValue) + " " + String(format: "%.0f", $0.points) }.joined(separator: ", "))
    }

    private func bars(_ score: PairScore) -> [Bar] {
        var x = 0.0
        return score.parts.filter { $0.points > 0 }.map { part in
            defer { x += part.points }
            return Bar(component: part.component.rawValue, label: t("match_component_" + part.component.rawValue),
                       points: String(format: "%.0f", part.points), x: String(format: "%.2f", x), width: String(format: "%.2f", part.points))
        }
    }

    private func settings(_ parameters: MatchingParameters) -> [LabelValue] {
        var lines = [
            LabelValue(label: t("matching_weights"), value: ScoreComponent.allCases
                .map { t("match_component_" + $0.rawValue) + " " + String(parameters.weights[$0]) }.joined(separator: ", ")),
            LabelValue(label: t("matching_budget"), value: parameters.budget.map { language.format($0) } ?? t("matching_none")),
            LabelValue(label: t("matching_shared_language"), value: t(parameters.sharedLanguageRequired ? "answer_yes" : "answer_no")),
        ]
        if let share = parameters.minimumRegionalShare, share > 0 {
            lines.append(LabelValue(label: t("matching_regional_share"), value: language.formatPercent(share)))
        }
        let quotas = parameters.groupQuotas.sorted { $0.key < $1.key }.map { group, quota in
            explanation.group(group) + " " + String(quota.minimum) + "–" + (quota.maximum.map(String.init) ?? "∞")
        }
        if !quotas.isEmpty { lines.append(LabelValue(label: t("matching_quotas"), value: quotas.joined(separator: "; "))) }
        for (key, pairs) in [("matching_locks", parameters.locks), ("matching_forbids", parameters.forbids),
                             ("matching_waivers", parameters.languageWaivers)] where !pairs.isEmpty {
            lines.append(LabelValue(label: t(key), value: pairs.map { name($0.mentee) + " – " + name($0.mentor) }.joined(separator: "; ")))
        }
        let capacities = parameters.capacities.sorted { $0.key < $1.key }.map { name($0.key) + " " + String($0.value) }
        if !capacities.isEmpty { lines.append(LabelValue(label: t("matching_capacities"), value: capacities.joined(separator: "; "))) }
        return lines
    }

    private func signed(_ number: Int) -> String {
        number > 0 ? "+" + language.format(number) : number < 0 ? "−" + language.format(-number) : "0"
    }

    // MARK: Two runs side by side

    struct CompareRow: Encodable {
        let pair: String
        let first: String
        let second: String
        let change: String
    }

    struct ComparePage: Encodable {
        let title: String
        let matchingHref: String
        let first: RunRow
        let second: RunRow
        let rows: [CompareRow]
        let totalChange: String
        let firstSettings: [LabelValue]
        let secondSettings: [LabelValue]
    }

    func comparison(_ first: MatchingRunModel, _ second: MatchingRunModel) throws -> ComparePage {
        let a = try first.proposalValue(), b = try second.proposalValue()
        let difference = ProposalDifference(from: a, to: b)
        let scoreInA = Dictionary(a.pairs.map { ($0.pair, $0.score.total) }, uniquingKeysWith: max)
        let scoreInB = Dictionary(b.pairs.map { ($0.pair, $0.score.total) }, uniquingKeysWith: max)
        func row(_ pair: MatchingPair, _ change: String) -> CompareRow {
            CompareRow(pair: name(pair.mentee) + " – " + name(pair.mentor), first: scoreInA[pair].map(String.init) ?? "—",
                       second: scoreInB[pair].map(String.init) ?? "—", change: t(change))
        }
        return ComparePage(
            title: t("matching_compare_title", ["a": String(first.number), "b": String(second.number)]), matchingHref: base,
            first: self.row(first), second: self.row(second),
            rows: difference.removed.map { row($0, "matching_change_removed") } + difference.added.map { row($0, "matching_change_added") }
                + difference.kept.map { row($0, "matching_change_kept") },
            totalChange: signed(difference.totalChange),
            firstSettings: settings(try first.parametersValue()), secondSettings: settings(try second.parametersValue()))
    }
}
