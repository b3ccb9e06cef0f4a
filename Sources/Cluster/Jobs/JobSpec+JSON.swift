import Foundation

extension JobSpec {
    /// Reads and validates a job file's bytes.
    ///
    /// - Throws: ``JobError``: ``JobError/Code/malformedJSON`` with the line and column for text
    ///   that is not JSON; ``JobError/Code/missingKey``, ``JobError/Code/unknownKey`` or
    ///   ``JobError/Code/wrongType`` with the JSON path for a document of the wrong shape; and the
    ///   errors of ``validate()``.
    public init(json: some Collection<UInt8>) throws(JobError) {
        let bytes = Data(json)
        let document = try JSONValue(parsing: bytes, document: "the job")
        do {
            self = try JSONDecoder().decode(JobSpec.self, from: bytes)
        } catch let error as JobError {
            throw error
        } catch let error as DecodingError {
            throw JobError(decoding: error, in: document)
        } catch {
            throw JobError(.wrongType, path: "", "the job could not be read: \(error)")
        }
        try validate()
    }

    /// The job as canonical JSON (see ``CanonicalJSON``), with every default written out.
    public func canonicalJSON() throws(JobError) -> Data {
        try CanonicalJSON.encode(self)
    }
}
