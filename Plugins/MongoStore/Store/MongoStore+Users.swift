import Protocols

/// `users`. Emails are stored lowercased; old documents may hold them as typed, so lookups fall back
/// to an anchored, escaped, case-insensitive match.
extension MongoStore {
    public func insertUser(_ user: User) async throws {
        try await withDatabase { [uniquenessLock] db in
            try uniquenessLock.withLock {
                let users = db.users
                if try Self.findUser(email: user.email, in: users) != nil {
                    throw StoreError.duplicate(field: "email", value: user.email.lowercased())
                }
                try users.insert(user.insertDocument, duplicate: Self.userClash(user))
            }
        }
    }

    public func users(ids: [ObjectId]) async throws -> [User] {
        guard !ids.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.users.find(["_id": .anyOf(ids)], sort: .oldestFirst).decoded(User.init(document:))
        }
    }

    public func user(email: String) async throws -> User? {
        try await withDatabase { db in
            try Self.findUser(email: email, in: db.users).flatMap { try [$0].decoded(User.init(document:)).first }
        }
    }

    public func allUsers() async throws -> [User] {
        try await withDatabase { db in try db.users.find([:], sort: .oldestFirst).decoded(User.init(document:)) }
    }

    public func updateUser(_ user: User) async throws {
        try await withDatabase { [uniquenessLock] db in
            try uniquenessLock.withLock {
                let users = db.users
                if let other = try Self.findUser(email: user.email, in: users), other.id != user.id {
                    throw StoreError.duplicate(field: "email", value: user.email.lowercased())
                }
                do {
                    guard try users.updateOne(.byId(user.id), user.update) > 0 else {
                        throw StoreError.notFound(entity: "user", id: user.id)
                    }
                } catch let error as MongoError where error.isDuplicateKey {
                    throw Self.userClash(user)(error)
                }
            }
        }
    }

    public func deleteUser(id: ObjectId) async throws -> Bool {
        try await inTransaction { db in
            try db.progress.deleteMany(["user_id": .objectId(id)])
            return try db.users.deleteMany(.byId(id)) > 0
        }
    }

    /// The user with this email: the exact lowercased form first (indexed), then any case.
    static func findUser(email: String, in users: MongoCollection) throws -> BSONFields? {
        let lowered = email.lowercased()
        if let exact = try users.findOne(["email": .string(lowered)], sort: .oldestFirst) { return exact }
        let pattern = "^" + escapeRegex(email) + "$"
        return try users.findOne(["email": .regex(pattern: pattern, options: "i")], sort: .oldestFirst)
    }

    /// `text` with every regular-expression metacharacter escaped.
    static func escapeRegex(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}/-".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static func userClash(_ user: User) -> (MongoError) -> StoreError {
        { error in
            error.message.contains("email")
                ? .duplicate(field: "email", value: user.email.lowercased())
                : .duplicate(field: "id", value: user.id.hexString)
        }
    }
}
