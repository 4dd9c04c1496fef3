using Microsoft.Azure.Functions.Worker;
using SmsOtp.Core.Receipts.EventGrid;

namespace SmsOtp.Functions;

/// <summary>
/// ACS delivery reports (spec §14): Event Grid puts each <c>Microsoft.Communication.SMSDeliveryReportReceived</c> event in
/// the queue <c>SmsOtp:Storage:ReceiptQueue</c>; <see cref="AcsDeliveryReportHandler"/> applies it through the receipt path
/// of §8. A malformed message is consumed and counted there, not thrown; only a storage failure throws, so the host's
/// retries and poison queue apply to what retrying can fix.
/// </summary>
public sealed class AcsDeliveryReportFunction(AcsDeliveryReportHandler handler)
{
    public const string QueueSetting = "%SmsOtp:Storage:ReceiptQueue%";

    [Function("AcsDeliveryReport")]
    public Task Run([QueueTrigger(QueueSetting, Connection = "AzureWebJobsStorage")] string message, FunctionContext context) =>
        handler.HandleAsync(message, context.CancellationToken);
}
