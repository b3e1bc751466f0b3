/// The root value of the schema; each domain adds its queries and mutations in an extension.
struct RootResolver: Sendable {}
