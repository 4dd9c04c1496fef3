namespace SmsOtp.Core.Receipts;

public enum ReceiptStatus { Delivered, Undelivered, Failed, Intermediate }
