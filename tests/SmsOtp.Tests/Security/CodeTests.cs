namespace SmsOtp.Tests.Security;

/// <summary>Code generation, keyed hashing and the queue cipher.</summary>
public sealed class CodeTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Numeric_codes_have_the_length_and_are_uniform_over_the_digits()
    {
        var counts = new int[10];
        const int codes = 20_000;
        for (var i = 0; i < codes; i++)
        {
            var code = CodeGenerator.Generate(6, alphanumeric: false);
            Assert.Equal(6, code.Length);
            foreach (var c in code)
            {
                counts[c - '0']++;
            }
        }

        // Chi-square with 9 degrees of freedom: 27.9 is the 0.1% critical value, so this fails
        // one run in a thousand by chance, and always for a biased generator.
        var expected = codes * 6 / 10.0;
        var chi = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi < 27.9, $"chi-square {chi:F1}");
    }

    [Fact]
    public void Alphanumeric_codes_use_upper_case_letters_and_digits()
    {
        var seen = new HashSet<char>();
        for (var i = 0; i < 2000; i++)
        {
            var code = CodeGenerator.Generate(10, alphanumeric: true);
            Assert.Matches("^[A-Z0-9]{10}$", code);
            seen.UnionWith(code);
        }

        Assert.Equal(36, seen.Count);
    }

    [Fact]
    public void Hashes_are_keyed_bound_to_context_and_compared_exactly()
    {
        var hash = CodeHasher.Hash(Key, "ctx", "123456");
        Assert.True(CodeHasher.Matches(Key, "ctx", "123456", hash));
        Assert.False(CodeHasher.Matches(Key, "ctx", "123457", hash));
        Assert.False(CodeHasher.Matches(Key, "other", "123456", hash));
        Assert.False(CodeHasher.Matches([.. Key.Reverse()], "ctx", "123456", hash));
        Assert.False(CodeHasher.Matches(Key, "ctx", "123456", null));
        Assert.False(CodeHasher.Matches(Key, "ctx", "123456", "not base64!"));
        Assert.DoesNotContain("123456", hash, StringComparison.Ordinal);
        Assert.Equal("ABC123", CodeHasher.Normalize(" abc123\n", alphanumeric: true));
        Assert.Equal("abc", CodeHasher.Normalize(" abc ", alphanumeric: false));
    }

    [Fact]
    public void Sealed_payloads_hide_the_plaintext_and_detect_tampering()
    {
        var sealedText = PayloadCipher.Encrypt(Key, "{\"to\":\"+94778888888\",\"code\":\"123456\"}", "pk|1");
        var raw = Encoding.UTF8.GetString(Convert.FromBase64String(sealedText));
        Assert.DoesNotContain("778888888", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", raw, StringComparison.Ordinal);
        Assert.Equal("{\"to\":\"+94778888888\",\"code\":\"123456\"}", PayloadCipher.Decrypt(Key, sealedText, "pk|1"));
        Assert.Null(PayloadCipher.Decrypt(Key, sealedText, "pk|2"));
        var bytes = Convert.FromBase64String(sealedText);
        bytes[^1] ^= 1;
        Assert.Null(PayloadCipher.Decrypt(Key, Convert.ToBase64String(bytes), "pk|1"));
        Assert.NotEqual(PayloadCipher.Encrypt(Key, "same", "ad"), PayloadCipher.Encrypt(Key, "same", "ad")); // fresh nonce each time
    }
}
