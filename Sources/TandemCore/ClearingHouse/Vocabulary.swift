/// The coded lists the clearing-house's formats share, so records from different sources can be searched,
/// counted and matched on the same terms. Each list ends with "other", which a record explains in words; the
/// labels are in the locale files (`vocabulary_LIST_CODE`). Thematic areas are the call's (`ThematicArea.annex2`).
public enum Vocabulary: String, CaseIterable, Codable, Sendable {
    case activityType = "activity_type"
    case targetGroup = "target_group"
    case projectStatus = "project_status"
    case budgetRange = "budget_range"
    case opportunityKind = "opportunity_kind"
    case needPriority = "need_priority"
    case needStatus = "need_status"
    case assistanceType = "assistance_type"
    case resourceGenre = "resource_genre"
    /// The DCMI Type Vocabulary, for a library item's Dublin Core `type`.
    case dcmiType = "dcmi_type"
    case expertAvailability = "expert_availability"

    public static let other = "other"

    /// The codes in the order forms offer them; "other" last where a record may need it.
    public var codes: [String] {
        switch self {
        case .activityType:
            ["training_course", "workshop", "technical_assistance", "legislative_assistance", "exchange_visit", "equipment",
             "e_learning", "exercise", "research", Self.other]
        case .targetGroup:
            ["national_authority", "customs", "industry", "laboratories", "emergency_responders", "legislators", "academia",
             "civil_society", Self.other]
        case .projectStatus:
            ["planned", "ongoing", "completed", "suspended"]
        case .budgetRange:
            ["under_50k", "50k_250k", "250k_1m", "over_1m", "not_disclosed"]
        case .opportunityKind:
            ["grant", "course", "fellowship", "scholarship", "internship", "funding_call", Self.other]
        case .needPriority:
            ["high", "medium", "low"]
        case .needStatus:
            ["open", "partly_met", "met"]
        case .assistanceType:
            ["training", "expert_advice", "legislative_drafting", "equipment", "funding", "mentorship", "exchange_visit", Self.other]
        case .resourceGenre:
            ["manual", "guideline", "case_study", "workshop_report", "training_material", "legal_text", "template", "report",
             "news", Self.other]
        case .dcmiType:
            ["Collection", "Dataset", "Event", "Image", "InteractiveResource", "MovingImage", "PhysicalObject", "Service",
             "Software", "Sound", "StillImage", "Text"]
        case .expertAvailability:
            ["available", "limited", "unavailable"]
        }
    }

    public func contains(_ code: String) -> Bool { codes.contains(code) }
}
