import Foundation

/// Checks on user input, each failing with ``DomainError/invalid(field:reason:)`` whose reason names
/// the field and the problem.
public enum Validate {
    public static func length(_ value: String, field: String, max: Int, required: Bool = false) throws {
        if required && value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw DomainError.invalid(field: field, reason: "\(field) is required")
        }
        if value.count > max {
            throw DomainError.invalid(field: field, reason: "\(field) must be at most \(max) characters (got \(value.count))")
        }
    }

    public static func email(_ value: String) throws -> String {
        let email = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { throw DomainError.invalid(field: "email", reason: "Invalid email address: \(value.prefix(100))") }
        return email
    }

    public static func password(_ value: String) throws {
        guard value.count >= 8 else { throw DomainError.invalid(field: "password", reason: "Password must be at least 8 characters") }
        guard value.utf8.count <= 72 else { throw DomainError.invalid(field: "password", reason: "Password must be at most 72 bytes") }
    }
}
