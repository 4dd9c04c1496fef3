using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using SmsOtp.Core.Delivery;

namespace SmsOtp.Functions;

/// <summary>
/// Delivers each queued SMS through <see cref="DeliveryHandler"/>. Throwing hands the message back to the
/// host, which retries it and moves it to <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c> (host.json).
/// The queue is the setting <c>SmsOtp:Storage:DeliveryQueue</c> (app setting <c>SmsOtp__Storage__DeliveryQueue</c>),
/// which the host resolves, so the trigger and the app's own client always name the same queue.
/// </summary>
public sealed class DeliveryFunction(DeliveryHandler handler)
{
    public const string QueueSetting = "%SmsOtp:Storage:DeliveryQueue%";

    [Function("SmsDelivery")]
    public Task Run([QueueTrigger(QueueSetting, Connection = "AzureWebJobsStorage")] string message, FunctionContext context) =>
        handler.HandleAsync(message, DequeueCount(context), context.CancellationToken);

    private static long DequeueCount(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value)
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), out var count) ? count : 1;
}
