namespace SmsOtp.Core.TestNumbers;

/// <summary>
/// One entry of <c>SmsOtp:TestNumbers</c> (spec §15.2): an E.164 number whose codes are always <see cref="Code"/>
/// and never go out by SMS. For app-store reviewers and end-to-end tests against production.
/// </summary>
public sealed class TestNumber
{
    /// <summary>The number in E.164 (<c>+15555550100</c>), as the service normalises a user's number.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>The fixed code: it follows the tenant's code rules and is at least <see cref="TestNumberList.MinCodeLength"/> long.</summary>
    public string Code { get; set; } = string.Empty;
}
