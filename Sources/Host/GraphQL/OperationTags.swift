/// Caseless tags that give one Swift payload or input type the several GraphQL names the old
/// server's clients use (`CreateScenario` and `UpdateScenario`, `CreateSceneInput` and
/// `UpdateSceneInput`, …).
///
/// Graphiti maps one Swift type to one GraphQL type, so a payload shared by several mutations is
/// generic over one of these tags (`ScenarioPayload<Op.Create>`), and each specialisation is
/// registered under its own name. Deletion payloads are tagged with the domain value they delete
/// (`DeletePayload<Scenario>`).
enum Op {
    enum Create {}
    enum Update {}
    enum Record {}
    enum GoBack {}
    enum Generate {}
    enum Upload {}
    enum GenerateImage {}
    enum GenerateSound {}
    enum Refresh {}
    enum Import {}
    enum MakeChoice {}
}
