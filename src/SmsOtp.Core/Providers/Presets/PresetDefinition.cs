namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// One provider preset: its name (and aliases), the API's base address, whether <c>From</c> is required,
/// and how it builds the request (naming the secrets it reads) and reads the answer.
/// </summary>
public sealed record PresetDefinition(
    string Name,
    string DefaultBaseUrl,
    bool RequiresFrom,
    Func<PresetInput, ProviderTemplate> Build)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
