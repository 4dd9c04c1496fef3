namespace SmsOtp.Client.Tests;

/// <summary>Trusted devices (spec §15.1) through the client against the local server: the wire fields and the results.</summary>
public sealed class TrustedDeviceClientTests
{
    [Fact]
    public async Task Remember_then_skip_then_revoke()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:TrustedDevices:Days"] = "30" });
        await h.PutUserAsync("alice");

        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "alice");
        var code = (await h.CodesAsync(1))[0];
        var verified = await h.Client.VerifyAsync(sent.ChallengeId!, code, rememberDevice: true);
        Assert.True(verified.IsVerified);
        Assert.NotNull(verified.DeviceToken);
        Assert.True(verified.DeviceTokenExpiresAt > DateTimeOffset.UtcNow.AddDays(29));
        Assert.Contains("\"rememberDevice\":true", h.Faults.At("POST", "/api/otp/verify")[0].Body, StringComparison.Ordinal);

        var skipped = await h.Client.SendAsync(ClientHarness.Tenant, "alice", verified.DeviceToken);
        Assert.Equal((SendStatus.Skipped, SendReasons.TrustedDevice), (skipped.Status, skipped.Reason));
        Assert.Null(skipped.ChallengeId);

        var viaRequest = await h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "alice") { DeviceToken = verified.DeviceToken });
        Assert.Equal(SendReasons.TrustedDevice, viaRequest.Reason);

        await h.Client.RevokeDevicesAsync(ClientHarness.Tenant, "alice");
        await h.Client.RevokeDevicesAsync(ClientHarness.Tenant, "alice"); // nothing left: still fine
        var again = await h.Client.SendAsync(ClientHarness.Tenant, "alice", verified.DeviceToken);
        Assert.Equal(SendStatus.Sent, again.Status);
        Assert.Equal(1, h.Faults.At("DELETE", "/api/users/devices").Count(a => a.Number == 1));
    }

    [Fact]
    public async Task Without_rememberDevice_nothing_is_asked_and_no_token_comes_back()
    {
        await using var h = await ClientHarness.StartAsync(new() { ["SmsOtp:TrustedDevices:Days"] = "30" });
        await h.PutUserAsync("bob");
        var sent = await h.Client.SendAsync(ClientHarness.Tenant, "bob", deviceToken: null);
        var verified = await h.Client.VerifyAsync(sent.ChallengeId!, (await h.CodesAsync(1))[0]);

        Assert.True(verified.IsVerified);
        Assert.Null(verified.DeviceToken);
        Assert.Null(verified.DeviceTokenExpiresAt);
        Assert.DoesNotContain("rememberDevice", h.Faults.At("POST", "/api/otp/verify")[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("deviceToken", h.Faults.At("POST", "/api/otp/send")[0].Body, StringComparison.Ordinal);
    }
}
