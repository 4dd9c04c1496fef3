using Microsoft.AspNetCore.Identity;

namespace SmsOtp.Sample.Users;

/// <summary>
/// An in-memory user store with two demo users. Passwords are kept only as ASP.NET Core Identity hashes
/// (PBKDF2); a real app has its own store (Identity, Entra ID, ...) and only the second factor moves to the service.
/// </summary>
public sealed class DemoUserStore
{
    public const string DemoPassword = "correct horse battery staple";

    private readonly PasswordHasher<DemoUser> _hasher = new();
    private readonly Dictionary<string, DemoUser> _users;
    private readonly string _dummyHash;

    public DemoUserStore()
    {
        // alice has a number at the service; bob has none, so the service asks for one at his first sign-in.
        DemoUser[] users = [new("alice", "Alice", "+94778888888"), new("bob", "Bob", null)];
        _users = users.ToDictionary(u => u.UserName, u => u with { PasswordHash = _hasher.HashPassword(u, DemoPassword) },
            StringComparer.OrdinalIgnoreCase);
        _dummyHash = _hasher.HashPassword(users[0], "not a password");
    }

    public IEnumerable<DemoUser> All => _users.Values;

    public DemoUser? Find(string userName) => _users.GetValueOrDefault(userName);

    /// <summary>The user when the password is right; null otherwise.</summary>
    public DemoUser? CheckPassword(string userName, string password)
    {
        if (!_users.TryGetValue(userName ?? "", out var user))
        {
            // Hash anyway, so an unknown name takes as long as a wrong password.
            _hasher.VerifyHashedPassword(new DemoUser("", "", null), _dummyHash, password ?? "");
            return null;
        }

        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "") == PasswordVerificationResult.Failed ? null : user;
    }
}
