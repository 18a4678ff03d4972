import Fluent
import Foundation
import TandemCore
import Vapor

/// The list of what needs a person, by email once a week to those who asked for it on their account page: their
/// "To do" in their language, each item with its address. It goes out on the first pass of the deadlines job from
/// Monday 06:00 UTC, and the week is recorded with the message in one transaction, so neither a second pass nor a
/// second instance sends it twice. A week with nothing to do sends nothing.
struct WeeklyDigest {
    let app: Application

    /// The ISO week `now` falls in (`2026-W49`), once that week's Monday 06:00 UTC has passed; nil before it.
    static func week(of now: Date) -> String? {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear, .weekday, .hour], from: now)
        guard let year = parts.yearForWeekOfYear, let week = parts.weekOfYear else { return nil }
        // Monday is weekday 2 in every Gregorian calendar.
        if parts.weekday == 2 && (parts.hour ?? 0) < 6 { return nil }
        return String(format: "%04d-W%02d", year, week)
    }

    /// How many digests were sent.
    @discardableResult
    func run(on db: any Database, now: Date) async throws -> Int {
        guard let week = Self.week(of: now) else { return 0 }
        let people = try await UserModel.query(on: db).filter(\.$weeklyDigest == true).filter(\.$isActive == true).sort(\.$email).all()
        var sent = 0
        for user in people where AccountController.offersDigest(user) {
            let key = "digest:\(user.email):\(week)"
            if try await SentReminderModel.query(on: db).filter(\.$key == key).count() > 0 { continue }
            let reader = TaskReader(user, on: db, app)
            let list = try await TaskList.of(reader)
            guard list.count > 0 else { continue }
            do {
                try await db.writeTransaction { tx in
                    // The unique key is the lock, as for reminders.
                    try await SentReminderModel(key: key, sentAt: now).create(on: tx)
                    try await app.mailer.enqueue(.weeklyDigest, to: user.email, name: user.displayName, language: reader.language,
                                                 link: app.config.baseURL + "/tasks",
                                                 values: ["count": reader.language.format(list.count), "list": lines(list)], on: tx, now: now)
                }
                sent += 1
            } catch {
                if try await SentReminderModel.query(on: db).filter(\.$key == key).count() > 0 { continue }
                throw error
            }
        }
        return sent
    }

    /// Each section that waits on the person, its items under it with when they are due and where to do them.
    private func lines(_ list: TaskList) -> String {
        list.sections.filter { !$0.waitsOnOthers && !$0.items.isEmpty }.map { section in
            ([section.heading] + section.items.map { item in
                "• " + [item.title, item.due].filter { !$0.isEmpty }.joined(separator: " · ") + "\n  " + app.config.baseURL + item.href
            }).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
