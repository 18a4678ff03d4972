import Vapor

/// An error a client can act on: a stable `code` to branch on and a `message` to show a person.
struct APIError: AbortError {
    let status: HTTPResponseStatus
    let code: String
    let message: String
    var headers: HTTPHeaders = [:]
    /// For `invalid_input`: the problem of each field, keyed by its name in the request body.
    var fields: [String: String]?

    var reason: String { message }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    static func invalidParameter(_ name: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", message: "\(name): \(message)")
    }

    /// A background save of a form with something typed past its bound: the page's script keeps the text and
    /// says so; the next full save shows which field.
    static func outOfBounds(_ req: Request) -> APIError {
        APIError(status: .unprocessableEntity, code: "too_long", message: req.text("form_not_saved_bounds"))
    }

    /// The code for an error that did not come with one of its own.
    static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 406: "not_acceptable"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "invalid_input"
        case 429: "too_many_requests"
        case 500...: "internal_error"
        default: "error"
        }
    }
}
