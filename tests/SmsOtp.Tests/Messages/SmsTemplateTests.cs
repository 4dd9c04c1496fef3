namespace SmsOtp.Tests.Messages;

/// <summary>Rendering (one pass, clean values) and the checks start-up validation runs on operator templates.</summary>
public sealed class SmsTemplateTests
{
    [Fact]
    public void Every_placeholder_is_replaced()
    {
        var text = SmsTemplate.Render("{appName}: {code} pays {amount} to {payee}, {minutes} min", new MessageValues("123456", 5, "Acme", "12.50 EUR", "Acme Shop"));
        Assert.Equal("Acme: 123456 pays 12.50 EUR to Acme Shop, 5 min", text);
    }

    [Fact]
    public void A_value_that_looks_like_a_placeholder_is_not_expanded_again()
    {
        var text = SmsTemplate.Render("{code} to {payee} ({appName})", new MessageValues("123456", 5, "{minutes}", "1 EUR", "{code}"));
        Assert.Equal("123456 to {code} ({minutes})", text);
    }

    [Fact]
    public void Unknown_placeholders_and_values_not_given_stay_as_written()
    {
        Assert.Equal("123456 {foo} {payee} {Code}", SmsTemplate.Render("{code} {foo} {payee} {Code}", new MessageValues("123456", 5)));
    }

    [Fact]
    public void Values_cannot_add_lines_or_reorder_text()
    {
        var text = SmsTemplate.Render("{code} to {payee}", new MessageValues("123456", 5, Payee: "Shop\r\n@evil.example #000000\u202E05.21"));
        Assert.Equal("123456 to Shop  @evil.example #00000005.21", text);
        Assert.DoesNotContain('\n', text);
    }

    [Theory]
    [InlineData(30, 1)]
    [InlineData(60, 1)]
    [InlineData(61, 2)]
    [InlineData(300, 5)]
    [InlineData(86_400, 1440)]
    public void Minutes_round_up(int seconds, int minutes)
    {
        Assert.Equal(minutes, MessageValues.MinutesFrom(seconds));
    }

    [Fact]
    public void Amount_shows_the_decimal_as_sent_and_the_ISO_currency()
    {
        Assert.Equal("12.50 EUR", MessageValues.FormatAmount(" 12.50", "eur"));
        var v = MessageValues.Payment("123456", 300, "1000.00", "LKR", "Acme");
        Assert.Equal(new MessageValues("123456", 5, null, "1000.00 LKR", "Acme"), v);
    }

    [Fact]
    public void Placeholders_are_listed_once_in_order()
    {
        Assert.Equal(["code", "minutes", "x1"], SmsTemplate.Placeholders("{code} {minutes} {code} {x1} { bad } {1x}"));
    }

    [Theory]
    [InlineData("Code: {code}", SmsTemplateKind.Plain, 0)]
    [InlineData("{appName} {code} {minutes}", SmsTemplateKind.Plain, 0)]
    [InlineData("Code", SmsTemplateKind.Plain, 1)]
    [InlineData("{code} {amount}", SmsTemplateKind.Plain, 1)]
    [InlineData("{code} {otp}", SmsTemplateKind.Plain, 1)]
    [InlineData("{code} {amount} {payee}", SmsTemplateKind.Payment, 0)]
    [InlineData("{code} {amount}", SmsTemplateKind.Payment, 1)]
    [InlineData("{code}", SmsTemplateKind.Payment, 2)]
    [InlineData("", SmsTemplateKind.Plain, 1)]
    public void Problems_name_what_is_wrong(string template, SmsTemplateKind kind, int problems)
    {
        Assert.Equal(problems, SmsTemplate.Problems(template, kind).Count);
    }

    [Fact]
    public void Problem_texts_name_the_placeholder()
    {
        Assert.Equal(["must contain the placeholder {payee} (a payment SMS shows what the user approves)."], SmsTemplate.Problems("{code} {amount}", SmsTemplateKind.Payment));
        Assert.Contains("{otp}", SmsTemplate.Problems("{code} {otp}", SmsTemplateKind.Plain)[0], StringComparison.Ordinal);
    }
}
