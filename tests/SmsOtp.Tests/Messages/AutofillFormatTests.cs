using System.Text.RegularExpressions;

namespace SmsOtp.Tests.Messages;

/// <summary>
/// §10.3 autofill: the WebOTP last line against the WICG grammar (and the host characters Chrome reads), the
/// Android SMS Retriever rules (at most 140 bytes, the code, the 11-character hash), and the validators the
/// options use.
/// </summary>
public sealed partial class AutofillFormatTests
{
    private const string Host = "app.example.com";
    private const string Hash = "AbC+1dE/2fG";

    [Fact]
    public void The_WebOTP_line_is_at_host_space_hash_code()
    {
        Assert.Equal("@app.example.com #123456", WebOtp.Line(Host, "123456"));
        Assert.Equal("@app.example.com #AB12CD", WebOtp.Line("App.Example.COM", "AB12CD"));
    }

    [Fact]
    public void The_composed_message_parses_by_the_WICG_algorithm_with_our_host_and_code()
    {
        var sms = SmsComposer.Compose("Your code is {code}.", new MessageValues("123456", 5), Host);
        Assert.Equal("Your code is 123456.\n@app.example.com #123456", sms.Text);
        Assert.True(WicgSmsParser.TryParse(sms.Text, out var otc));
        Assert.Equal(new WebOtpMessage(Host, "123456", null), otc);
        Assert.Matches(ChromeLine(), sms.Text.Split('\n')[^1]);
    }

    [Fact]
    public void With_an_app_hash_the_hash_line_sits_just_above_the_WebOTP_line()
    {
        var sms = SmsComposer.Compose("Your code is {code}.\n", new MessageValues("123456", 5), Host, Hash);
        Assert.Equal(["Your code is 123456.", Hash, "@app.example.com #123456"], sms.Text.Split('\n'));
        Assert.True(WicgSmsParser.TryParse(sms.Text, out var otc));
        Assert.Equal("123456", otc.Code);
        AssertSmsRetrieverRules(sms, "123456");
    }

    [Fact]
    public void Without_WebOTP_the_hash_is_the_last_line()
    {
        var sms = SmsComposer.Compose("Your code is {code}.", new MessageValues("123456", 5), null, Hash);
        Assert.Equal("Your code is 123456.\n" + Hash, sms.Text);
        Assert.False(WicgSmsParser.TryParse(sms.Text, out _));
        AssertSmsRetrieverRules(sms, "123456");
    }

    [Fact]
    public void A_payee_cannot_forge_the_last_line()
    {
        var values = new MessageValues("123456", 5, Amount: "1 EUR", Payee: "Shop\n@evil.example #999999");
        var sms = SmsComposer.Compose("{code} pays {amount} to {payee}", values, Host);
        Assert.True(WicgSmsParser.TryParse(sms.Text, out var otc));
        Assert.Equal(new WebOtpMessage(Host, "123456", null), otc);
        Assert.Equal(2, sms.Text.Split('\n').Length);
    }

    [Fact]
    public void Without_autofill_the_message_is_the_rendered_template()
    {
        Assert.Equal("Code 123456", SmsComposer.Compose("Code {code}  \n", new MessageValues("123456", 5)).Text);
        Assert.Equal("Code 123456", SmsComposer.Append("Code 123456", "123456", "", ""));
    }

    [Theory]
    [InlineData("747723 is your ExampleCo authentication code.\n\n@example.com #747723", "example.com", "747723", null)]
    [InlineData("747723 is your ExampleCo authentication code.\r\n\r\n@example.com #747723", "example.com", "747723", null)]
    [InlineData("@example.com #747723 %ecommerce.example", "example.com", "747723", "ecommerce.example")]
    [InlineData("@example.com #747723 %ecommerce.example $future", "example.com", "747723", "ecommerce.example")]
    [InlineData("@example.com #747723 trailing text", "example.com", "747723", null)]
    [InlineData("@localhost #1", "localhost", "1", null)]
    public void WICG_messages_parse(string message, string host, string code, string? embedded)
    {
        Assert.True(WicgSmsParser.TryParse(message, out var otc));
        Assert.Equal(new WebOtpMessage(host, code, embedded), otc);
    }

    [Theory]
    [InlineData("something @example.com #747723")]            // nothing may precede the host
    [InlineData("#747723 %ecommerce.example @example.com")]   // wrong order
    [InlineData("@example.com code #747723")]                 // more than one space between the values
    [InlineData("@example.com  #747723")]
    [InlineData("@example.com\t#747723")]
    [InlineData("@example.com#747723")]
    [InlineData("@example.com #")]
    [InlineData("@ #747723")]
    [InlineData("@example.com #747723\n")]                    // the last line is then empty
    [InlineData("@example.com #747723\nThanks")]
    [InlineData("")]
    public void Non_WICG_messages_do_not_parse(string message)
    {
        Assert.False(WicgSmsParser.TryParse(message, out _));
    }

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("localhost")]
    [InlineData("a-b.example")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("SIGNIN.Example.com")]
    [InlineData("signin.acme-example.co.uk")] // the host of the templates' budget (docs/languages.md)
    public void Host_names_are_valid_WebOtpOrigins(string host)
    {
        Assert.Null(WebOtp.Validate(host));
        Assert.Matches(ChromeLine(), WebOtp.Line(host, "123456"));
    }

    [Theory]
    [InlineData(null, "host name")]
    [InlineData("", "host name")]
    [InlineData("https://app.example.com", "scheme")]
    [InlineData("app.example.com:8443", "port")]
    [InlineData("app.example.com/signin", "path")]
    [InlineData("user@app.example.com", "path")]
    [InlineData("bücher.example", "punycode")]
    [InlineData("example.com.", "trailing dot")]
    [InlineData("-app.example.com", "hyphen")]
    [InlineData("app-.example.com", "hyphen")]
    [InlineData("app..example.com", "labels")]
    [InlineData("app_1.example.com", "labels")]
    [InlineData("app example.com", "labels")]
    public void Other_values_are_refused_with_the_reason(string? host, string reason)
    {
        var problem = WebOtp.Validate(host);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Hosts_are_limited_to_253_characters_and_labels_to_63()
    {
        Assert.Null(WebOtp.Validate(new string('a', 63) + ".example"));
        Assert.NotNull(WebOtp.Validate(new string('a', 64) + ".example"));
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 49), 5)) + ".abc";   // 5*50 + 3 = 253
        Assert.Equal(253, longest.Length);
        Assert.Null(WebOtp.Validate(longest));
        Assert.NotNull(WebOtp.Validate("a" + longest));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 34")]
    [InlineData("12#34")]
    public void A_code_the_grammar_cannot_carry_is_refused(string code)
    {
        Assert.Throws<ArgumentException>(() => WebOtp.Line(Host, code));
    }

    [Theory]
    [InlineData("AbC+1dE/2fG")]
    [InlineData("FA+9qCX9VSu")]
    [InlineData("00000000000")]
    public void Eleven_base64_characters_are_an_app_hash(string hash)
    {
        Assert.Null(AndroidAppHash.Validate(hash));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AbC+1dE/2f")]      // 10
    [InlineData("AbC+1dE/2fGh")]    // 12
    [InlineData("AbC-1dE_2fG")]     // the URL-safe alphabet is not the one the hash uses
    [InlineData("AbC+1dE/2f=")]
    [InlineData("AbC 1dE/2fG")]
    public void Other_values_are_not_app_hashes(string? hash)
    {
        Assert.Contains("11-character", AndroidAppHash.Validate(hash), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SmsComposer.Append("Code 1", "1", null, hash is null or "" ? "bad" : hash));
    }

    // Google's rules for an SMS Retriever message: no longer than 140 bytes (one segment: 160 packed septets or 70
    // UCS-2 units), the one-time code, the 11-character hash.
    private static void AssertSmsRetrieverRules(ComposedSms sms, string code)
    {
        Assert.True(sms.Count.Units <= (sms.Count.Encoding == SmsEncodings.Gsm7 ? 160 : 70));
        Assert.Contains(code, sms.Text, StringComparison.Ordinal);
        Assert.Contains(sms.Text.Split('\n'), line => line.Length == AndroidAppHash.Length && AndroidAppHash.Validate(line) is null);
    }

    // What Chrome's WebOTP accepts: "@", a host of letters, digits, dots and hyphens, one space, "#", a code without '#' or white space.
    [GeneratedRegex(@"\A@[A-Za-z0-9.\-]+ #[^#\s]+\z")]
    private static partial Regex ChromeLine();
}
