namespace SmsOtp.Core.Providers.Receipts;

public enum ReceiptStatus { Delivered, Undelivered, Failed, Intermediate }
