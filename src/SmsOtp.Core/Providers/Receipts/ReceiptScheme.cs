namespace SmsOtp.Core.Providers.Receipts;

/// <summary>How a provider's delivery receipts prove themselves (spec §8).</summary>
public enum ReceiptScheme
{
    /// <summary><c>X-Twilio-Signature</c>: HMAC-SHA1 with the auth token over the callback URL and the sorted form.</summary>
    Twilio,

    /// <summary>Vonage's signed webhooks (<c>sig</c>) when <c>SignatureSecret</c> is set; else the authenticated reference alone.</summary>
    Vonage,

    /// <summary><c>X-Plivo-Signature-V3</c> with its nonce, HMAC-SHA256 with the auth token.</summary>
    PlivoV3,

    /// <summary>A secret token in the callback URL (<c>?token=</c>, the provider's <c>ReceiptToken</c>), compared in constant time.</summary>
    UrlToken,
}
