using System.Text.RegularExpressions;

namespace SmsOtp.Infra.Tests;

/// <summary>One diagnostic line of the Bicep CLI: <c>file(line,col) : Error|Warning|Info code: message</c>.</summary>
public sealed partial record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    public bool IsError => Level == "Error";

    public bool IsWarning => Level == "Warning";

    /// <summary>Compiler diagnostics are BCPnnn; everything else comes from a linter rule.</summary>
    public bool IsCompilerDiagnostic => Code.StartsWith("BCP", StringComparison.Ordinal);

    public static IReadOnlyList<BicepDiagnostic> Parse(string output) =>
        output.Split('\n')
            .Select(line => DiagnosticLine().Match(line.TrimEnd('\r')))
            .Where(match => match.Success)
            .Select(match => new BicepDiagnostic(
                match.Groups["file"].Value,
                int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["level"].Value,
                match.Groups["code"].Value,
                match.Groups["message"].Value))
            .ToList();

    public override string ToString() => $"{Path.GetFileName(File)}({Line},{Column}) {Level} {Code}: {Message}";

    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<col>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$")]
    private static partial Regex DiagnosticLine();
}
