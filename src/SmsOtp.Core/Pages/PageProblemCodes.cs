namespace SmsOtp.Core.Pages;

/// <summary>Problem <c>code</c> values of the hosted-pages flow (spec §2.7).</summary>
public static class PageProblemCodes
{
    /// <summary>400: <c>returnUrl</c> is not under any <c>SmsOtp:Pages:AllowedReturnUrls</c> entry.</summary>
    public const string ReturnUrlNotAllowed = "return_url_not_allowed";

    /// <summary>404: the <c>result</c> token is unknown, expired or already redeemed.</summary>
    public const string ResultNotFound = "result_not_found";
}
