using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace SmsOtp.Tests.FraudGuard;

/// <summary>
/// <c>FraudGuard:SafeNumbers</c> (spec §15.4): a listed number is never counted and never suspended, even while its
/// destination (prefix) is; the spending caps still count it; a bad entry stops start-up without being echoed.
/// </summary>
public sealed class SafeNumberTests
{
    private const string Safe = "+94771234567";
    private const string Neighbour = "+94771234999"; // same destination (prefix 94771)
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_safe_number_is_never_counted_nor_suspended_while_its_destination_is()
    {
        var logs = new FakeLogCollector();
        var guard = Guard(new FraudGuardOptions { MinSends = 3, MinConversionRate = 0.5, SafeNumbers = $"{Safe}, +442071234567" }, logs);

        for (var i = 0; i < 50; i++)
        {
            var decision = guard.Admit("default", Safe, Now);
            Assert.False(decision.Refused);
            Assert.Empty(decision.Counted);
        }

        // Its verifications are not counted either (they would lift the destination's conversion above 0.5).
        for (var i = 0; i < 3; i++)
        {
            guard.RecordVerified(Safe, Now);
        }

        // The neighbour's own unverified sends suspend the destination: the neighbour is refused, the safe number is not.
        var decisions = Enumerable.Range(0, 10).Select(_ => guard.Admit("default", Neighbour, Now)).ToList();
        Assert.Equal(3, decisions.FindIndex(d => d.Refused));
        Assert.Equal(GuardDecision.Destination, decisions[3].Reason);
        Assert.True(decisions[3].RetryAfter > TimeSpan.Zero);
        Assert.False(guard.Admit("default", Safe, Now).Refused);
        var judged = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 8101);
        Assert.Equal("3", judged.GetStructuredStateValue("Sent"));
        Assert.Equal("0", judged.GetStructuredStateValue("Verified"));
    }

    [Fact]
    public void The_spending_cap_still_counts_a_safe_number()
    {
        var guard = Guard(new FraudGuardOptions { MaxSmsPerHour = 2, SafeNumbers = Safe });
        Assert.False(guard.Admit("default", Safe, Now).Refused);
        Assert.False(guard.Admit("default", Safe, Now).Refused);
        var third = guard.Admit("default", Safe, Now);
        Assert.True(third.Refused);
        Assert.Equal(GuardDecision.Cap, third.Reason);
    }

    [Theory]
    [InlineData("94771234567")]
    [InlineData("+94 77 123 4567")]
    [InlineData("+0771234567")]
    [InlineData(Safe + ",+12")]
    public void A_bad_entry_stops_start_up_naming_the_key_not_the_entry(string value)
    {
        var result = new OptionsValidator<FraudGuardOptions>(FraudGuardOptions.SectionName).Validate(null, new FraudGuardOptions { SafeNumbers = value });
        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.StartsWith("SmsOtp:FraudGuard:SafeNumbers has an entry that is not an E.164 number", message, StringComparison.Ordinal);
        Assert.DoesNotContain(value.Split(',')[^1].Trim(), message, StringComparison.Ordinal);
    }

    private static DestinationGuard Guard(FraudGuardOptions options, FakeLogCollector? logs = null) =>
        new(FixedTenantOptions.Of(options), new AuditLog(NullLoggerFactory.Instance),
            logs is null ? NullLogger<DestinationGuard>.Instance : new FakeLogger<DestinationGuard>(logs));
}
