import Graphiti

/// The users domain's fields for the compiled query path (see ``StoryFieldTables``).
enum UserFieldTables {
    static func add(to fields: inout CompiledFields) {
        fields.add(FieldTable<RootResolver>("Query") { t in
            t.object("me", "UserType") { root, context in root.me(context: context, arguments: NoArguments()) }
            t.object("userById", "UserType", arguments: UserIDArgs.self) { try await $0.userById(context: $1, arguments: $2) }
        })
        fields.add(FieldTable<UserType>("UserType") { t in
            t.ids(node: "UserType") { $0.user.id }
            t.string("email") { user, context in user.email(context: context, arguments: NoArguments()) }
            t.string("role") { $0.role }
            t.string("firstName") { $0.firstName }
            t.string("lastName") { $0.lastName }
            t.dateTime("createdAt") { $0.createdAt }
            t.dateTime("updatedAt") { $0.updatedAt }
        })
    }
}
