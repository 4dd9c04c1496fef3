namespace SmsOtp.Core.Users;

/// <summary>The one place a tenant's <c>CaseInsensitiveUserIds</c> (spec §10.1) is applied to a user's key.</summary>
public static class UserKeyPolicy
{
    /// <summary>The user's key under the tenant's policy: ids that differ only in case are one user where it says so.</summary>
    public static UserKey KeyOf(this TenantOptions<PolicyOptions> policies, UserKey user) =>
        user with { IgnoreCase = policies.For(user.Tenant).CaseInsensitiveUserIds };
}
