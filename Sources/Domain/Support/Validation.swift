import Foundation

/// Checks on user input, each failing with ``DomainError/invalid(field:reason:)`` whose reason names
/// the field and the problem.
public enum Validate {
    /// A text field: `required` (not blank), at most `max` characters, and no control character
    /// but tab, newline and carriage return (a NUL byte or an escape sequence in a title is never meant).
    public static func length(_ value: String, field: String, max: Int, required: Bool = false) throws {
        if required && value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw DomainError.invalid(field: field, reason: "\(field) is required")
        }
        if value.count > max {
            throw DomainError.invalid(field: field, reason: "\(field) must be at most \(max) characters (got \(value.count))")
        }
        try noControlCharacters(value, field: field)
    }

    /// Refuses control characters (C0, DEL, C1) other than tab, newline and carriage return, naming
    /// the field, the character's code and its position.
    public static func noControlCharacters(_ value: String, field: String) throws {
        for (offset, scalar) in value.unicodeScalars.enumerated() where isForbidden(scalar) {
            let code = "U+" + String(format: "%04X", scalar.value)
            throw DomainError.invalid(
                field: field,
                reason: "\(field) must not contain control characters (\(code) at position \(offset + 1)); only tab, newline and carriage return are allowed")
        }
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    public static func email(_ value: String) throws -> String {
        let email = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { throw DomainError.invalid(field: "email", reason: "Invalid email address: \(value.prefix(100))") }
        try noControlCharacters(email, field: "email")
        return email
    }

    public static func password(_ value: String) throws {
        guard value.count >= 8 else { throw DomainError.invalid(field: "password", reason: "Password must be at least 8 characters") }
        guard value.utf8.count <= 72 else { throw DomainError.invalid(field: "password", reason: "Password must be at most 72 bytes") }
        // bcrypt stops at a NUL byte: "secret\0anything" would match "secret".
        try noControlCharacters(value, field: "password")
    }
}
