import Foundation
import Protocols
import Testing
@testable import CloudinaryStorage

/// How CloudinaryStorage reads its variables, and what its keys hold.
@Suite struct CloudinaryConfigurationTests {
    @Test func oneCloudinaryURLIsEnough() throws {
        let storage = try CloudinaryStorage.make(settings: DictionarySettings(["CLOUDINARY_URL": "cloudinary://1234:s3cr%2Ft@demo"]))
        #expect(storage.configuration.cloudName == "demo")
        #expect(storage.configuration.apiKey == "1234")
        #expect(storage.configuration.apiSecret == "s3cr/t")
        #expect(storage.configuration.apiBaseURL == "https://api.cloudinary.com")
        #expect(storage.configuration.deliveryBaseURL == "https://res.cloudinary.com")
    }

    @Test(arguments: ["CLOUDINARY_CLOUD_NAME", "CLOUDINARY_API_KEY", "CLOUDINARY_API_SECRET"])
    func withoutAURLEachVariableIsRequired(_ variable: String) {
        var values = ["CLOUDINARY_CLOUD_NAME": "demo", "CLOUDINARY_API_KEY": "1234", "CLOUDINARY_API_SECRET": "abcd"]
        values[variable] = nil
        #expect(throws: PluginConfigurationError.missing(variable: variable, plugin: "Cloudinary storage")) {
            try CloudinaryStorage.make(settings: DictionarySettings(values))
        }
    }

    @Test(arguments: ["https://1234:abcd@demo", "cloudinary://1234@demo", "cloudinary://demo"])
    func aMalformedCloudinaryURLIsRefused(_ url: String) {
        #expect(throws: PluginConfigurationError.self) { try CloudinaryStorage.make(settings: DictionarySettings(["CLOUDINARY_URL": url])) }
    }

    @Test func anAPIBaseURLAlsoServesDelivery() throws {
        let settings = DictionarySettings(["CLOUDINARY_URL": "cloudinary://1:2@demo", "CLOUDINARY_API_BASE_URL": "http://127.0.0.1:9/"])
        let storage = try CloudinaryStorage.make(settings: settings)
        #expect(storage.configuration.apiBaseURL == "http://127.0.0.1:9")
        #expect(storage.configuration.deliveryBaseURL == "http://127.0.0.1:9")
    }

    @Test func keysCarryResourceTypeDeliveryTypePublicIDAndFormat() throws {
        let sound = try #require(CloudinaryKey("video:story-app/sound/abc.mp3"))
        #expect(sound == CloudinaryKey(resourceType: "video", deliveryType: "upload", publicID: "story-app/sound/abc", format: "mp3"))
        let secret = try #require(CloudinaryKey("image:authenticated:story-app/image/a.b.png"))
        #expect(secret.publicID == "story-app/image/a.b" && secret.format == "png" && secret.deliveryType == "authenticated")
        #expect(secret.text == "image:authenticated:story-app/image/a.b.png")
        for bad in ["", "image", "audio:x.mp3", "image:private:x.png", "image:../x.png", "image:a//b.png"] {
            #expect(CloudinaryKey(bad) == nil, "\(bad)")
        }
    }

    @Test func deliveryURLsFollowCloudinarysLayout() throws {
        let storage = try CloudinaryStorage.make(settings: DictionarySettings(["CLOUDINARY_URL": "cloudinary://1:abcd@demo"]))
        #expect(storage.deliveryURL(CloudinaryKey("video:story-app/sound/abc.mp3")!)
            == "https://res.cloudinary.com/demo/video/upload/story-app/sound/abc.mp3")
        let signed = storage.deliveryURL(CloudinaryKey("image:authenticated:story-app/image/x.png")!)
        #expect(signed == "https://res.cloudinary.com/demo/image/authenticated/"
            + CloudinarySignature.deliveryComponent(for: "story-app/image/x.png", secret: "abcd") + "/story-app/image/x.png")
    }
}
