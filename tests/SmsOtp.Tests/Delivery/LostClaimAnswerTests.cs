namespace SmsOtp.Tests.Delivery;

/// <summary>
/// The soak's lost codes (docs/benchmarks.md, Soak): a claim write that reaches storage but whose answer is lost (a
/// reset, a timeout, the SDK's own retry meeting the write as a 412) used to read back as "already claimed" and drop
/// the code. The claim's token makes the re-read see its own claim: the code is sent, once, and a redelivery still
/// sends nothing. The real handler and table on Azurite; only the answer of one write is lost.
/// </summary>
public sealed class LostClaimAnswerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly UserKey Alice = new("acme", "alice");

    [Theory]
    [InlineData(true, 1, 0)]   // the blind first-attempt claim landed; its answer was lost
    [InlineData(false, 1, 0)]  // it never reached storage
    [InlineData(true, 2, 0)]   // the read-then-claim of a later attempt landed; its answer was lost
    [InlineData(false, 2, 0)]
    [InlineData(true, 1, 3)]   // and storage stays down for the next three reads (the soak's reset window)
    [InlineData(true, 2, 3)]
    public async Task A_claim_whose_answer_is_lost_sends_the_code_exactly_once(bool landed, int dequeueCount, int failedReads)
    {
        await using var h = await ServiceHarness.CreateAsync(null, services =>
            LosingStore.Decorate(services, landed, failedReads, (merged, _) => merged?.ContainsKey(nameof(UserRecord.DeliveryClaim)) == true));
        await h.CreateUserAsync(Alice);
        var sent = await h.Otp.SendAsync(Alice, None);
        var message = Assert.Single(await h.ReceiveAsync());

        await h.Delivery.HandleAsync(message.MessageText, dequeueCount, None);
        Assert.Equal(1, h.Services.GetRequiredService<LosingStore>().Lost);
        var sms = Assert.Single(h.Sender.Sent);

        // The queue hands the message over again (the delete was lost too): still one SMS.
        await h.Delivery.HandleAsync(message.MessageText, dequeueCount + 1, None);
        Assert.Single(h.Sender.Sent);
        Assert.Contains("the claim's answer was lost", DeliveryKit.LogText(h.Services), StringComparison.Ordinal);
        Assert.Equal(OtpStatuses.Verified, (await h.Otp.VerifyAsync(sent.Value!.ChallengeId!, sms.Code, None))!.Status);
    }
}
