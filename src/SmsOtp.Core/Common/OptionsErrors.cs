namespace SmsOtp.Core.Common;

/// <summary>Collects start-up validation messages, each naming its full key (<c>SmsOtp:Delivery:RetryCount</c>).</summary>
public sealed class OptionsErrors(string section)
{
    private readonly List<string> _errors = [];

    public string Prefix { get; } = section + ":";

    public void Add(string message) => _errors.Add(message);

    public void AddRange(IEnumerable<string> messages) => _errors.AddRange(messages);

    public ValidateOptionsResult Result() => _errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_errors);
}
