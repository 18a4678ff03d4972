import TandemCore
import Vapor

/// Turns every error into a response a person or a program can use: JSON `{"error": {"code", "message"}}`
/// (with `fields`, the problem of each input field, when a body did not pass its checks)
/// for the API, a page in the reader's language for everything else. Server faults are logged as such
/// and never show their details; client mistakes are not noise in the log.
struct TandemErrorMiddleware: AsyncMiddleware {
    struct Body: Content {
        struct Detail: Content {
            let code: String
            let message: String
            let fields: [String: String]?
        }
        let error: Detail
    }

    struct ErrorPage: Encodable {
        let status: Int
        let heading: String
        let message: String
        /// The page above the one that failed, where the person can carry on (`/applications/{id}` for its edit page).
        let up: String?
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, to: request)
        }
    }

    private func response(for error: any Error, to request: Request) async -> Response {
        let status: HTTPResponseStatus
        let code: String
        var message: String
        var headers = HTTPHeaders()
        var fields: [String: String]?
        /// The page's heading when the status's own would mislead.
        var heading: String?
        switch error {
        case is DecodingError where !wantsJSON(request):
            // A form whose fields are not of the shape its page sends (a list where one value goes): a person who
            // crafted it is told plainly; the decoder's words are for the API's developers.
            (status, code, message) = (.badRequest, "bad_request", request.localizer.text("error_form_unreadable", request.language))
        case let error as APIError:
            (status, code, message) = (error.status, error.code, error.message)
            headers = error.headers
            fields = error.fields
        case let error as any AbortError:
            (status, code, message) = (error.status, APIError.code(for: error.status), error.reason)
            headers = error.headers
        case let conflict as ChangeConflict:
            (status, code) = Self.conflictStatus(request)
            heading = "error_conflict_title"
            message = request.localizer.text("change_conflict", request.language,
                                             ["what": request.localizer.text("change_entity_" + conflict.entity, request.language)])
        case let error where error.isConstraintViolation:
            // Two changes passed their checks at once and the database's unique index kept the second out.
            (status, code) = Self.conflictStatus(request)
            heading = "error_conflict_title"
            message = request.localizer.text("change_conflict_constraint", request.language)
            request.logger.notice("\(request.method) \(request.url.path): refused by a constraint: \(String(reflecting: error))")
        default:
            (status, code, message) = (.internalServerError, "internal_error", "")
        }
        if status == .payloadTooLarge {
            // Said in the reader's language, with the way back to what they typed.
            let megabytes = { (bytes: Int) in
                request.localizer.text("unit_megabytes", request.language, ["count": request.language.format(bytes / (1024 * 1024))])
            }
            message = request.localizer.text(wantsJSON(request) ? "error_413_api" : "error_413_message", request.language, [
                "form": megabytes(request.application.routes.defaultMaxBodySize.value), "file": megabytes(UploadType.maximumBytes),
            ])
        }
        if status.code >= 500 {
            request.logger.error("\(request.method) \(request.url.path) failed: \(String(reflecting: error))")
            message = request.localizer.text("error_server", request.language, ["id": request.id])
        } else {
            request.logger.debug("\(request.method) \(request.url.path): \(status.code) \(message)")
        }
        headers.remove(name: .contentType)
        if wantsJSON(request) {
            let response = Response(status: status, headers: headers)
            try? response.content.encode(Body(error: .init(code: code, message: message, fields: fields)))
            return response
        }
        return await page(status: status, heading: heading, message: message, headers: headers, for: request)
    }

    /// 412 where the client sent `If-Match` (its copy is stale), 409 otherwise.
    static func conflictStatus(_ request: Request) -> (HTTPResponseStatus, String) {
        request.headers.first(name: .ifMatch) != nil ? (.preconditionFailed, "stale") : (.conflict, "conflict")
    }

    private func wantsJSON(_ request: Request) -> Bool {
        let path = request.url.path
        if path.hasPrefix("/api/") || path == "/healthz" { return true }
        let accept = request.headers.first(name: .accept) ?? ""
        return accept.contains("application/json") && !accept.contains("text/html")
    }

    private func page(status: HTTPResponseStatus, heading: String?, message: String, headers: HTTPHeaders, for request: Request) async -> Response {
        let language = request.language
        let localizer = request.localizer
        let known = [400, 403, 404, 405, 409, 410, 413]
        let key = known.contains(Int(status.code)) ? "error_\(status.code)" : (status.code >= 500 ? "error_500" : "error_other")
        let context = ErrorPage(
            status: Int(status.code),
            heading: localizer.text(heading ?? key + "_title", language),
            message: status.code == 404 ? localizer.text("error_404_message", language) : message,
            up: status.code >= 500 ? nil
                // An address whose query could not be read leads to the same page without it (its filters cleared).
                : status == .badRequest && request.method == .GET && request.url.query != nil ? request.url.path
                : FormAddresses.nearestPage(above: request.url.path, in: request.application.routes))
        do {
            let view = try await request.renderPage("error", title: context.heading, context)
            let response = try await view.encodeResponse(status: status, for: request)
            response.headers.add(contentsOf: headers)
            return response
        } catch {
            request.logger.error("error page failed to render: \(String(reflecting: error))")
            return Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
                            body: .init(string: "\(status.code) \(context.heading)\n\(context.message)\n"))
        }
    }
}

extension TandemErrorMiddleware.ErrorPage: WithoutConfirmation {}
