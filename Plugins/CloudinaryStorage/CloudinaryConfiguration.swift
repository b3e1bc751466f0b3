import Foundation
import Protocols

/// The Cloudinary account and where its APIs are (`STORAGE_TYPE=cloudinary`).
public struct CloudinaryConfiguration: Sendable {
    public var cloudName: String
    public var apiKey: String
    public var apiSecret: String
    /// The upload and admin API, `https://api.cloudinary.com` unless pointed at a fake.
    public var apiBaseURL: String
    /// Where files are delivered from: `https://res.cloudinary.com`, or ``apiBaseURL`` when that is overridden.
    public var deliveryBaseURL: String
    /// Files go to the folder `<folder>/<type>`.
    public var folder: String

    public init(
        cloudName: String, apiKey: String, apiSecret: String, apiBaseURL: String = "https://api.cloudinary.com",
        deliveryBaseURL: String? = nil, folder: String = "story-app"
    ) {
        func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
        self.cloudName = cloudName
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.apiBaseURL = trimmed(apiBaseURL)
        let overridden = self.apiBaseURL != "https://api.cloudinary.com"
        self.deliveryBaseURL = trimmed(deliveryBaseURL ?? (overridden ? apiBaseURL : "https://res.cloudinary.com"))
        self.folder = folder
    }

    /// Reads `CLOUDINARY_URL` (`cloudinary://<key>:<secret>@<cloud>`) or else `CLOUDINARY_CLOUD_NAME`,
    /// `CLOUDINARY_API_KEY` and `CLOUDINARY_API_SECRET`; and `CLOUDINARY_API_BASE_URL`,
    /// `CLOUDINARY_DELIVERY_BASE_URL` when set.
    public init(settings: any PluginSettings) throws {
        let plugin = "Cloudinary storage"
        let cloud: String, key: String, secret: String
        if let text = settings.string("CLOUDINARY_URL") {
            guard let parsed = Self.parse(cloudinaryURL: text) else {
                throw PluginConfigurationError.invalid(variable: "CLOUDINARY_URL", reason: "expected cloudinary://<api_key>:<api_secret>@<cloud_name>")
            }
            (cloud, key, secret) = parsed
        } else {
            cloud = try settings.required("CLOUDINARY_CLOUD_NAME", for: plugin)
            key = try settings.required("CLOUDINARY_API_KEY", for: plugin)
            secret = try settings.required("CLOUDINARY_API_SECRET", for: plugin)
        }
        let base = settings.string("CLOUDINARY_API_BASE_URL") ?? "https://api.cloudinary.com"
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw PluginConfigurationError.invalid(variable: "CLOUDINARY_API_BASE_URL", reason: "'\(base)' is not an http(s) URL")
        }
        self.init(cloudName: cloud, apiKey: key, apiSecret: secret, apiBaseURL: base,
                  deliveryBaseURL: settings.string("CLOUDINARY_DELIVERY_BASE_URL"))
    }

    /// `cloudinary://key:secret@cloud` → (cloud, key, secret).
    static func parse(cloudinaryURL text: String) -> (String, String, String)? {
        guard let components = URLComponents(string: text), components.scheme == "cloudinary",
              let key = components.user, !key.isEmpty, let secret = components.password, !secret.isEmpty,
              let cloud = components.host, !cloud.isEmpty
        else { return nil }
        return (cloud, key.removingPercentEncoding ?? key, secret.removingPercentEncoding ?? secret)
    }
}
