import Domain
import Protocols
import Testing

@Suite("UserService: accounts")
struct UserServiceTests {
    @Test("anyone signs up as a player; only an admin creates an admin", arguments: StoreKind.available)
    func signUp(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let ann = try await world.users.create(NewUser(email: "  Ann@Example.com ", password: "password1"), by: world.asAnonymous)
        #expect(ann.email == "ann@example.com" && ann.role == .player)
        await expectRefusal(.forbidden(.notPermitted)) {
            try await world.users.create(NewUser(email: "eve@example.com", password: "password1", role: .admin), by: world.asAnonymous)
        }
        await expectRefusal(.forbidden(.notPermitted)) {
            try await world.users.create(NewUser(email: "eve@example.com", password: "password1", role: .admin), by: world.asPlayer)
        }
        let bob = try await world.users.create(NewUser(email: "bob@example.com", password: "password1", role: .admin), by: world.asAuthor)
        #expect(bob.role == .admin)
        await expectRefusal(.invalid(field: "email", reason: "A user with this email already exists")) {
            try await world.users.create(NewUser(email: "ANN@example.com", password: "password1"), by: world.asAnonymous)
        }
        await expectRefusal(.invalid(field: "password", reason: "Password must be at least 8 characters")) {
            try await world.users.create(NewUser(email: "cy@example.com", password: "short"), by: world.asAnonymous)
        }
    }

    @Test("the first admin is created, or promoted with its tokens revoked, through the same creation", arguments: StoreKind.available)
    func bootstrap(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        #expect(try await world.users.ensureAdmin(email: "root@example.com", password: "password1") == .created)
        #expect(try await world.users.ensureAdmin(email: "ROOT@example.com", password: "ignored!!") == .alreadyAdmin)
        let stored = try #require(try await world.store.user(email: "root@example.com"))
        #expect(stored.role == .admin && stored.passwordHash == "plain:password1")
        #expect(try await world.users.ensureAdmin(email: world.player.email, password: "whatever1") == .promoted)
        let promoted = try #require(try await world.store.users(ids: [world.player.id]).first)
        #expect(promoted.role == .admin && promoted.tokenVersion == world.player.tokenVersion + 1)
        await expectRefusal(.invalid(field: "password", reason: "Password must be at least 8 characters")) {
            try await world.users.ensureAdmin(email: "new@example.com", password: "short")
        }
    }

    @Test("a user changes their profile but not their role; an admin changes roles and deletes, not others' profiles", arguments: StoreKind.available)
    func whoChangesWhat(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        let renamed = try await world.users.update(world.player.id, UserChanges(firstName: "Ann"), by: world.asPlayer)
        #expect(renamed.firstName == "Ann")
        await expectRefusal(.forbidden(.notPermitted)) {
            try await world.users.update(world.player.id, UserChanges(role: .admin), by: world.asPlayer)
        }
        await expectRefusal(.forbidden(.notPermitted)) {
            try await world.users.update(world.player.id, UserChanges(email: "taken@example.com"), by: world.asOtherAdmin)
        }
        let promoted = try await world.users.update(world.player.id, UserChanges(role: .admin), by: world.asOtherAdmin)
        #expect(promoted.role == .admin && promoted.tokenVersion == 1)
        await expectRefusal(.forbidden(.signInRequired)) { try await world.users.delete(world.player.id, by: world.asAnonymous) }
        try await world.users.delete(world.player.id, by: world.asOtherAdmin)
        await expectRefusal(.notFound("User")) { try await world.users.delete(world.player.id, by: world.asOtherAdmin) }
    }

    @Test("user records are read by the user and by admins only", arguments: StoreKind.available)
    func whoReadsUsers(_ kind: StoreKind) async throws {
        let world = try await World.make(kind)
        #expect(try await world.users.user(world.player.id, by: world.asPlayer)?.id == world.player.id)
        #expect(try await world.users.user(world.player.id, by: world.asOtherAdmin)?.id == world.player.id)
        await expectRefusal(.forbidden(.notPermitted)) { try await world.users.user(world.author.id, by: world.asPlayer) }
        await expectRefusal(.forbidden(.notPermitted)) { try await world.users.all(by: world.asPlayer) }
        #expect(try await world.users.all(by: world.asAuthor).count == 3)
    }
}
