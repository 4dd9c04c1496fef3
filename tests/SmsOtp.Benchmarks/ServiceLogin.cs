using System.Diagnostics;
using System.Net.Http.Json;

namespace SmsOtp.Benchmarks;

/// <summary>One full login over the service's HTTP API: send → SMS captured at the provider → verify.</summary>
public sealed class ServiceLogin(HttpClient client, FakeSmsProvider provider, TimeSpan smsTimeout)
{
    public async Task RunAsync(BenchUser user, LoadResult result, CancellationToken cancellationToken)
    {
        var sms = provider.Expect(user.Mobile);
        var t0 = Stopwatch.GetTimestamp();
        string? challengeId;
        using (var send = await client.PostAsJsonAsync("api/otp/send", new { tenant = BenchUser.Tenant, userId = user.UserId }, cancellationToken).ConfigureAwait(false))
        {
            var body = await JsonAnswer.ReadAsync(send, cancellationToken).ConfigureAwait(false);
            var status = JsonAnswer.Str(body, "status") ?? JsonAnswer.Str(body, "code");
            if (!send.IsSuccessStatusCode || status != "sent")
            {
                provider.Forget(user.Mobile);
                result.Fail($"send {(int)send.StatusCode} {status}");
                return;
            }

            challengeId = JsonAnswer.Str(body, "challengeId");
        }

        var t1 = Stopwatch.GetTimestamp();
        result.Send.Add(t0, t1);
        CapturedSms captured;
        try
        {
            captured = await sms.WaitAsync(smsTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            provider.Forget(user.Mobile);
            result.Fail("sms not delivered in time");
            return;
        }

        result.Delivery.Add(t1, captured.ArrivedAt);
        result.DeliveryFromStart.Add(t0, captured.ArrivedAt);
        var t2 = Stopwatch.GetTimestamp();
        using (var verify = await client.PostAsJsonAsync("api/otp/verify", new { challengeId, code = captured.Code }, cancellationToken).ConfigureAwait(false))
        {
            var body = await JsonAnswer.ReadAsync(verify, cancellationToken).ConfigureAwait(false);
            var status = JsonAnswer.Str(body, "status") ?? JsonAnswer.Str(body, "code");
            var t3 = Stopwatch.GetTimestamp();
            if (!verify.IsSuccessStatusCode || status != "verified")
            {
                result.Fail($"verify {(int)verify.StatusCode} {status}");
                return;
            }

            result.Verify.Add(t2, t3);
            result.Login.Add(t0, t3);
            result.Success();
        }
    }
}
