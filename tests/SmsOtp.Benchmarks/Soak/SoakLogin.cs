using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// One soak login, as a well-behaved app does it: send (a 503 is retried after its Retry-After), wait for the
/// SMS at the provider until the code expires, verify with the code received (a 503 is retried likewise, with
/// the same code). The virtual user is released when the login ends or after its patience, whichever is first;
/// the login itself goes on until it verified or the code's lifetime is over.
/// </summary>
public sealed class SoakLogin(HttpClient client, FaultySmsProvider provider, SoakClock clock, Func<TimeSpan, string> windowAt, TimeSpan patience)
{
    /// <summary>Retries of one request after 503s (a client would give up at some point; 120 x 1 s is two minutes).</summary>
    private const int MaxRetriesAfter503 = 120;

    private readonly ConcurrentQueue<SoakHttpAnswer> _fiveXx = new();
    private readonly ConcurrentDictionary<string, long> _answers = new(StringComparer.Ordinal);

    /// <summary>Every 5xx answer, in order.</summary>
    public IReadOnlyCollection<SoakHttpAnswer> FiveXx => _fiveXx;

    /// <summary>Answers by route and status ("send 200", "verify 503", ...).</summary>
    public IReadOnlyDictionary<string, long> Answers => _answers;

    public async Task RunAsync(SoakLoginRecord r, TaskCompletionSource release, CancellationToken cancellationToken)
    {
        try
        {
            r.SendStartedAt = clock.Elapsed;
            var (status, body) = await PostAsync("send", new { tenant = BenchUser.Tenant, userId = r.User.UserId }, r, cancellationToken).ConfigureAwait(false);
            var sendStatus = JsonAnswer.Str(body, "status") ?? JsonAnswer.Str(body, "code");
            if (status == 503)
            {
                r.Outcome = "gave-up-503: send";
                return;
            }

            if (status != 200 || sendStatus != "sent")
            {
                r.Outcome = $"send-failed: {status} {sendStatus}";
                return;
            }

            r.Sent = true;
            r.SentAt = clock.Elapsed;
            r.WindowAtSend = windowAt(r.SentAt);
            r.ChallengeId = JsonAnswer.Str(body, "challengeId");
            r.ExpiresAt = DateTimeOffset.Parse(JsonAnswer.Str(body, "expiresAt")!, CultureInfo.InvariantCulture);
            _ = Task.Delay(patience, CancellationToken.None).ContinueWith(_ =>
            {
                if (release.TrySetResult())
                {
                    r.WentBackground = true;
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            for (var k = 0; ; k++)
            {
                // The waiting rule: until the code's expiry (the service itself gives up 10 s before it).
                var sms = await provider.NextAsync(r.User.Mobile, k, r.ExpiresAt, cancellationToken).ConfigureAwait(false);
                if (sms is null)
                {
                    r.Outcome = k == 0 ? "lost" : "lost (only codes of refused sends arrived)";
                    return;
                }

                r.DeliveredAfter = clock.At(sms.AcceptedAt) - r.SentAt;
                var (verifyStatus, verifyBody) = await PostAsync("verify", new { challengeId = r.ChallengeId, code = sms.Code }, r, cancellationToken).ConfigureAwait(false);
                var answer = JsonAnswer.Str(verifyBody, "status") ?? JsonAnswer.Str(verifyBody, "code");
                r.VerifyAnswers.Add($"{verifyStatus} {answer}");
                if (verifyStatus == 200 && answer == "verified")
                {
                    r.VerifiedCode = sms.Code;
                    r.Outcome = "verified";
                    return;
                }

                // A verify answered 503 may have consumed the code (its write's answer was lost): the retry says consumed,
                // and the app does what docs/delivery.md says, reading the status (spec §7.3), which tells it the login verified.
                if (verifyStatus == 200 && answer == "consumed" && r.VerifyRequests > 1
                    && await StatusAsync(r, cancellationToken).ConfigureAwait(false) == "verified")
                {
                    r.VerifiedCode = sms.Code;
                    r.VerifiedByStatus = true;
                    r.Outcome = "verified";
                    return;
                }

                // With more than one send, the first SMS may carry the code of a send that answered 503 (and was
                // superseded by the retried send): a user would type the next one. Otherwise a refusal is a failure.
                if (verifyStatus == 200 && answer == "invalid_code" && r.SendRequests > 1 && k < 2)
                {
                    r.StaleCodesTried++;
                    continue;
                }

                r.Outcome = verifyStatus == 503 ? "gave-up-503: verify" : $"verify-failed: {verifyStatus} {answer}";
                return;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong on the client side (a timeout, a body it could not read) is this login's outcome,
            // never the run's end.
            r.Outcome = "client-error: " + e.GetType().Name;
        }
        finally
        {
            release.TrySetResult();
        }
    }

    /// <summary>The challenge's <c>state</c> from <c>GET /api/otp/status</c>, retrying a 503 like the other calls.</summary>
    private async Task<string?> StatusAsync(SoakLoginRecord r, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt <= MaxRetriesAfter503; attempt++)
        {
            using var response = await client.GetAsync("api/otp/status?challengeId=" + r.ChallengeId, cancellationToken).ConfigureAwait(false);
            _answers.AddOrUpdate($"status {(int)response.StatusCode}", 1, (_, n) => n + 1);
            if ((int)response.StatusCode != 503)
            {
                return JsonAnswer.Str(await JsonAnswer.ReadAsync(response, cancellationToken).ConfigureAwait(false), "state");
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<(int Status, JsonElement Body)> PostAsync(string route, object payload, SoakLoginRecord r, CancellationToken cancellationToken)
    {
        var status = 0;
        JsonElement body = default;
        for (var attempt = 0; attempt <= MaxRetriesAfter503; attempt++)
        {
            if (route == "send")
            {
                r.SendRequests++;
            }
            else
            {
                r.VerifyRequests++;
            }

            TimeSpan wait;
            using (var response = await client.PostAsJsonAsync("api/otp/" + route, payload, cancellationToken).ConfigureAwait(false))
            {
                status = (int)response.StatusCode;
                body = await JsonAnswer.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                _answers.AddOrUpdate($"{route} {status}", 1, (_, n) => n + 1);
                if (status < 500)
                {
                    return (status, body);
                }

                _fiveXx.Enqueue(new SoakHttpAnswer(route, status, clock.Elapsed, JsonAnswer.Str(body, "code"), r.Index));
                if (status != 503)
                {
                    return (status, body);
                }

                wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        return (status, body);
    }
}
