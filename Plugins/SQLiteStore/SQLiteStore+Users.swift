import GRDB
import Protocols

extension SQLiteStore {
    public func insertUser(_ user: User) async throws {
        try await write(onUnique: Self.userUniqueViolation(user)) { db in
            try db.execute(
                sql: """
                    INSERT INTO users (id, email, password_hash, role, first_name, last_name, created_at, updated_at,
                        token_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.userArguments(user))
        }
    }

    public func users(ids: [ObjectId]) async throws -> [User] {
        guard !ids.isEmpty else { return [] }
        return try await selectRows(Self.usersByIds, ids: ids, as: User.self)
    }

    private static let usersByIds = SelectByIds { "SELECT \(User.selectedColumns) FROM users WHERE id \($0)" }

    public func user(email: String) async throws -> User? {
        try await read { db in
            try db.columnRows("SELECT \(User.selectedColumns) FROM users WHERE lower(email) = lower(?)", arguments: [email], as: User.self).first
        }
    }

    public func allUsers() async throws -> [User] {
        try await read { db in
            try db.columnRows("SELECT \(User.selectedColumns) FROM users ORDER BY created_at, id", arguments: [], as: User.self)
        }
    }

    public func updateUser(_ user: User) async throws {
        try await write(onUnique: Self.userUniqueViolation(user)) { db in
            try db.execute(
                sql: """
                    UPDATE users SET email = ?2, password_hash = ?3, role = ?4, first_name = ?5, last_name = ?6,
                        created_at = ?7, updated_at = ?8, token_version = max(token_version, ?9)
                    WHERE id = ?1
                    """,
                arguments: Self.userArguments(user))
            guard db.changesCount > 0 else { throw StoreError.notFound(entity: "user", id: user.id) }
        }
    }

    public func deleteUser(id: ObjectId) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM progress WHERE user_id = ?", arguments: [Stored.id(id)])
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [Stored.id(id)])
            return db.changesCount > 0
        }
    }

    private static func userArguments(_ user: User) -> StatementArguments {
        [
            Stored.id(user.id), user.email, user.passwordHash, user.role.rawValue, user.firstName, user.lastName,
            Stored.date(user.createdAt), Stored.date(user.updatedAt), user.tokenVersion,
        ]
    }

    private static func userUniqueViolation(_ user: User) -> UniqueViolation {
        { message in
            message.contains("users_email_unique")
                ? .duplicate(field: "email", value: user.email.lowercased())
                : .duplicate(field: "id", value: user.id.hexString)
        }
    }
}
