/// The shared suite every `FileStorage` adapter passes (issue 4, "file storage conformance suite").
public enum FileStorageConformance {
    /// Every case, for `@Test(arguments:)`.
    public static let allCases: [FileStorageConformanceCase] = RoundTripCases.all + DeletionCases.all
        + NameCases.all + ScaleCases.all + VisibilityCases.all + ServingCases.all

    /// The size of the "large file" case: above S3's multipart threshold (8 MB parts).
    public static let largeFileSize = 12 * 1024 * 1024
}
