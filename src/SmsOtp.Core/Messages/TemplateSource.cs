namespace SmsOtp.Core.Messages;

/// <summary>Where <see cref="TemplateResolver"/> found a template.</summary>
public enum TemplateSource
{
    /// <summary>The operator's per-locale template (<c>MessageTemplates:&lt;locale&gt;</c>).</summary>
    Operator,

    /// <summary>A template shipped with the service (<see cref="BuiltInTemplates"/>).</summary>
    BuiltIn,

    /// <summary>The operator's last-resort template (<c>MessageTemplate</c>), used when no locale matched.</summary>
    Default,
}
