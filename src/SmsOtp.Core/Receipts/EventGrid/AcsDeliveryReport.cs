namespace SmsOtp.Core.Receipts.EventGrid;

/// <summary>
/// One <c>Microsoft.Communication.SMSDeliveryReportReceived</c> event as read: the <c>tag</c> (our §8 reference), ACS's
/// <c>messageId</c>, <c>deliveryStatus</c> and the details (matched for an opt-out, never kept), and the topic (the ACS
/// resource it came from). No number is read.
/// </summary>
public sealed record AcsDeliveryReport(string? Tag, string? MessageId, string? DeliveryStatus, string? Details, string? Topic);
