namespace SmsOtp.Migrate.Config;

/// <summary>One line of the conversion's stderr report: the WSO2 key it is about and why.</summary>
public sealed record ConversionNote(NoteKind Kind, string Source, string Message)
{
    public override string ToString() => Kind switch
    {
        NoteKind.Unmapped => $"unmapped  {Source}: {Message}",
        NoteKind.Warning => $"warning   {Source}: {Message}",
        _ => $"note      {Source}: {Message}",
    };
}
