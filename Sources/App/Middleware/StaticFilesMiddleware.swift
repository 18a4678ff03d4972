import Vapor

/// Serves `Public/` as `FileMiddleware` does, but asks the file system only about addresses a file of ours could
/// have: a segment longer than a file name may be (255 bytes) would make the system call fail, which must not
/// turn an odd address into a server error. Such an address goes on to the routes, which answer it.
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.utf8.count <= 1_024, !path.split(separator: "/").contains(where: { $0.utf8.count > 255 }) else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
