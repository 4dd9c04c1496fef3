namespace SmsOtp.Core.Messages;

/// <summary>
/// Worst-case values the start-up check (<c>SmsBudgetCheck</c>) renders templates with: the characters of the
/// longest code (10 alphanumeric, repeated up to the tenant's <c>TokenLength</c>) and a 20-character payee. The
/// shipped templates' full budget (docs/languages.md) is tested by <c>BuiltInTemplateTests</c>.
/// </summary>
public static class SmsBudget
{
    public const string LongestCode = "A1B2C3D4E5";
    public const string Payee = "Acme Online Shop Ltd";
}
