using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using SmsOtp.Core.Configuration;
using SmsOtp.Core.Delivery;

namespace SmsOtp.Functions;

/// <summary>
/// Delivers each queued SMS through <see cref="DeliveryHandler"/>. Throwing hands the message back to the
/// host, which retries it and moves it to <c>sms-delivery-poison</c> after <c>maxDequeueCount</c> (host.json).
/// </summary>
public sealed class DeliveryFunction(DeliveryHandler handler)
{
    [Function("SmsDelivery")]
    public Task Run([QueueTrigger(StorageNamesOptions.DefaultDeliveryQueue, Connection = "AzureWebJobsStorage")] string message, FunctionContext context) =>
        handler.HandleAsync(message, DequeueCount(context), context.CancellationToken);

    private static long DequeueCount(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value)
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), out var count) ? count : 1;
}
