namespace SmsOtp.Migrate.Config;

/// <summary>What a conversion note says about a WSO2 setting.</summary>
public enum NoteKind
{
    /// <summary>A WSO2 key with no counterpart in the service (listed with the reason).</summary>
    Unmapped,

    /// <summary>Mapped, but the value was adjusted or the behaviour differs a little.</summary>
    Warning,

    /// <summary>Something the operator should know (a default that applies, a step to take).</summary>
    Info,
}
