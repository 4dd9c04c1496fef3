namespace SmsOtp.Tests.Otp;

/// <summary>
/// A verify whose consuming write landed but whose answer was lost (the soak saw the SDK's own retry meet that write
/// as a 412 and answer <c>consumed</c> to the user who had just typed the right code): the call's token on the row
/// tells its own verification from another's, so it answers <c>verified</c>; any later call still gets <c>consumed</c>.
/// </summary>
public sealed class LostVerifyAnswerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly UserKey Alice = new("acme", "alice");

    [Theory]
    [InlineData(true, 0)]   // the verification landed; its answer was lost
    [InlineData(false, 0)]  // it never reached storage: the re-read verifies again
    [InlineData(true, 1)]   // and the first re-read fails too: 503, and the call's retry of the same code says consumed
    public async Task A_verification_whose_answer_is_lost_answers_verified_once(bool landed, int failedReads)
    {
        await using var h = await ServiceHarness.CreateAsync(null, services =>
            LosingStore.Decorate(services, landed, failedReads, (_, replaced) => replaced?.ChallengeVerifiedBy is not null));
        await h.CreateUserAsync(Alice);
        var (challengeId, code) = await h.SendAndDeliverAsync(Alice);

        if (failedReads == 0)
        {
            var verified = await h.Otp.VerifyAsync(challengeId, code, None);
            Assert.Equal(OtpStatuses.Verified, verified!.Status);
            Assert.Equal(Alice.UserId, verified.UserId);
        }
        else
        {
            // The store is down past the lost answer: the caller sees the failure (503 at the HTTP layer).
            await Assert.ThrowsAnyAsync<Exception>(() => h.Otp.VerifyAsync(challengeId, code, None));
        }

        Assert.Equal(1, h.Services.GetRequiredService<LosingStore>().Lost);
        Assert.Equal(OtpStatuses.Consumed, (await h.Otp.VerifyAsync(challengeId, code, None))!.Status);
        Assert.Equal("verified", (await h.Otp.StatusAsync(challengeId, None))!.State);
    }
}
