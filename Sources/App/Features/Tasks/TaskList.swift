import Fluent
import Foundation
import TandemCore
import Vapor

/// What waits on a signed-in person, in sections, each item linking to the page where it is done: for the
/// Secretariat what the states sent and the pool to match; for a focal point what their state has to do next.
/// It is the page a person lands on after signing in.
struct TaskList: Encodable {
    struct Item: Encodable {
        let title: String
        let href: String
        let detail: String
        /// The day it began to wait, where that is what matters (what was sent to the Secretariat).
        var since = ""
        /// When it is due, in words ("overdue by 3 days"), where it has a deadline.
        var due = ""
        var overdue = false
    }

    struct Section: Encodable {
        let id: String
        let heading: String
        let empty: String
        let items: [Item]
        /// What waits on someone else (a state's answer), shown so it can be chased, not counted as the person's own.
        var waitsOnOthers = false
    }

    let intro: String
    let sections: [Section]
    /// What happened lately (`RecentNews`), on the page only: the count and the weekly digest leave it out.
    var news: [RecentNews.Line] = []

    /// How many things wait on this person.
    var count: Int { sections.filter { !$0.waitsOnOthers }.map(\.items.count).reduce(0, +) }

    static func of(_ req: Request) async throws -> TaskList {
        try await of(TaskReader(req))
    }

    static func of(_ reader: TaskReader) async throws -> TaskList {
        let actor = reader.actor
        let clearing = ClearingHouseTasks(reader: reader)
        if AccessPolicy.decide(actor, .manageProgramme).isAllowed {
            return TaskList(intro: reader.text("tasks_intro_secretariat"),
                            sections: try await SecretariatTasks(reader: reader).sections() + [try await clearing.review()])
        }
        let mine = try await clearing.mine()
        if actor.role == .focalPoint, let state = actor.state {
            let sections = try await StateTasks(reader: reader, state: state).sections()
            return TaskList(intro: reader.localizer.text("tasks_intro_state", reader.language, ["state": reader.states.name(state, in: reader.language)]),
                            sections: mine.items.isEmpty ? sections + [mine] : [mine] + sections)
        }
        return TaskList(intro: reader.text(mine.items.isEmpty ? "tasks_intro_other" : "tasks_intro_records"), sections: mine.items.isEmpty ? [] : [mine])
    }
}

extension Language {
    /// A deadline said in words, for lists of what to do.
    func due(_ day: CivilDate, today: CivilDate, _ localizer: Localizer) -> String {
        let values = ["day": format(day)]
        return switch DueState(due: day, today: today) {
        case .overdue(let days): localizer.text(days == 1 ? "due_overdue_one" : "due_overdue", self, values.merging(["days": format(days)]) { $1 })
        case .today: localizer.text("due_today", self, values)
        case .soon(let days), .later(let days): localizer.text(days == 1 ? "due_tomorrow" : "due_in", self, values.merging(["days": format(days)]) { $1 })
        }
    }
}
