using System.Net.Http.Json;

namespace SmsOtp.Benchmarks;

/// <summary>
/// Remembered devices (spec §15.1) over the service's HTTP API: a full login that asks for a device token, then the
/// next login's send with it, which the service answers <c>skipped</c>/<c>trusted_device</c> without an SMS.
/// </summary>
public sealed class RememberedDeviceLogin(HttpClient client, FakeSmsProvider provider, TimeSpan smsTimeout)
{
    /// <summary>send → SMS → verify with <c>rememberDevice</c>: the device token, or null when the login failed.</summary>
    public async Task<string?> RememberAsync(BenchUser user, CancellationToken cancellationToken)
    {
        var sms = provider.Expect(user.Mobile);
        using var send = await client.PostAsJsonAsync("api/otp/send", new { tenant = BenchUser.Tenant, userId = user.UserId }, cancellationToken).ConfigureAwait(false);
        var sent = await JsonAnswer.ReadAsync(send, cancellationToken).ConfigureAwait(false);
        if (JsonAnswer.Str(sent, "status") != "sent")
        {
            provider.Forget(user.Mobile);
            return null;
        }

        var captured = await sms.WaitAsync(smsTimeout, cancellationToken).ConfigureAwait(false);
        using var verify = await client.PostAsJsonAsync("api/otp/verify",
            new { challengeId = JsonAnswer.Str(sent, "challengeId"), code = captured.Code, rememberDevice = true }, cancellationToken).ConfigureAwait(false);
        return JsonAnswer.Str(await JsonAnswer.ReadAsync(verify, cancellationToken).ConfigureAwait(false), "deviceToken");
    }

    /// <summary>The next login's step with the token: true when it was skipped for the remembered device.</summary>
    public async Task<bool> SkipAsync(BenchUser user, string deviceToken, CancellationToken cancellationToken)
    {
        using var send = await client.PostAsJsonAsync("api/otp/send", new { tenant = BenchUser.Tenant, userId = user.UserId, deviceToken }, cancellationToken)
            .ConfigureAwait(false);
        var body = await JsonAnswer.ReadAsync(send, cancellationToken).ConfigureAwait(false);
        return JsonAnswer.Str(body, "status") == "skipped" && JsonAnswer.Str(body, "reason") == "trusted_device";
    }
}
