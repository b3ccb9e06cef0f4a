extension JobRecord {
    /// The evaluation job as stored (every digest filled in at submission) and the tasks it expands into: what a
    /// job's later phases, its progress and its ranking are all computed from.
    func evaluationPlan() throws -> (spec: JobSpec, plan: JobPlan) {
        let spec = try JobSpec(json: Array(self.spec.utf8))
        return (spec, try JobPlan.expand(spec, modelDigests: [:]))
    }
}
