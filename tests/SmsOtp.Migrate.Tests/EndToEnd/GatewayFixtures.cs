using System.Text;

namespace SmsOtp.Migrate.Tests.EndToEnd;

/// <summary>
/// What the operator copies into Key Vault from the WSO2 set-up (the fixtures' fake credentials, under the
/// names the tool printed) and what each provider answers on success.
/// </summary>
public static class GatewayFixtures
{
    public const string TwilioSid = "ACfake0123456789abcdef";
    public const string TwilioToken = "TwilioFakeAuthToken42";
    public const string PlivoId = "MAFAKEAUTHID00TEST01";
    public const string PlivoToken = "PlivoFakeToken9f8e7d6c5b4a";

    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>
    {
        ["vonage-api-key"] = "5f3c9a1e",
        ["vonage-api-secret"] = "Q7vK2pX9mL4tR8wZ",
        ["clickatell-authorization"] = "Hk29dLq8Zp3vXw7nTa1sYm5uRt2c",
        ["plivo-auth-id"] = PlivoId,
        ["plivo-auth-token"] = PlivoToken,
        ["plivo-account-id"] = PlivoId,
        ["plivo-authorization"] = Base64(PlivoId + ":" + PlivoToken),
        ["bulksms-eapi-username"] = "acme-otp",
        ["bulksms-eapi-password"] = "Pw4BulkFake9x",
        ["bulksms-username"] = "acme-otp",
        ["bulksms-password"] = "Pw4BulkFake9x",
        ["twilio-account-sid"] = TwilioSid,
        ["twilio-auth-token"] = TwilioToken,
        ["twilio-account-id"] = TwilioSid,
        ["twilio-authorization"] = Base64(TwilioSid + ":" + TwilioToken),
    };

    public static (int Status, string Body) SuccessAnswer(string idp) => idp switch
    {
        "nexmo" => (200, """{"message-count":"1","messages":[{"to":"94771234567","message-id":"0A0000000123ABCD1","status":"0","remaining-balance":"3.14","message-price":"0.03","network":"41302"}]}"""),
        "clickatell" => (202, """{"data":{"message":[{"accepted":true,"to":"94771234567","apiMessageId":"d1a1b8c0f2c34b9c9e0e7e4f5a6b7c8d"}]}}"""),
        "plivo" => (202, """{"message":"message(s) queued","message_uuid":["db3ce55a-7f1d-11e1-8ea7-1231380bc196"],"api_id":"db342550-7f1d-11e1-8ea7-1231380bc196"}"""),
        "bulksms" => (200, "0|IN_PROGRESS|1234567890"),
        _ => (201, """{"sid":"SM00000000000000000000000000000001","status":"queued","num_segments":"1"}"""),
    };

    public static string Basic(string user, string password) => "Basic " + Base64(user + ":" + password);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
