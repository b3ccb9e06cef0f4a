// Checks of the sha256 strings that name artifacts. A digest becomes a file name in the cache, so a string from
// the network must be checked before it is used in a path ("../x" must never reach the file system).

/// Whether `text` is 64 lowercase hexadecimal digits.
func isArtifactDigest(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
}

/// Throws unless `text` is 64 lowercase hexadecimal digits; `what` names it in the message ("the chunk's sha256").
func checkArtifactDigest(_ text: String, _ what: @autoclosure () -> String) throws(ArtifactError) {
    guard isArtifactDigest(text) else { throw .malformedDigest(text, what()) }
}
