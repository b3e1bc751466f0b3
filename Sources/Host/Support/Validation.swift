import Foundation

/// Checks on user input, each failing with a message that names the field and the problem.
enum Validate {
    static func length(_ value: String, field: String, max: Int, required: Bool = false) throws {
        if required && value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw APIError.invalidInput("\(field) is required")
        }
        if value.count > max {
            throw APIError.invalidInput("\(field) must be at most \(max) characters (got \(value.count))")
        }
    }

    static func email(_ value: String) throws -> String {
        let email = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { throw APIError.invalidInput("Invalid email address: \(value.prefix(100))") }
        return email
    }

    static func password(_ value: String) throws {
        guard value.count >= 8 else { throw APIError.invalidInput("Password must be at least 8 characters") }
        guard value.utf8.count <= 72 else { throw APIError.invalidInput("Password must be at most 72 bytes") }
    }
}
