using System.Text.Json;

namespace SmsOtp.Migrate.Users;

/// <summary>
/// Where the SMS OTP claims are in a WSO2 SCIM user. WSO2 exposes a local claim through the SCIM attribute an
/// administrator maps it to: <c>http://wso2.org/claims/identity/smsotp_disabled</c> and
/// <c>http://wso2.org/claims/otpbackupcodes</c> usually land in WSO2's custom schema <c>urn:scim:wso2:schema</c>
/// (IS 5.11 and later), in the enterprise extension (IS 5.10 and earlier) or in IS 7's
/// <c>urn:scim:schemas:extension:custom:User</c>. Without an explicit path, the first of those schemas holding
/// an attribute named like the claim (<c>smsotp_disabled</c>, <c>smsOtpDisabled</c>, <c>otpbackupcodes</c>, ...:
/// case, <c>_</c> and <c>-</c> ignored) is used.
/// </summary>
public sealed class ClaimLocator(ScimAttributePath? explicitPath, string normalizedName)
{
    public static readonly string[] Schemas =
    [
        "urn:scim:wso2:schema",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:scim:schemas:extension:custom:User",
    ];

    public static ClaimLocator Disabled(string? path) => new(path is null ? null : ScimAttributePath.Parse(path), "smsotpdisabled");

    public static ClaimLocator BackupCodes(string? path) => new(path is null ? null : ScimAttributePath.Parse(path), "otpbackupcodes");

    public string Describe => explicitPath?.ToString() ?? string.Join(" or ", Schemas.Select(s => s + ":" + normalizedName));

    public JsonElement? Read(JsonElement user)
    {
        if (explicitPath is not null)
        {
            return explicitPath.Read(user);
        }

        foreach (var schema in Schemas)
        {
            if (ScimAttributePath.Property(user, schema) is not { ValueKind: JsonValueKind.Object } ext)
            {
                continue;
            }

            foreach (var p in ext.EnumerateObject())
            {
                if (Normalize(p.Name) == normalizedName && p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                {
                    return p.Value;
                }
            }
        }

        return null;
    }

    private static string Normalize(string name) =>
        new(name.Where(c => c is not ('_' or '-')).Select(char.ToLowerInvariant).ToArray());
}
