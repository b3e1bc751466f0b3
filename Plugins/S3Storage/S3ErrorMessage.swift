import Protocols

/// Turns S3's XML error answers into ``FileStorageError/backend(_:)`` messages a person can act on.
enum S3ErrorMessage {
    static func error(status: Int, body: String, bucket: String, operation: String) -> FileStorageError {
        let code = S3XML.value("Code", in: body) ?? (status == 403 ? "AccessDenied" : status == 404 ? "NotFound" : "HTTP \(status)")
        let detail = S3XML.value("Message", in: body).map { " (\($0))" } ?? ""
        let advice: String
        switch code {
        case "AccessDenied", "AllAccessDisabled":
            advice = "access denied to bucket '\(bucket)': check the key's permissions (s3:PutObject, s3:GetObject, s3:DeleteObject, s3:ListBucket)"
        case "NoSuchBucket":
            advice = "the bucket '\(bucket)' does not exist: check AWS_BUCKET_NAME and AWS_REGION"
        case "SignatureDoesNotMatch":
            advice = "S3 refused the request signature: check AWS_SECRET_ACCESS_KEY"
        case "InvalidAccessKeyId":
            advice = "S3 does not know the access key: check AWS_ACCESS_KEY_ID"
        case "InvalidToken", "ExpiredToken":
            advice = "the credentials are expired or invalid"
        case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
            advice = "the bucket '\(bucket)' is in another region: check AWS_REGION"
        case "AccessControlListNotSupported":
            advice = "the bucket '\(bucket)' has ACLs disabled: set AWS_S3_USE_ACL=false and make public files readable with a bucket policy"
        case "RequestTimeTooSkewed":
            advice = "the server clock is too far from S3's"
        case "EntityTooLarge", "EntityTooSmall":
            advice = "S3 refused the size of the upload"
        default:
            advice = "S3 refused the request"
        }
        return .backend("S3 \(operation) failed: \(advice) [\(code)\(detail)]")
    }
}
