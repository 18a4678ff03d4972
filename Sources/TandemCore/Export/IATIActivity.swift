import Foundation

/// A partnership's results as an IATI activity (the IATI Standard, version 2.03): who takes part, when,
/// and each result of its framework with its indicators, baselines, targets and the values reported.
/// Written in the order the schema's sequences ask for.
public struct IATIActivity: Sendable {
    public struct Organisation: Equatable, Sendable {
        public var ref: String?
        public var name: String
        /// IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing.
        public var role: String
        /// IATI OrganisationType: 10 government, 40 multilateral.
        public var type: String

        public init(ref: String? = nil, name: String, role: String, type: String) {
            self.ref = ref
            self.name = name
            self.role = role
            self.type = type
        }
    }

    /// A stretch of time over which a target is set and a value was reached.
    public struct Period: Equatable, Sendable {
        public var start: CivilDate
        public var end: CivilDate
        public var target: String
        public var actual: String?
        public var comment: String

        public init(start: CivilDate, end: CivilDate, target: String, actual: String?, comment: String = "") {
            self.start = start
            self.end = end
            self.target = target
            self.actual = actual
            self.comment = comment
        }
    }

    public struct ResultIndicator: Equatable, Sendable {
        public var title: String
        public var description: String
        /// IATI IndicatorMeasure: 1 unit, 5 qualitative.
        public var measure: String
        public var ascending: Bool
        public var baseline: String
        public var baselineYear: Int
        public var periods: [Period]

        public init(title: String, description: String, measure: String, ascending: Bool, baseline: String, baselineYear: Int, periods: [Period]) {
            self.title = title
            self.description = description
            self.measure = measure
            self.ascending = ascending
            self.baseline = baseline
            self.baselineYear = baselineYear
            self.periods = periods
        }
    }

    public struct Result: Equatable, Sendable {
        /// IATI ResultType: 1 output, 2 outcome.
        public var type: String
        public var title: String
        public var description: String
        public var indicators: [ResultIndicator]

        public init(type: String, title: String, description: String, indicators: [ResultIndicator]) {
            self.type = type
            self.title = title
            self.description = description
            self.indicators = indicators
        }
    }

    public var identifier: String
    public var reportingOrganisation: Organisation
    public var title: String
    public var description: String
    public var participants: [Organisation]
    /// IATI ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed.
    public var status: String
    /// IATI ActivityDateType (1 planned start, 2 actual start, 3 planned end, 4 actual end) and the day.
    public var dates: [(type: String, day: CivilDate)]
    /// ISO 3166-1 alpha-2.
    public var recipientCountry: String?
    public var results: [Result]
    public var language: String
    public var lastUpdated: Date

    public init(identifier: String, reportingOrganisation: Organisation, title: String, description: String, participants: [Organisation],
                status: String, dates: [(type: String, day: CivilDate)], recipientCountry: String?, results: [Result],
                language: String, lastUpdated: Date) {
        self.identifier = identifier
        self.reportingOrganisation = reportingOrganisation
        self.title = title
        self.description = description
        self.participants = participants
        self.status = status
        self.dates = dates
        self.recipientCountry = recipientCountry
        self.results = results
        self.language = language
        self.lastUpdated = lastUpdated
    }

    /// The `iati-activities` document holding this one activity.
    public func xml(generated: Date) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<iati-activities version=\"2.03\" generated-datetime=\"\(Self.timestamp(generated))\">\n"
        out += "<iati-activity last-updated-datetime=\"\(Self.timestamp(lastUpdated))\" xml:lang=\"\(Self.escape(language))\">\n"
        out += "<iati-identifier>\(Self.escape(identifier))</iati-identifier>\n"
        out += "<reporting-org ref=\"\(Self.escape(reportingOrganisation.ref ?? ""))\" type=\"\(reportingOrganisation.type)\">\(narrative(reportingOrganisation.name))</reporting-org>\n"
        out += "<title>\(narrative(title))</title>\n"
        out += "<description type=\"1\">\(narrative(description))</description>\n"
        for organisation in participants {
            let ref = organisation.ref.map { " ref=\"\(Self.escape($0))\"" } ?? ""
            out += "<participating-org\(ref) type=\"\(organisation.type)\" role=\"\(organisation.role)\">\(narrative(organisation.name))</participating-org>\n"
        }
        out += "<activity-status code=\"\(status)\"/>\n"
        for date in dates { out += "<activity-date type=\"\(date.type)\" iso-date=\"\(date.day)\"/>\n" }
        if let recipientCountry { out += "<recipient-country code=\"\(Self.escape(recipientCountry))\" percentage=\"100\"/>\n" }
        for result in results where !result.indicators.isEmpty {
            out += "<result type=\"\(result.type)\" aggregation-status=\"0\">\n<title>\(narrative(result.title))</title>\n"
            if !result.description.isEmpty { out += "<description>\(narrative(result.description))</description>\n" }
            for indicator in result.indicators {
                out += "<indicator measure=\"\(indicator.measure)\" ascending=\"\(indicator.ascending ? "1" : "0")\">\n"
                out += "<title>\(narrative(indicator.title))</title>\n"
                if !indicator.description.isEmpty { out += "<description>\(narrative(indicator.description))</description>\n" }
                out += "<baseline year=\"\(indicator.baselineYear)\" value=\"\(Self.escape(indicator.baseline))\"/>\n"
                for period in indicator.periods {
                    out += "<period>\n<period-start iso-date=\"\(period.start)\"/>\n<period-end iso-date=\"\(period.end)\"/>\n"
                    out += "<target value=\"\(Self.escape(period.target))\"/>\n"
                    if let actual = period.actual {
                        out += "<actual value=\"\(Self.escape(actual))\">"
                        if !period.comment.isEmpty { out += "<comment>\(narrative(period.comment))</comment>" }
                        out += "</actual>\n"
                    }
                    out += "</period>\n"
                }
                out += "</indicator>\n"
            }
            out += "</result>\n"
        }
        return out + "</iati-activity>\n</iati-activities>\n"
    }

    private func narrative(_ text: String) -> String { "<narrative>\(Self.escape(text))</narrative>" }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func timestamp(_ moment: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: moment)
    }
}
