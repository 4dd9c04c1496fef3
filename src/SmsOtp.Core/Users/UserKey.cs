namespace SmsOtp.Core.Users;

/// <summary>
/// A user of a tenant, and the Table key its state lives under. The key is a hash of tenant and user id,
/// so any user id (slashes, '#', '?', non-ASCII) is safe as a PartitionKey, rows spread evenly, and a
/// challenge id can carry it without revealing who the user is.
/// </summary>
public readonly record struct UserKey(string Tenant, string UserId)
{
    public const int HashLength = 16;

    /// <summary>
    /// <c>CaseInsensitiveUserIds</c> (spec §10.1): ids that differ only in case, after Unicode NFC, are one user.
    /// The row keeps the id as first stored; only the key folds. Set from the tenant's policy by <see cref="UserKeyPolicy.KeyOf"/>.
    /// </summary>
    public bool IgnoreCase { get; init; }

    public string PartitionKey => Base64Url.Encode(Hash());

    public byte[] Hash()
    {
        var id = IgnoreCase ? UserId.Normalize(NormalizationForm.FormC).ToLowerInvariant().Normalize(NormalizationForm.FormC) : UserId;
        var bytes = Encoding.UTF8.GetBytes(Tenant + "\0" + id);
        return SHA256.HashData(bytes)[..HashLength];
    }
}

/// <summary>The one place a tenant's <c>CaseInsensitiveUserIds</c> (spec §10.1) is applied to a user's key.</summary>
internal static class UserKeyPolicy
{
    /// <summary>The user's key under the tenant's policy: ids that differ only in case are one user where it says so.</summary>
    public static UserKey KeyOf(this TenantOptions<PolicyOptions> policies, UserKey user) =>
        user with { IgnoreCase = policies.For(user.Tenant).CaseInsensitiveUserIds };
}
