import Fluent
import Foundation
import TandemCore

/// A visit's plan checked against the call's rules and the programme's yearly cap, as the forms need it.
enum VisitChecks {
    /// Every rule the plan and its delegation break or come close to.
    static func breaches(_ plan: VisitPlan, delegates: [Delegate], record: PartnershipRecord, excluding visit: VisitModel?,
                         rules: ProgrammeRules, on db: any Database) async throws -> [RuleBreach] {
        let others = try record.visits.filter { try $0.id != visit?.id && $0.visitStatus != .cancelled }.compactMap(\.plan)
        let inYear = try await visitsInYear(plan.start.year, excluding: visit?.id, on: db)
        return VisitRules.check(plan, others: others, partners: record.states, rules: rules, visitsInYear: inYear)
            + DelegationRules.check(delegates, rules: rules)
    }

    /// Visits of the whole programme starting in `year` that are not cancelled: what the yearly cap counts.
    static func visitsInYear(_ year: Int, excluding id: UUID?, on db: any Database) async throws -> Int {
        var query = VisitModel.query(on: db).filter(\.$status != VisitStatus.cancelled.rawValue)
            .filter(\.$startDate >= "\(year)-01-01").filter(\.$startDate <= "\(year)-12-31")
        if let id { query = query.filter(\.$id != id) }
        return try await query.count()
    }
}
