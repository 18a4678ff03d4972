import Foundation

/// Where and how Tandem hands its mail over, read from `SMTP_URL`:
/// - `smtp://user:pass@host:587`: STARTTLS, refused if the server does not offer it;
/// - `smtps://user:pass@host:465`: TLS from the first byte;
/// - `smtp+insecure://host:25`: no encryption, for a relay on the same machine or network.
public struct SMTPEndpoint: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        case startTLS, tls, none
    }

    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let problem: String
        public var description: String { problem }
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
    }

    public init(url text: String) throws(Invalid) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw Invalid(problem: "must look like smtp://user:password@host:587")
        }
        let security: Security
        let defaultPort: Int
        switch scheme {
        case "smtp": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.tls, 465)
        case "smtp+insecure": (security, defaultPort) = (.none, 25)
        default: throw Invalid(problem: "must start with smtp://, smtps:// or smtp+insecure://, not \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(problem: "needs a host name, e.g. smtp://user:password@mail.example.org:587")
        }
        let port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { throw Invalid(problem: "the port must be from 1 to 65535") }
        if (components.user == nil) != (components.password == nil) {
            throw Invalid(problem: "give both a user name and a password, or neither")
        }
        self.init(host: host, port: port, security: security,
                  username: components.percentEncodedUser?.removingPercentEncoding,
                  password: components.percentEncodedPassword?.removingPercentEncoding)
    }

    /// The address as it may appear in logs and on the outbox page: never the password.
    public var redacted: String {
        let scheme = ["startTLS": "smtp", "tls": "smtps", "none": "smtp+insecure"][security.rawValue] ?? "smtp"
        return "\(scheme)://\(username.map { $0 + ":***@" } ?? "")\(host):\(port)"
    }
}
