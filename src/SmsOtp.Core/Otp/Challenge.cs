namespace SmsOtp.Core.Otp;

/// <summary>
/// The user's current challenge, over the user's row: the one place that finds a challenge by its id, says
/// what state it is in at a time, and changes it (issue a code, count a resend, succeed, fail). The service
/// (<see cref="OtpService"/>), the hosted pages and delivery all ask this type, so a rule is written once.
/// Changes are made on the row in memory; the caller writes the row with its ETag.
/// </summary>
public sealed partial class Challenge
{
    public const string ModeCapture = "capture";
    public const string ModeDirect = "direct";

    /// <summary>The longest code (or backup code) input accepted; anything longer is refused unread.</summary>
    public const int MaxCodeLength = 64;

    // The phase as the row stores it (UserRecord.ChallengeState), in the order of Phase; only this type reads
    // or writes it. The names are those rows have held since the first version.
    private static readonly string[] StoredPhases = ["awaiting_mobile", "open", "verified", "exhausted", "undeliverable"];

    private readonly UserRecord _row;
    private readonly PolicyOptions _policy;

    private Challenge(UserRecord row, ChallengeId id, PolicyOptions policy)
    {
        _row = row;
        _policy = policy;
        Id = id;
    }

    public ChallengeId Id { get; }

    /// <summary><see cref="ModeCapture"/>, <see cref="ModeDirect"/>, or null for a registered number.</summary>
    public string? Mode => _row.ChallengeMode;

    /// <summary>The number this challenge's codes go to (never null once a code was issued).</summary>
    public string? Mobile => _row.ChallengeMobile;

    public string Tenant => _row.Tenant;

    /// <summary>The locale the send asked for (its SMS and pages speak it), or null.</summary>
    public string? Locale => _row.ChallengeLocale;

    /// <summary>The payment the codes of this challenge approve (spec §10.4), or null.</summary>
    public PaymentTransaction? Transaction => _row.ChallengeTransaction is { } json
        ? System.Text.Json.JsonSerializer.Deserialize<PaymentTransaction>(json, Common.JsonDefaults.Options)
        : null;

    /// <summary>The Android app hash the send gave for its SMS, or null (the tenant's setting applies).</summary>
    public string? AppHash => _row.ChallengeAppHash;

    /// <summary>The length of this challenge's codes: the send's <c>codeLength</c>, else the tenant's (spec §15.3).</summary>
    public int CodeLength => _row.ChallengeCodeLength ?? _policy.TokenLength;

    /// <summary>The lifetime of this challenge's codes: the send's <c>expiresInSeconds</c>, else the tenant's.</summary>
    private TimeSpan Lifetime => _row.ChallengeExpirySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _policy.TokenLifetime;

    public int AttemptsRemaining => Math.Max(0, _policy.MaxAttempts - _row.ChallengeAttempts);

    public int ResendsRemaining => _policy.ResendEnable ? Math.Max(0, _policy.MaximumResendAttempts - _row.ResendCount) : 0;

    /// <summary>The challenge the id names, or null: unknown row, another (newer) challenge, or none at all.</summary>
    public static Challenge? Find(UserRecord? row, ChallengeId id, TenantOptions<PolicyOptions> policies) =>
        row is null ? null : Find(row, id, policies.For(row.Tenant));

    /// <summary>As <see cref="Find(UserRecord?, ChallengeId, TenantOptions{PolicyOptions})"/>, under a policy already resolved.</summary>
    public static Challenge? Find(UserRecord? row, ChallengeId id, PolicyOptions policy) =>
        row is not null && row.ChallengeState is not null && row.PartitionKey == id.PartitionKey && id.NonceEquals(row.ChallengeNonce)
            ? new Challenge(row, id, policy)
            : null;

    /// <summary>A new challenge on the row; it supersedes the earlier one, whose codes stop working.</summary>
    public static Challenge Start(UserRecord row, PolicyOptions policy, DateTimeOffset now, SendRequest? request = null)
    {
        var id = ChallengeId.New(row.PartitionKey);
        row.ChallengeNonce = id.Nonce;
        row.ChallengeCreatedAt = now;
        SetPhase(row, Phase.Open);
        row.ChallengeMode = null;
        row.ChallengeAttempts = 0;
        row.ResendCount = 0;
        row.ChallengeMobile = null;
        row.CodeHash = null;
        row.CodeExpiresAt = null;
        row.VerifiedAt = null;
        row.LastSentAt = null;
        row.DeliveryVersion = 0;
        row.DeliveryState = null;
        row.ReroutedVersion = 0;
        row.ChallengeLocale = request?.Locale;
        row.ChallengeTransaction = request?.Transaction is { } transaction
            ? System.Text.Json.JsonSerializer.Serialize(transaction, Common.JsonDefaults.Options)
            : null;
        row.ChallengeAppHash = request?.AppHash;
        row.ChallengeCodeLength = request?.CodeLength;
        row.ChallengeExpirySeconds = request?.ExpiresInSeconds;
        return new Challenge(row, id, policy);
    }

    /// <summary>The change that marks the row's challenge undeliverable, for delivery's partial write (<see cref="CodeDelivery.Fail"/>).</summary>
    internal static void MarkUndeliverable(IDictionary<string, object?> update) =>
        update[nameof(UserRecord.ChallengeState)] = StoredPhases[(int)Phase.Undeliverable];

    /// <summary>Whether the row's challenge is open: not waiting for a number, and not settled.</summary>
    internal static bool IsOpen(UserRecord row) => PhaseOf(row) == Phase.Open;

    /// <summary>The state at <paramref name="now"/> (spec §7.3's <c>state</c>, plus undeliverable).</summary>
    public ChallengeStatus StatusAt(DateTimeOffset now) => PhaseOf(_row) switch
    {
        Phase.Verified => ChallengeStatus.Verified,
        Phase.Undeliverable => ChallengeStatus.Undeliverable,
        Phase.Exhausted => ChallengeStatus.AttemptsExhausted,
        _ when _row.ChallengeAttempts >= _policy.MaxAttempts => ChallengeStatus.AttemptsExhausted,
        Phase.AwaitingMobile when _row.ChallengeCreatedAt + Lifetime <= now => ChallengeStatus.Expired,
        Phase.AwaitingMobile => ChallengeStatus.AwaitingMobile,
        _ when _row.CodeExpiresAt is { } expires && expires <= now => ChallengeStatus.Expired,
        _ => ChallengeStatus.Pending,
    };

    /// <summary>Spec §7.3: the state and the delivery status the status route shows, and the times and counts beside them.</summary>
    public ChallengeStatusResponse Describe(DateTimeOffset now)
    {
        var status = StatusAt(now);
        var expiresAt = _row.CodeExpiresAt ?? (_row.ChallengeCreatedAt ?? now) + Lifetime;
        var state = status switch
        {
            ChallengeStatus.AwaitingMobile => "awaiting_mobile",
            ChallengeStatus.Verified => "verified",
            ChallengeStatus.AttemptsExhausted => "attempts_exhausted",
            ChallengeStatus.Expired => "expired",

            // An undeliverable code still has its lifetime; the delivery status says it never went out.
            ChallengeStatus.Undeliverable when expiresAt <= now => "expired",
            _ => "pending",
        };

        var delivery = CodeDelivery.StatusOf(_row, status);
        return new ChallengeStatusResponse(Id, state, delivery, expiresAt, AttemptsRemaining, ResendsRemaining, ResendAvailableAt(now))
        {
            DeliveryErrorCode = delivery is DeliveryStatuses.Undelivered or DeliveryStatuses.Failed ? _row.DeliveryErrorCode : null,
            Provider = CodeDelivery.IsCurrentClaimed(_row) ? _row.DeliveryProvider : null,
        };
    }

    /// <summary>
    /// A verified receipt (spec §8) for code <paramref name="codeVersion"/> from <paramref name="provider"/>: it applies only
    /// to the current code of an open challenge, sent by that provider under that message id, and only once
    /// (sent → delivered, undelivered or failed), so a replayed or late receipt cannot undo a final status. An
    /// undelivered or failed code asks for a reroute when <paramref name="reroute"/> allows it, none was made for this
    /// challenge yet, and a resend is left (a reroute counts as one).
    /// </summary>
    public ReceiptEffect ApplyReceipt(int codeVersion, string provider, string? messageId, string status, string? errorCode, bool reroute, DateTimeOffset now)
    {
        if (StatusAt(now) != ChallengeStatus.Pending || !CodeDelivery.TryApplyReceipt(_row, codeVersion, provider, messageId, status, errorCode))
        {
            return ReceiptEffect.Ignored;
        }

        return status != DeliveryStatuses.Delivered && reroute && _row.ReroutedVersion == 0
               && _row.ResendCount < _policy.MaximumResendAttempts && LockedUntil(now) is null
            ? ReceiptEffect.Reroute
            : ReceiptEffect.Applied;
    }

    /// <summary>Marks the code just issued as the challenge's one reroute.</summary>
    public void MarkRerouted() => _row.ReroutedVersion = _row.CodeVersion;

    /// <summary>When the user's lock ends, if the user is locked at <paramref name="now"/>.</summary>
    public DateTimeOffset? LockedUntil(DateTimeOffset now) => AccountLock.ActiveUntil(_row, now);

    /// <summary>When the cooldown after the last code ends.</summary>
    public DateTimeOffset ResendAvailableAt(DateTimeOffset now) => (_row.LastSentAt ?? now) + _policy.ResendCooldown;

    /// <summary>The challenge waits for a number (capture or direct) before any code is issued.</summary>
    public void AwaitMobile(string mode)
    {
        SetPhase(_row, Phase.AwaitingMobile);
        _row.ChallengeMode = mode;
    }

    /// <summary>A resend: counted before the new code is issued; failure counts are not reset.</summary>
    public void CountResend() => _row.ResendCount++;

    /// <summary>
    /// A new code for <paramref name="mobile"/>: the earlier one stops working. Only its keyed hash, bound to
    /// this challenge and code version, goes on the row; the code itself goes only to delivery.
    /// </summary>
    /// <param name="fixedCode">A test number's code (spec §15.2), hashed like any other; null draws a random one.</param>
    internal IssuedCode IssueCode(string mobile, byte[] hmacKey, DateTimeOffset now, string? fixedCode = null)
    {
        var code = fixedCode is null ? CodeGenerator.Generate(CodeLength, _policy.AlphanumericToken) : CodeHasher.Normalize(fixedCode, _policy.AlphanumericToken);
        if (fixedCode is not null && code.Length != CodeLength)
        {
            _row.ChallengeCodeLength = code.Length; // the pages ask for as many characters as the fixed code has
        }

        var expiresAt = now + Lifetime;
        SetPhase(_row, Phase.Open);
        _row.ChallengeMobile = mobile;
        _row.CodeVersion++;
        _row.CodeHash = CodeHasher.Hash(hmacKey, CodeContext(), code);
        _row.CodeExpiresAt = expiresAt;
        _row.LastSentAt = now;
        CodeDelivery.Reset(_row);
        return new IssuedCode(code, _row.CodeVersion, expiresAt);
    }

    /// <summary>Whether <paramref name="code"/> is this challenge's current SMS code, under any HMAC key in force.</summary>
    public bool MatchesCode(IReadOnlyList<byte[]> hmacKeys, string code)
    {
        if (PhaseOf(_row) != Phase.Open)
        {
            return false;
        }

        var normalized = CodeHasher.Normalize(code, _policy.AlphanumericToken);
        var context = CodeContext();
        var matched = false;
        foreach (var key in hmacKeys)
        {
            matched |= CodeHasher.Matches(key, context, normalized, _row.CodeHash);
        }

        return matched;
    }

    /// <summary>
    /// Verified: the challenge is consumed and the account's failures reset. A captured number is written to
    /// the profile now, after it proved to reach the user, and only on the first login (no number yet).
    /// Returns whether the profile's number was set.
    /// </summary>
    public bool Succeed(DateTimeOffset now)
    {
        var mobileUpdated = false;
        if (_row.ChallengeMode == ModeCapture && _row.HasProfile && _row.Mobile is null && _row.ChallengeMobile is not null)
        {
            _row.Mobile = _row.ChallengeMobile;
            mobileUpdated = true;
        }

        SetPhase(_row, Phase.Verified);
        _row.VerifiedAt = now;
        _row.CodeHash = null;
        _row.ChallengeMobile = null;
        AccountLock.Reset(_row);
        return mobileUpdated;
    }

    /// <summary>A wrong code (or backup code): one attempt of this challenge and one failure of the account.</summary>
    internal FailedAttempt Fail(DateTimeOffset now)
    {
        _row.ChallengeAttempts++;
        if (_row.ChallengeAttempts >= _policy.MaxAttempts)
        {
            SetPhase(_row, Phase.Exhausted);
            _row.CodeHash = null;
        }

        var lockedUntil = AccountLock.RecordFailure(_row, _policy.AccountLock, now);
        return new FailedAttempt(AttemptsRemaining, lockedUntil);
    }

    /// <summary>What a code's hash is bound to: this challenge and code version, and its transaction when it has one.</summary>
    private string CodeContext()
    {
        var context = $"sms|{_row.PartitionKey}|{_row.ChallengeNonce}|{_row.CodeVersion}";
        return Transaction is { } transaction ? context + "|tx:" + transaction.Binding() : context;
    }

    private static Phase? PhaseOf(UserRecord row) => Array.IndexOf(StoredPhases, row.ChallengeState) is var i and >= 0 ? (Phase)i : null;

    private static void SetPhase(UserRecord row, Phase phase) => row.ChallengeState = StoredPhases[(int)phase];

    /// <summary>What the row records of the challenge; <see cref="StatusAt"/> derives the rest from it and the time.</summary>
    private enum Phase
    {
        AwaitingMobile,
        Open,
        Verified,
        Exhausted,
        Undeliverable,
    }
}

/// <summary>A code <see cref="Challenge.IssueCode"/> made: the code itself (for delivery only), its version and expiry.</summary>
internal sealed record IssuedCode(string Code, int Version, DateTimeOffset ExpiresAt);

/// <summary>What a wrong code did: the tries this challenge has left, and the lock's end when it locked the account.</summary>
internal sealed record FailedAttempt(int AttemptsRemaining, DateTimeOffset? LockedUntil);
