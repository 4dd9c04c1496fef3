using System.Text.Json;

namespace SmsOtp.Client.Tests;

/// <summary>
/// The client's per-request code settings (spec §15.3): <see cref="SendRequest.CodeLength"/> and
/// <see cref="SendRequest.ExpiresIn"/> go out as <c>codeLength</c> and <c>expiresInSeconds</c>, the service applies them
/// within the tenant's bounds, and a value outside them is a <see cref="ProblemCodes.ValidationFailed"/> naming the bound.
/// </summary>
public sealed class CodeSettingsClientTests
{
    [Fact]
    public async Task Code_length_and_lifetime_are_sent_as_the_contract_names_them_and_applied()
    {
        await using var h = await ClientHarness.StartAsync(new()
        {
            ["SmsOtp:MaxTokenLength"] = "8",
            ["SmsOtp:MinTokenExpirySeconds"] = "60",
        });
        await h.PutUserAsync("dave");

        var before = DateTimeOffset.UtcNow;
        var sent = await h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "dave") { CodeLength = 8, ExpiresIn = TimeSpan.FromMinutes(2) });
        Assert.Equal(8, sent.CodeLength);
        Assert.InRange(sent.ExpiresAt!.Value, before.AddSeconds(119), DateTimeOffset.UtcNow.AddSeconds(121));
        Assert.Equal(8, (await h.CodesAsync(1))[0].Length);

        using var body = JsonDocument.Parse(h.Faults.At("POST", "/api/otp/send").Single().Body!);
        Assert.Equal(8, body.RootElement.GetProperty("codeLength").GetInt32());
        Assert.Equal(120, body.RootElement.GetProperty("expiresInSeconds").GetInt32());
    }

    [Fact]
    public async Task Outside_the_bounds_the_service_names_the_bound_and_a_fractional_lifetime_is_refused_locally()
    {
        await using var h = await ClientHarness.StartAsync();
        await h.PutUserAsync("erin");

        var problem = await Assert.ThrowsAsync<SmsOtpProblemException>(() =>
            h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "erin") { CodeLength = 8 }));
        Assert.Equal((ProblemCodes.ValidationFailed, 400), (problem.Code, problem.Status));
        Assert.Contains("MaxTokenLength", problem.Detail, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            h.Client.SendAsync(new SendRequest(ClientHarness.Tenant, "erin") { ExpiresIn = TimeSpan.FromMilliseconds(90_500) }));
    }
}
