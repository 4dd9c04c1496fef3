using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace SmsOtp.Tests.Messages;

/// <summary>
/// What the SMS says (spec §10.2-§10.4), end to end through the local server's outbox: the locale's template
/// and its fallbacks, per tenant; WebOTP and app-hash lines; a payment's text and its binding into the code;
/// the segment budget at start-up; and bad input refused with nothing stored.
/// </summary>
public sealed class MessageTests
{
    private const string Mobile = "+94778888888";

    [Fact]
    public async Task The_locale_picks_the_shipped_template_and_resend_keeps_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        await using var server = await LocalServerHost.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await Put(server, "default", "alice");

        var sent = await Send(server, new { userId = "alice", locale = "pt-BR" });
        var first = (await server.OutboxAsync(1))[0];
        Assert.Equal(Expected("pt", first), first.GetProperty("text").GetString());

        time.Advance(TimeSpan.FromSeconds(31));
        var resend = await server.PostAsync("api/otp/resend", new { challengeId = sent.GetProperty("challengeId").GetString() });
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var second = (await server.OutboxAsync(2))[1];
        Assert.Equal(Expected("pt", second), second.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Operator_templates_win_per_locale_and_a_tenant_has_its_default_locale()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:MessageTemplates:fr"] = "Code FR {code}",
            ["SmsOtp:Tenants:lk:DefaultLocale"] = "ta",
        });
        await Put(server, "default", "u1");
        await Put(server, "lk", "u2");
        await Put(server, "default", "u3");

        await Send(server, new { userId = "u1", locale = "fr-CA" });
        await Send(server, new { tenant = "lk", userId = "u2" });
        await Send(server, new { userId = "u3", locale = "xx" });
        var outbox = await server.OutboxAsync(3);
        var texts = outbox.ToDictionary(e => e.GetProperty("code").GetString()!, e => e);

        Assert.Matches("^Code FR [0-9]{6}$", outbox[0].GetProperty("text").GetString());
        Assert.Equal(Expected("ta", outbox[1]), outbox[1].GetProperty("text").GetString());
        Assert.Matches("^Verification Code: [0-9]{6}$", outbox[2].GetProperty("text").GetString());
        Assert.Equal(3, texts.Count);
    }

    [Fact]
    public async Task WebOtp_is_the_last_line_and_the_app_hash_above_it()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:WebOtpOrigin"] = "app.example.com",
        });
        await Put(server, "default", "alice");
        await Send(server, new { userId = "alice", appHash = "AbC+1dE/2fG" });
        var sms = (await server.OutboxAsync(1))[0];
        var code = sms.GetProperty("code").GetString();
        var lines = sms.GetProperty("text").GetString()!.Split('\n');
        Assert.Equal($"Verification Code: {code}", lines[0]);
        Assert.Equal("AbC+1dE/2fG", lines[^2]);
        Assert.Equal($"@app.example.com #{code}", lines[^1]);
    }

    [Fact]
    public async Task A_payment_shows_amount_and_payee_verifies_only_for_its_transaction_and_is_returned_by_verify()
    {
        await using var server = await LocalServerHost.StartAsync();
        await Put(server, "default", "payer");
        await Put(server, "default", "tampered");
        var transaction = new { amount = "12.50", currency = "EUR", payee = "Acme Shop" };

        var sent = await Send(server, new { userId = "payer", transaction, locale = "en" });
        var sms = (await server.OutboxAsync(1))[0];
        var code = sms.GetProperty("code").GetString()!;
        Assert.Equal($"Code {code} approves 12.50 EUR to Acme Shop. Expires in 5 min. Do not share it.", sms.GetProperty("text").GetString());

        var verified = await Verify(server, sent, code);
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Equal("12.50", verified.GetProperty("transaction").GetProperty("amount").GetString());
        Assert.Equal("EUR", verified.GetProperty("transaction").GetProperty("currency").GetString());
        Assert.Equal("Acme Shop", verified.GetProperty("transaction").GetProperty("payee").GetString());

        // The code is bound to the transaction: with the stored amount changed, the right code no longer verifies.
        var other = await Send(server, new { userId = "tampered", transaction });
        var otherCode = (await server.OutboxAsync(2))[1].GetProperty("code").GetString()!;
        var table = new TableClient(await SharedAzurite.ConnectionStringAsync(), server.Table);
        var key = new UserKey("default", "tampered").PartitionKey;
        var row = (await table.GetEntityAsync<TableEntity>(key, UserRecord.Row)).Value;
        row["ChallengeTransaction"] = row.GetString("ChallengeTransaction").Replace("12.50", "99.50", StringComparison.Ordinal);
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        Assert.Equal("invalid_code", (await Verify(server, other, otherCode)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_resend_keeps_the_transaction_and_it_is_never_logged()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        await using var server = await LocalServerHost.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await Put(server, "default", "payer");
        var sent = await Send(server, new { userId = "payer", transaction = new { amount = "7.25", currency = "GBP", payee = "Zed Garage" } });
        await server.OutboxAsync(1);
        time.Advance(TimeSpan.FromSeconds(31));
        var resend = await server.PostAsync("api/otp/resend", new { challengeId = sent.GetProperty("challengeId").GetString() });
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var second = (await server.OutboxAsync(2))[1];
        Assert.Contains("7.25 GBP to Zed Garage", second.GetProperty("text").GetString(), StringComparison.Ordinal);

        var verified = await Verify(server, sent, second.GetProperty("code").GetString()!);
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Equal("Zed Garage", verified.GetProperty("transaction").GetProperty("payee").GetString());
        Assert.DoesNotContain(server.Logs.GetSnapshot(), r => r.Message.Contains("Zed Garage", StringComparison.Ordinal)
            || r.Message.Contains("7.25", StringComparison.Ordinal)
            || r.StructuredState?.Any(p => p.Value?.Contains("Zed Garage", StringComparison.Ordinal) == true) == true);
    }

    [Fact]
    public async Task A_repeat_with_the_same_key_and_another_transaction_is_refused()
    {
        await using var server = await LocalServerHost.StartAsync();
        await Put(server, "default", "payer");
        async Task<HttpResponseMessage> Post(string amount)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/otp/send")
            {
                Content = JsonContent.Create(new { userId = "payer", transaction = new { amount, currency = "EUR", payee = "Acme" } }),
            };
            request.Headers.Add("Idempotency-Key", "pay-1");
            return await server.Client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await Post("10.00")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post("10.00")).StatusCode);
        await HttpAsserts.AssertProblemAsync(server, await Post("1000.00"), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Single(await server.OutboxAsync(1));
    }

    public static TheoryData<string, string> BadSends => new()
    {
        { """{"userId":"alice","locale":"not a tag!"}""", "'locale'" },
        { """{"userId":"alice","locale":7}""", "'locale'" },
        { """{"userId":"alice","appHash":"short"}""", "'appHash'" },
        { """{"userId":"alice","transaction":"12.50 EUR"}""", "'transaction'" },
        { """{"userId":"alice","transaction":{"amount":"12,50","currency":"EUR","payee":"A"}}""", "'transaction.amount'" },
        { """{"userId":"alice","transaction":{"amount":12.5,"currency":"EUR","payee":"A"}}""", "'transaction.amount'" },
        { """{"userId":"alice","transaction":{"amount":"1.23456","currency":"EUR","payee":"A"}}""", "'transaction.amount'" },
        { """{"userId":"alice","transaction":{"amount":"1","currency":"eur","payee":"A"}}""", "'transaction.currency'" },
        { """{"userId":"alice","transaction":{"amount":"1","currency":"EUR"}}""", "'transaction.payee'" },
        { """{"userId":"alice","transaction":{"amount":"1","currency":"EUR","payee":"a\nb"}}""", "'transaction.payee'" },
        { "{\"userId\":\"alice\",\"transaction\":{\"amount\":\"1\",\"currency\":\"EUR\",\"payee\":\"" + new string('p', 65) + "\"}}", "'transaction.payee'" },
    };

    [Theory]
    [MemberData(nameof(BadSends))]
    public async Task Bad_locale_app_hash_or_transaction_is_a_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        await using var server = await LocalServerHost.StartAsync();
        await Put(server, "default", "alice");
        var before = await StorageSnapshot.TakeAsync(server);

        var response = await server.Client.PostAsync("api/otp/send", HttpAsserts.Json(body));
        await HttpAsserts.AssertProblemAsync(server, response, HttpStatusCode.BadRequest, "validation_failed");
        var detail = (await server.JsonAsync(response)).GetProperty("detail").GetString();
        Assert.Contains(field, detail, StringComparison.Ordinal);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(server));
        Assert.Empty(await server.OutboxAsync(0));
    }

    [Fact]
    public async Task A_template_over_MaxSmsSegments_stops_the_start_naming_its_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:MessageTemplates:fr"] = "Votre code est {code}. " + new string('x', 150),
        }));
        Assert.Contains("SmsOtp:MessageTemplates:fr needs 2 SMS segments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenants_autofill_lines_count_and_a_shipped_template_that_no_longer_fits_is_named()
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:beta:WebOtpOrigin"] = "signin.acme-example.co.uk",
            ["SmsOtp:Tenants:beta:AndroidAppHash"] = "AbC+1dE/2fG",
            ["SmsOtp:Tenants:beta:TokenLength"] = "10",
        };
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LocalServerHost.StartAsync(settings));
        Assert.Contains("The shipped plain template for 'ar'", error.Message, StringComparison.Ordinal);
        Assert.Contains("for tenant 'beta'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'en'", error.Message, StringComparison.Ordinal);

        // The operator may allow two segments (global only).
        settings["SmsOtp:MaxSmsSegments"] = "2";
        await using var server = await LocalServerHost.StartAsync(settings);
    }

    private static string Expected(string locale, JsonElement sms) =>
        SmsComposer.Compose(BuiltInTemplates.Get(SmsTemplateKind.Plain, locale)!, MessageValues.Plain(sms.GetProperty("code").GetString()!, 300)).Text;

    private static async Task Put(LocalServerHost server, string tenant, string userId)
    {
        var response = await server.Client.PutAsJsonAsync($"api/users?tenant={tenant}&userId={userId}", new { mobile = Mobile });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> Send(LocalServerHost server, object body)
    {
        var response = await server.PostAsync("api/otp/send", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await server.JsonAsync(response);
    }

    private static async Task<JsonElement> Verify(LocalServerHost server, JsonElement sent, string code) =>
        await server.JsonAsync(await server.PostAsync("api/otp/verify", new { challengeId = sent.GetProperty("challengeId").GetString(), code }));
}
