namespace SmsOtp.Core.Http;

/// <summary>
/// The trusted-device fields of the API (spec §15.1): <c>deviceToken</c> on send and <c>rememberDevice</c> on verify.
/// Only the type and size are checked: a token of the wrong shape is an unknown token, ignored like any other (its
/// validity is never told), and the value is never echoed.
/// </summary>
public static class TrustedDeviceFields
{
    public const string DeviceToken = "deviceToken";
    public const string RememberDevice = "rememberDevice";

    public static bool TryReadToken(JsonElement body, out PresentedDeviceToken? token, out ApiProblem? problem)
    {
        token = null;
        if (!RequestReader.TryGetString(body, DeviceToken, out var text, out problem))
        {
            return false;
        }

        if (text is { Length: > DeviceTrust.MaxTokenLength })
        {
            problem = Problem.Validation($"'{DeviceToken}' must be at most {DeviceTrust.MaxTokenLength} characters.");
            return false;
        }

        token = string.IsNullOrEmpty(text) ? null : new PresentedDeviceToken(text);
        return true;
    }

    /// <summary><c>rememberDevice</c>: missing or null is false; anything but a boolean is a 400.</summary>
    public static ApiProblem? ReadRemember(JsonElement body, out bool remember)
    {
        remember = false;
        if (!body.TryGetProperty(RememberDevice, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Problem.Validation($"'{RememberDevice}' must be true or false.");
        }

        remember = element.GetBoolean();
        return null;
    }
}
