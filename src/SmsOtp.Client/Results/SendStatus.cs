namespace SmsOtp.Client;

/// <summary>The values of <see cref="SendResult.Status"/> (a string, so that a status added later reaches the app as it is).</summary>
public static class SendStatus
{
    /// <summary>A code was generated and queued for the user's mobile: show the code field.</summary>
    public const string Sent = "sent";

    /// <summary>The step does not apply (see <see cref="SendResult.Reason"/>): the app treats it as passed.</summary>
    public const string Skipped = "skipped";

    /// <summary>Ask the user for a number and give it to <see cref="SmsOtpClient.SubmitMobileAsync(MobileRequest, CancellationToken)"/>.</summary>
    public const string MobileRequired = "mobile_required";
}
