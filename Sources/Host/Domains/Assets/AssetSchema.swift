import Graphiti
import Protocols

/// The assets domain of the schema.
enum AssetSchema {
    static var partial: PartialSchema<RootResolver, APIContext> {
        PartialSchema(
            types: {
                Upload.scalar
                Type(AssetType.self, interfaces: [RelayNode.self]) {
                    Field("id", at: \.id)
                    Field("mongoId", at: \.mongoId)
                    Field("type", at: \.type)
                    Field("name", at: \.name)
                    Field("filename", at: \.filename)
                    Field("url", at: AssetType.url)
                    Field("fileSize", at: \.fileSize)
                    Field("mimeType", at: \.mimeType)
                    Field("metadata", at: \.metadata)
                    Field("uploadedBy", at: AssetType.uploadedBy)
                    Field("isPublic", at: \.isPublic)
                    Field("fileSizeMb", at: \.fileSizeMb)
                    Field("fileExtension", at: \.fileExtension)
                    Field("dimensions", at: \.dimensions)
                    Field("duration", at: \.duration)
                    Field("durationSeconds", at: \.durationSeconds)
                    Field("createdAt", at: \.createdAt)
                    Field("updatedAt", at: \.updatedAt)
                }
                assetInput(Op.Create.self, as: "CreateAssetInput")
                assetInput(Op.Update.self, as: "UpdateAssetInput")
                assetPayload(Op.Create.self, as: "CreateAsset")
                assetPayload(Op.Update.self, as: "UpdateAsset")
                assetPayload(Op.Generate.self, as: "GenerateAsset")
                assetPayload(Op.Upload.self, as: "UploadAsset")
                assetPayload(Op.GenerateImage.self, as: "GenerateImageWithAI")
                assetPayload(Op.GenerateSound.self, as: "GenerateSoundWithAI")
                DeletePayload<Asset>.type(as: "DeleteAsset")
            },
            query: {
                Field("allAssets", at: RootResolver.allAssets) { Argument("typeFilter", at: \.typeFilter) }
                Field("assetById", at: RootResolver.assetById) { Argument("assetId", at: \.assetId) }
                Field("assetsByType", at: RootResolver.assetsByType) { Argument("type", at: \.type) }
                Field("assetsByUploader", at: RootResolver.assetsByUploader) { Argument("uploaderId", at: \.uploaderId) }
                Field("myAssets", at: RootResolver.myAssets)
                Field("publicAssets", at: RootResolver.publicAssets) { Argument("typeFilter", at: \.typeFilter) }
                Field("assets", at: RootResolver.assets) { Argument("type", at: \.type) }
                Field("asset", at: RootResolver.asset) { Argument("id", at: \.id) }
            },
            mutation: {
                Field("createAsset", at: RootResolver.createAsset) { Argument("input", at: \.input) }
                Field("updateAsset", at: RootResolver.updateAsset) {
                    Argument("assetId", at: \.assetId)
                    Argument("input", at: \.input)
                }
                Field("uploadAsset", at: RootResolver.uploadAsset) {
                    Argument("file", at: \.file)
                    Argument("type", at: \.type)
                    Argument("name", at: \.name)
                    Argument("isPublic", at: \.isPublic).defaultValue(true)
                }
                Field("deleteAsset", at: RootResolver.deleteAsset) {
                    Argument("assetId", at: \.assetId)
                    Argument("id", at: \.id)
                }
            }
        )
    }

    private static func assetInput<Kind>(_: Kind.Type, as name: String) -> Input<RootResolver, APIContext, AssetInput<Kind>> {
        Input(AssetInput<Kind>.self, as: name) {
            InputField("type", at: \.type)
            InputField("name", at: \.name)
            InputField("filename", at: \.filename)
            InputField("url", at: \.url)
            InputField("fileSize", at: \.fileSize)
            InputField("mimeType", at: \.mimeType)
            InputField("metadata", at: \.metadata)
            InputField("isPublic", at: \.isPublic)
        }
    }

    private static func assetPayload<Kind>(_: Kind.Type, as name: String) -> Type<RootResolver, APIContext, AssetPayload<Kind>> {
        Type(AssetPayload<Kind>.self, as: name) {
            Field("asset", at: \.asset)
            Field("success", at: \.success)
            Field("message", at: \.message)
            Field("job", at: \.job)
        }
    }
}
