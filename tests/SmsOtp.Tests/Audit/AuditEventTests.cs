using Microsoft.Extensions.Logging.Testing;

namespace SmsOtp.Tests.Audit;

/// <summary>Audit events: one structured record per send, verify attempt, lock, unlock, opt-out and profile change.</summary>
public sealed class AuditEventTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Each_security_event_is_one_audit_record_with_tenant_pseudonym_masked_number_and_outcome()
    {
        await using var h = await ServiceHarness.CreateAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:AccountLock:MaxFailedAttempts"] = "2",
            ["SmsOtp:RateLimits:SendsPerUserPerHour"] = "3",
        });
        var user = new UserKey("acme", "PRIMARY/alice@example.com");
        var pk = user.PartitionKey;
        await h.CreateUserAsync(user);
        var (id, code) = await h.SendAndDeliverAsync(user);
        await h.Otp.VerifyAsync(id, "000000" == code ? "111111" : "000000", None);
        await h.Otp.VerifyAsync(id, code, None);
        (id, _) = await h.SendAndDeliverAsync(user);
        await h.Otp.VerifyAsync(id, code == "000000" ? "111111" : "000000", None);
        await h.Otp.VerifyAsync(id, code == "000000" ? "111111" : "000000", None); // second consecutive failure: locked
        await h.Profiles.UnlockAsync(user, None);
        await h.Otp.SendAsync(user, None);
        await h.Otp.SendAsync(user, None); // fourth send in the hour: rate limited
        await h.Profiles.PutAsync(user, new ProfileUpdate(null, false, true), None);
        await h.Profiles.DeleteAsync(user, None);

        var audit = h.Logs.GetSnapshot().Where(r => r.Category == AuditLog.Category).ToList();
        Dictionary<string, string?> State(FakeLogRecord r) => r.StructuredState!.ToDictionary(p => p.Key, p => p.Value);

        Assert.All(audit, r =>
        {
            var s = State(r);
            Assert.Equal("acme", s["Tenant"]);
            Assert.Equal(pk, s["UserKey"]);
            Assert.InRange(r.Id.Id, 9001, 9006);
            Assert.False(string.IsNullOrEmpty(r.Id.Name));
            Assert.False(string.IsNullOrEmpty(s["Outcome"]));
            Assert.DoesNotContain("778888888", r.Message, StringComparison.Ordinal);
        });

        var sends = audit.Where(r => r.Id is { Id: 9001, Name: "OtpSend" }).Select(State).ToList();
        Assert.Equal(["sent", "sent", "sent", "rate_limited"], sends.Select(s => s["Outcome"]));
        Assert.All(sends, s => Assert.Equal("+*******8888", s["MaskedMobile"]));
        Assert.All(sends, s => Assert.Equal(NumberKey.AuditLength, s["NumberKey"]!.Length));
        Assert.Single(sends.Select(s => s["NumberKey"]).Distinct());
        Assert.Equal(RateLimitDecision.User, sends[3]["Limit"]);

        var verifies = audit.Where(r => r.Id is { Id: 9002, Name: "OtpVerify" }).Select(State).ToList();
        Assert.Equal(["invalid_code", "verified", "invalid_code", "locked"], verifies.Select(s => s["Outcome"]));
        Assert.Equal("sms", verifies[1]["Method"]);
        Assert.All(verifies, s => Assert.Equal("+*******8888", s["MaskedMobile"]));

        var locked = Assert.Single(audit, r => r.Id is { Id: 9003, Name: "AccountLocked" });
        Assert.Equal("+*******8888", State(locked)["MaskedMobile"]);
        Assert.Single(audit, r => r.Id is { Id: 9004, Name: "AccountUnlocked" });
        Assert.Equal("opted_out", State(Assert.Single(audit, r => r.Id is { Id: 9005, Name: "OptOutChanged" }))["Outcome"]);
        var profiles = audit.Where(r => r.Id is { Id: 9006, Name: "ProfileChanged" }).Select(State).ToList();
        Assert.Equal(["created", "updated", "erased"], profiles.Select(s => s["Outcome"]));
        Assert.Equal("True", profiles[0]["MobileChanged"]);
        Assert.Equal("False", profiles[1]["MobileChanged"]);
    }
}
