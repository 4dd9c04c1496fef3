using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using Azure.Storage.Queues;
using Azure;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Storage;

namespace SmsOtp.Benchmarks;

/// <summary>
/// The floor: the fewest storage operations one login can take in this architecture, issued straight
/// through the SDK with no HTTP, JSON API, crypto, provider call or listener in between.
/// send = point read + conditional replace + queue put; delivery = queue get + conditional merge +
/// queue delete; verify = point read + conditional replace. Rows and messages are about the size of
/// the service's own (the same <see cref="UserRecord"/> shape, a sealed-payload-sized message).
/// </summary>
public sealed class FloorLogin(TableClient table, QueueClient queue)
{
    private sealed record FloorMessage(string PartitionKey, string ETag, string Sealed);

    public async Task RunAsync(BenchUser user, LoadResult result, CancellationToken cancellationToken)
    {
        // Send.
        var t0 = Stopwatch.GetTimestamp();
        var record = (await table.GetEntityAsync<UserRecord>(user.PartitionKey, UserRecord.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        record.ChallengeNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        record.ChallengeState = "open"; // the stored names of the service's Challenge
        record.CodeHash = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        record.CodeVersion++;
        record.CodeExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5);
        record.LastSentAt = DateTimeOffset.UtcNow;
        var written = await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        var message = JsonSerializer.Serialize(new FloorMessage(user.PartitionKey, written.Headers.ETag.ToString()!,
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(160))));
        await queue.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        var t1 = Stopwatch.GetTimestamp();
        result.Send.Add(t0, t1);

        // Delivery (inline: no listener, no polling, no provider).
        QueueMessage? received = null;
        while (received is null)
        {
            var batch = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false)).Value;
            received = batch.Length > 0 ? batch[0] : null;
        }

        var claim = JsonSerializer.Deserialize<FloorMessage>(received.MessageText)!;
        var merge = new TableEntity(claim.PartitionKey, UserRecord.Row)
        {
            [nameof(UserRecord.DeliveryVersion)] = 1,
            [nameof(UserRecord.DeliveryState)] = DeliveryStates.Claimed,
        };
        try
        {
            await table.UpdateEntityAsync(merge, new ETag(claim.ETag), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Another worker's message whose row moved on: the transaction was spent all the same.
        }

        try
        {
            await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // A storage stall outlasted the 30 s lease and another worker took the message: spent all the same.
        }
        var t2 = Stopwatch.GetTimestamp();
        result.Delivery.Add(t1, t2);
        result.DeliveryFromStart.Add(t0, t2);

        // Verify.
        while (true)
        {
            record = (await table.GetEntityAsync<UserRecord>(user.PartitionKey, UserRecord.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            record.ChallengeState = "verified";
            record.CodeHash = null;
            record.VerifiedAt = DateTimeOffset.UtcNow;
            try
            {
                await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another worker's delivery claim landed on this row between the read and the write.
            }
        }

        var t3 = Stopwatch.GetTimestamp();
        result.Verify.Add(t2, t3);
        result.Login.Add(t0, t3);
        result.Success();
    }
}
