import Protocols

/// `UserStore`: accounts, with emails unique regardless of case.
enum UserCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("an inserted user reads back by id, by email and in the list of all users") { store in
            let user = Fixture.user("ada@example.com", role: .admin)
            try await store.insertUser(user)
            try expectSame(try await store.users(ids: [user.id]), [user], "users(ids:)")
            try expectSame(try await store.user(email: "ada@example.com"), user, "user(email:)")
            try expectSame(try await store.allUsers(), [user], "allUsers()")
        },
        StoreConformanceCase("looking a user up by email ignores case") { store in
            let user = Fixture.user("ada@example.com")
            try await store.insertUser(user)
            try expectEqual(try await store.user(email: "ADA@Example.COM")?.id, user.id, "user(email:) in upper case")
        },
        StoreConformanceCase("looking up an unknown email answers nil") { store in
            try await store.insertUser(Fixture.user("ada@example.com"))
            try expect(try await store.user(email: "grace@example.com") == nil, "an unknown email must answer nil")
        },
        StoreConformanceCase("inserting a user whose email differs only in case from another's is refused as a duplicate email") { store in
            try await store.insertUser(Fixture.user("ada@example.com"))
            var other = Fixture.user()
            other.email = "Ada@Example.com"
            try await expectDuplicate(field: "email") { try await store.insertUser(other) }
            try expectEqual(try await store.allUsers().count, 1, "users after the refused insert")
        },
        StoreConformanceCase("updating a user to another user's email, in any case, is refused as a duplicate email") { store in
            try await store.insertUser(Fixture.user("ada@example.com"))
            var grace = Fixture.user("grace@example.com")
            try await store.insertUser(grace)
            grace.email = "ADA@example.com"
            try await expectDuplicate(field: "email") { try await store.updateUser(grace) }
            try expectEqual(
                try await store.users(ids: [grace.id]).first?.email, "grace@example.com", "email after the refused update")
        },
        StoreConformanceCase("updating a user replaces every field and a user may keep their own email") { store in
            var user = Fixture.user("ada@example.com", role: .player, at: 1)
            try await store.insertUser(user)
            user.passwordHash = "$2b$12$zzzzzzzzzzzzzzzzzzzzzuM2vZb7e9Zl1oFQqW0h6m3kKc7d5p1Ce"
            user.role = .admin
            user.firstName = "Augusta"
            user.lastName = "King"
            user.updatedAt = Fixture.time(60)
            try await store.updateUser(user)
            try expectSame(try await store.users(ids: [user.id]), [user], "the updated user")
            user.email = "ada.king@example.com"
            try await store.updateUser(user)
            try expectEqual(try await store.user(email: "ada.king@example.com")?.id, user.id, "found by the new email")
            try expect(try await store.user(email: "ada@example.com") == nil, "the old email must be free")
        },
        StoreConformanceCase("a user's token version is stored as given, 0 by default") { store in
            let fresh = Fixture.user("fresh@example.com")
            try expectEqual(fresh.tokenVersion, 0, "the default")
            var revoked = Fixture.user("revoked@example.com")
            revoked.tokenVersion = 3
            try await store.insertUser(fresh)
            try await store.insertUser(revoked)
            try expectEqual(try await store.users(ids: [fresh.id]).first?.tokenVersion, 0, "fresh")
            try expectEqual(try await store.user(email: "revoked@example.com")?.tokenVersion, 3, "revoked")
        },
        StoreConformanceCase("updating a user raises the token version, and an update from a stale read never lowers it") { store in
            let user = Fixture.user("ada@example.com")
            try await store.insertUser(user)
            var revoking = user
            revoking.tokenVersion += 1
            try await store.updateUser(revoking)
            try expectEqual(try await store.users(ids: [user.id]).first?.tokenVersion, 1, "after the raise")
            var stale = user
            stale.firstName = "Augusta"
            try await store.updateUser(stale)
            let stored = try unwrap(try await store.users(ids: [user.id]).first, "the user")
            try expectEqual(stored.firstName, "Augusta", "the stale update's other fields are written")
            try expectEqual(stored.tokenVersion, 1, "the token version after the stale update")
        },
        StoreConformanceCase("updating a user that does not exist throws notFound") { store in
            try await expectNotFound { try await store.updateUser(Fixture.user()) }
        },
        StoreConformanceCase("deleting a user removes them and their progress; deleting them again answers false") { store in
            let user = Fixture.user()
            let other = Fixture.user()
            try await store.insertUser(user)
            try await store.insertUser(other)
            let story = try await Story.insert(into: store)
            try await store.insertProgress(Fixture.progress(user: user.id, scenario: story.scenario.id, scene: story.a.id))
            let kept = Fixture.progress(user: other.id, scenario: story.scenario.id, scene: story.a.id)
            try await store.insertProgress(kept)
            try expect(try await store.deleteUser(id: user.id), "deleting an existing user must answer true")
            try expectEqual(try await store.users(ids: [user.id]).count, 0, "the deleted user")
            try expectEqual(try await store.progress(.user(user.id)).count, 0, "the deleted user's progress")
            try expectEqual(try await store.progress(.all).map(\.id), [kept.id], "the other player's progress")
            try expect(try await !store.deleteUser(id: user.id), "deleting a missing user must answer false")
        },
        StoreConformanceCase("all users are listed oldest first") { store in
            let newer = Fixture.user("b@example.com", at: 20)
            let older = Fixture.user("a@example.com", at: 10)
            try await store.insertUser(newer)
            try await store.insertUser(older)
            try expectEqual(try await store.allUsers().map(\.id), [older.id, newer.id], "allUsers() order")
        },
        StoreConformanceCase("looking users up by ids skips unknown ids") { store in
            let ada = Fixture.user("ada@example.com")
            let grace = Fixture.user("grace@example.com")
            try await store.insertUser(ada)
            try await store.insertUser(grace)
            let found = try await store.users(ids: [grace.id, ObjectId(), ada.id])
            try expectEqual(Set(found.map(\.id)), [ada.id, grace.id], "users(ids:)")
            try expectEqual(try await store.users(ids: []).count, 0, "users(ids: [])")
        },
    ]
}
