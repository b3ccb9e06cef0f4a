import ArgumentParser
import Foundation

extension Preindex {
    /// Runs the command line as ArgumentParser does, but reports a failure as one line on standard error: the
    /// error's message and, for a usage mistake, where to read how the command is used —
    /// `Error: --epochs must be at least 1, got 0 (see 'preindex train --help')`. Help, `--version` and a bare exit
    /// status are left to ArgumentParser.
    static func main() async {
        var command: (any ParsableCommand)?
        do {
            var parsed = try parseAsRoot()
            command = parsed
            if var asynchronous = parsed as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try parsed.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode { exit(withError: error) }
            let help = code == .validationFailure ? helpHint(for: command.map { type(of: $0) }, error: error) : nil
            FileHandle.standardError.write(Data((errorLine(message(for: error), help: help) + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }

    /// `Error: message (see 'preindex train --help')` on one line, whatever lines the message had.
    static func errorLine(_ message: String, help: String?) -> String {
        var text = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
        return "Error: " + text + (help.map { " (see '\($0)')" } ?? "")
    }

    /// `preindex train --help` for the command that ran (its path through the subcommands), or what ArgumentParser's
    /// own message names when parsing failed before a command was chosen.
    private static func helpHint(for command: (any ParsableCommand.Type)?, error: any Error) -> String {
        if let command, let path = path(to: command, from: Preindex.self) {
            return (path + ["--help"]).joined(separator: " ")
        }
        let full = fullMessage(for: error)
        if let start = full.range(of: "See '"), let end = full.range(of: "'", range: start.upperBound..<full.endIndex) {
            return String(full[start.upperBound..<end.lowerBound])
        }
        return "preindex --help"
    }

    /// The command names from `root` down to `command`.
    private static func path(to command: any ParsableCommand.Type, from root: any ParsableCommand.Type) -> [String]? {
        if command == root { return [root._commandName] }
        for child in root.configuration.subcommands {
            if let rest = path(to: command, from: child) { return [root._commandName] + rest }
        }
        return nil
    }
}
