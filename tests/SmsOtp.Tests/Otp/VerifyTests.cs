using SmsOtp.Core.Otp;
using SmsOtp.Core.Users;
using SmsOtp.Tests.Infrastructure;

namespace SmsOtp.Tests.Otp;

public sealed class VerifyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Right_code_verifies_once_then_reports_consumed()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var user = new UserKey("acme", "PRIMARY/alice");
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);

        var first = await h.Otp.VerifyAsync(id, code, None);
        Assert.Equal(OtpStatuses.Verified, first!.Status);
        Assert.Equal(OtpStatuses.MethodSms, first.Method);
        Assert.Equal("acme", first.Tenant);
        Assert.Equal("PRIMARY/alice", first.UserId);
        Assert.False(first.MobileUpdated);
        Assert.Equal(h.Time.GetUtcNow(), first.VerifiedAt);

        var second = await h.Otp.VerifyAsync(id, code, None);
        Assert.Equal(OtpStatuses.Consumed, second!.Status);
    }
}
