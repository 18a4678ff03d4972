/// An exchange visit as its partnership plans it: who hosts, who travels, the days, and the day the
/// Secretariat was told of them.
public struct VisitPlan: Equatable, Sendable {
    public var host: String
    public var visitor: String
    public var start: CivilDate
    /// The last day of the visit (inclusive).
    public var end: CivilDate
    public var notifiedOn: CivilDate

    public init(host: String, visitor: String, start: CivilDate, end: CivilDate, notifiedOn: CivilDate) {
        self.host = host
        self.visitor = visitor
        self.start = start
        self.end = end
        self.notifiedOn = notifiedOn
    }

    func overlaps(_ other: VisitPlan) -> Bool { start <= other.end && other.start <= end }
}

/// The call's rules for the exchange visits of one partnership (S/2368/2025, paragraph 5), and the
/// programme's yearly cap. Each check returns every rule broken, with its figures.
public enum VisitRules {
    /// Whether `visit` can be planned beside the partnership's other visits (not cancelled), given the
    /// partnership's states and how many other visits the whole programme has in the year the visit starts.
    public static func check(_ visit: VisitPlan, others: [VisitPlan], partners: [String], rules: ProgrammeRules,
                             visitsInYear: Int) -> [RuleBreach] {
        var breaches: [RuleBreach] = []
        if visit.end < visit.start {
            breaches.append(RuleBreach("visit_dates_order", field: "end", ["start": visit.start.description, "end": visit.end.description]))
        }
        if visit.host == visit.visitor || !partners.contains(visit.host) || !partners.contains(visit.visitor) {
            breaches.append(RuleBreach("visit_host_visitor", field: "host"))
        }
        if others.count + 1 > rules.visitsPerPartnership {
            breaches.append(RuleBreach("visit_too_many", field: "start", ["allowed": String(rules.visitsPerPartnership)]))
        }
        // One visit hosted by each partner: the exchange goes both ways (S/2368/2025, paragraphs 1 and 5).
        if others.contains(where: { $0.host == visit.host }) {
            breaches.append(RuleBreach("visit_same_host", field: "host", ["host": visit.host]))
        }
        for other in others where visit.overlaps(other) {
            breaches.append(RuleBreach("visit_overlap", field: "start", ["start": other.start.description, "end": other.end.description]))
        }
        breaches += sequenceBreaches(visit, others: others, rules: rules)
        let notice = visit.notifiedOn.days(to: visit.start)
        if notice < 0 {
            // A visit already begun or past is recorded, not planned: only the Secretariat keeps it, with its reason.
            breaches.append(RuleBreach("visit_in_past", field: "start", ["start": visit.start.description]))
        } else if notice < 7 * rules.noticeWeeks {
            breaches.append(RuleBreach("visit_notice", field: "start",
                                       ["days": String(notice), "weeks": String(rules.noticeWeeks), "required": String(7 * rules.noticeWeeks)]))
        }
        breaches += capBreaches(year: visit.start.year, visitsInYear: visitsInYear, cap: rules.annualVisitCap)
        return breaches
    }

    /// The intermission between one visit's end and the next one's start, and the window all of them fit in:
    /// from the first day of the first visit, `visitWindowMonths` months (the last day of the window is the
    /// day before the same date that many months on).
    public static func sequenceBreaches(_ visit: VisitPlan, others: [VisitPlan], rules: ProgrammeRules) -> [RuleBreach] {
        guard visit.start <= visit.end else { return [] }
        var breaches: [RuleBreach] = []
        for other in others where !visit.overlaps(other) {
            let (first, second) = other.start < visit.start ? (other, visit) : (visit, other)
            if second.start < first.end.adding(months: rules.intermissionMonths) {
                breaches.append(RuleBreach("visit_intermission", field: "start",
                                           ["days": String(first.end.days(to: second.start)), "months": String(rules.intermissionMonths),
                                            "earliest": first.end.adding(months: rules.intermissionMonths).description]))
            }
        }
        let all = others + [visit]
        let first = all.map(\.start).min()!, last = all.map(\.end).max()!
        let windowEnd = first.adding(months: rules.visitWindowMonths).adding(days: -1)
        if last > windowEnd {
            breaches.append(RuleBreach("visit_window", field: "end",
                                       ["first": first.description, "last": last.description, "months": String(rules.visitWindowMonths),
                                        "latest": windowEnd.description]))
        }
        return breaches
    }

    /// The programme funds `cap` visits a year. A visit past it breaks the rule; one that takes the last
    /// place, or the one before it, is a warning to the Secretariat.
    static func capBreaches(year: Int, visitsInYear: Int, cap: Int) -> [RuleBreach] {
        let planned = visitsInYear + 1
        let values = ["year": String(year), "planned": String(planned), "cap": String(cap)]
        if planned > cap { return [RuleBreach("visit_yearly_cap", field: "start", values)] }
        if planned >= cap - 1 { return [RuleBreach("visit_yearly_cap_near", field: "start", severity: .warning, values)] }
        return []
    }

    /// The last day the partners can give the dates of the next visit and still hold it within the
    /// window: a one-day visit on the window's last day, notified `noticeWeeks` weeks before. Nil when the
    /// partnership has no visit yet (the window has not begun) or has all its visits.
    public static func lastNoticeDay(visits: [VisitPlan], rules: ProgrammeRules) -> CivilDate? {
        guard let first = visits.map(\.start).min(), visits.count < rules.visitsPerPartnership else { return nil }
        return first.adding(months: rules.visitWindowMonths).adding(days: -1 - 7 * rules.noticeWeeks)
    }
}

/// How people number a partnership's visits: by their place among the visits that stand, in the order they were
/// planned. A visit planned after a cancelled one is "Visit 2", as the interim report after the second visit
/// says; a cancelled visit has no number.
public enum VisitNumbering {
    /// `standing[i]` says whether the i-th planned visit stands (is not cancelled).
    public static func places(standing: [Bool]) -> [Int?] {
        var place = 0
        return standing.map { stands in
            guard stands else { return nil }
            place += 1
            return place
        }
    }
}
