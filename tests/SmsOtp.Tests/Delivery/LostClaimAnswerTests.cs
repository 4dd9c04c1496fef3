using Azure;
using Microsoft.Extensions.DependencyInjection;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Users;
using SmsOtp.Tests.Infrastructure;

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
    [InlineData(true, 1)]   // the blind first-attempt claim landed; its answer was lost
    [InlineData(false, 1)]  // it never reached storage
    [InlineData(true, 2)]   // the read-then-claim of a later attempt landed; its answer was lost
    [InlineData(false, 2)]
    public async Task A_claim_whose_answer_is_lost_sends_the_code_exactly_once(bool landed, int dequeueCount)
    {
        await using var h = await ServiceHarness.CreateAsync(null, services => LosingStore.Decorate(services, landed));
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

    /// <summary>The real table store, losing the answer of the first claim write (after or instead of applying it).</summary>
    public sealed class LosingStore(TableUserStore inner, bool landed) : IUserStore
    {
        private int _lost;

        public int Lost => Volatile.Read(ref _lost);

        public static void Decorate(IServiceCollection services, bool landed)
        {
            services.AddSingleton<TableUserStore>();
            services.AddSingleton(p => new LosingStore(p.GetRequiredService<TableUserStore>(), landed));
            services.AddSingleton<IUserStore>(p => p.GetRequiredService<LosingStore>());
        }

        public async Task<ETag> MergeAsync(string partitionKey, IDictionary<string, object?> properties, ETag ifMatch, CancellationToken cancellationToken)
        {
            if (properties.ContainsKey(nameof(UserRecord.DeliveryClaim)) && Interlocked.CompareExchange(ref _lost, 1, 0) == 0)
            {
                if (landed)
                {
                    await inner.MergeAsync(partitionKey, properties, ifMatch, cancellationToken);
                }

                throw new RequestFailedException("The connection was reset before the answer arrived.");
            }

            return await inner.MergeAsync(partitionKey, properties, ifMatch, cancellationToken);
        }

        public Task<UserRecord?> GetAsync(string partitionKey, CancellationToken cancellationToken) => inner.GetAsync(partitionKey, cancellationToken);

        public Task<ETag> InsertAsync(UserRecord record, CancellationToken cancellationToken) => inner.InsertAsync(record, cancellationToken);

        public Task<ETag> ReplaceAsync(UserRecord record, ETag ifMatch, CancellationToken cancellationToken) => inner.ReplaceAsync(record, ifMatch, cancellationToken);

        public Task<UserRecord?> FindByKeyPrefixAsync(string prefix, CancellationToken cancellationToken) => inner.FindByKeyPrefixAsync(prefix, cancellationToken);

        public Task DeleteAsync(string partitionKey, CancellationToken cancellationToken) => inner.DeleteAsync(partitionKey, cancellationToken);

        public Task CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);
    }
}
