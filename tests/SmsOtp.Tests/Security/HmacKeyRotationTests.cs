namespace SmsOtp.Tests.Security;

/// <summary>
/// Rotating <c>otp-hmac-key</c>: with the old key kept as <c>otp-hmac-key-previous</c>, codes and backup
/// codes hashed before the rotation still verify; without it they do not.
/// </summary>
public sealed class HmacKeyRotationTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string NewKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(200 - i)).ToArray());

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Hashes_made_before_a_rotation_verify_while_the_previous_key_is_kept(bool keepPrevious)
    {
        await using var h = await ServiceHarness.CreateAsync();
        var configuration = h.Services.GetRequiredService<IConfiguration>();
        var user = new UserKey("default", "rotating");
        await h.CreateUserAsync(user);
        await h.Profiles.ImportBackupCodesAsync(user, ["12345678", "23456789"], None);
        var (id, code) = await h.SendAndDeliverAsync(user);

        var oldKey = configuration["SmsOtp:Secrets:otp-hmac-key"];
        configuration["SmsOtp:Secrets:otp-hmac-key"] = NewKey;
        if (keepPrevious)
        {
            configuration["SmsOtp:Secrets:otp-hmac-key-previous"] = oldKey;
        }

        var expected = keepPrevious ? OtpStatuses.Verified : OtpStatuses.InvalidCode;
        Assert.Equal(expected, (await h.Otp.VerifyAsync(id, code, None))!.Status);
        (id, _) = await h.SendAndDeliverAsync(user);
        Assert.Equal(expected, (await h.Otp.VerifyAsync(id, "12345678", None))!.Status);

        // Whatever is hashed after the rotation uses the new key and verifies either way.
        (id, code) = await h.SendAndDeliverAsync(user);
        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(id, code, None))!.Status);
    }
}
