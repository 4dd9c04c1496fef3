namespace SmsOtp.Migrate.Config;

/// <summary>What <c>config</c> produced: the settings, the notes for stderr and the secrets to set.</summary>
public sealed class ConversionResult
{
    public SettingsDocument Settings { get; } = new();
    public List<ConversionNote> Notes { get; } = [];
    public List<SecretRequirement> Secrets { get; } = [];

    public void Unmapped(string source, string reason) => Notes.Add(new(NoteKind.Unmapped, source, reason));
    public void Warn(string source, string message) => Notes.Add(new(NoteKind.Warning, source, message));
    public void Info(string source, string message) => Notes.Add(new(NoteKind.Info, source, message));

    public void RequireSecret(string name, string foundIn)
    {
        if (!Secrets.Any(s => s.Name == name))
        {
            Secrets.Add(new SecretRequirement(name, foundIn));
        }
    }
}
