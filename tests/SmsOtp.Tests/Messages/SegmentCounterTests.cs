namespace SmsOtp.Tests.Messages;

/// <summary>GSM-7 / UCS-2 counting (spec §10.3) on the characters that decide the encoding and the part boundaries.</summary>
public sealed class SegmentCounterTests
{
    [Theory]
    [InlineData("€", 2)]        // extension table: escape + septet
    [InlineData("[", 2)]
    [InlineData("]", 2)]
    [InlineData("{", 2)]
    [InlineData("}", 2)]
    [InlineData("\\", 2)]
    [InlineData("^", 2)]
    [InlineData("~", 2)]
    [InlineData("|", 2)]
    [InlineData("\f", 2)]
    [InlineData("é", 1)]        // basic table
    [InlineData("Ç", 1)]        // basic table 0x09 is capital C cedilla
    [InlineData("Δ", 1)]
    [InlineData("¤", 1)]
    [InlineData("@", 1)]
    [InlineData("\n", 1)]
    [InlineData("\r", 1)]
    [InlineData("abc 123", 7)]
    public void GSM7_characters_count_their_septets(string text, int septets)
    {
        var count = SmsSegmentCounter.Count(text);
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Gsm7, septets, 1), count);
    }

    [Theory]
    [InlineData("ç")]           // small c cedilla is not in the basic table
    [InlineData("á")]
    [InlineData("ã")]
    [InlineData("ê")]
    [InlineData("`")]
    [InlineData("’")]           // a typographic apostrophe alone turns a text into UCS-2
    [InlineData("€ç")]
    public void One_character_outside_GSM7_makes_the_whole_message_UCS2(string text)
    {
        var count = SmsSegmentCounter.Count("Your code " + text);
        Assert.Equal(SmsEncodings.Ucs2, count.Encoding);
        Assert.Equal(("Your code " + text).Length, count.Units);
        Assert.False(SmsSegmentCounter.IsGsm7(text));
    }

    [Fact]
    public void Emoji_counts_two_UTF16_units()
    {
        var count = SmsSegmentCounter.Count("😀");
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Ucs2, 2, 1), count);
    }

    [Fact]
    public void CR_LF_is_two_septets()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Gsm7, 4, 1), SmsSegmentCounter.Count("a\r\nb"));
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void GSM7_single_segment_is_160_septets_and_parts_hold_153(int length, int segments)
    {
        var count = SmsSegmentCounter.Count(new string('a', length));
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Gsm7, length, segments), count);
    }

    [Fact]
    public void Extension_characters_count_twice_against_the_single_segment_limit()
    {
        Assert.Equal(1, SmsSegmentCounter.Count(new string('a', 158) + "€").Segments);   // 160 septets
        Assert.Equal(2, SmsSegmentCounter.Count(new string('a', 159) + "€").Segments);   // 161 septets
    }

    [Fact]
    public void An_escape_pair_is_never_split_at_the_153_boundary()
    {
        // 152 + 2 + 152 = 306 septets: division says 2 parts, but the euro cannot straddle parts 1 and 2.
        var straddling = new string('a', 152) + "€" + new string('a', 152);
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Gsm7, 306, 3), SmsSegmentCounter.Count(straddling));

        // 151 + 2 fills part 1 exactly.
        var fitting = new string('a', 151) + "€" + new string('a', 153);
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Gsm7, 306, 2), SmsSegmentCounter.Count(fitting));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void UCS2_single_segment_is_70_units_and_parts_hold_67(int length, int segments)
    {
        var count = SmsSegmentCounter.Count(new string('ж', length));
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Ucs2, length, segments), count);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_at_the_67_boundary()
    {
        // 66 + 2 + 66 = 134 units: division says 2 parts, but the emoji cannot straddle parts 1 and 2.
        var straddling = new string('ж', 66) + "😀" + new string('ж', 66);
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Ucs2, 134, 3), SmsSegmentCounter.Count(straddling));

        var fitting = new string('ж', 65) + "😀" + new string('ж', 67);
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Ucs2, 134, 2), SmsSegmentCounter.Count(fitting));
    }

    [Fact]
    public void Seventy_units_with_an_emoji_are_still_one_segment()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Ucs2, 70, 1), SmsSegmentCounter.Count(new string('ж', 68) + "😀"));
    }

    [Fact]
    public void An_empty_message_is_one_segment_of_nothing()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncodings.Gsm7, 0, 1), SmsSegmentCounter.Count(""));
    }

    [Fact]
    public void One_full_segment_is_140_octets_in_either_encoding()
    {
        // Octets on the air: GSM-7 septets packed 7 bits each, UCS-2 units 2 bytes each. The SMS Retriever's
        // 140-byte limit is therefore exactly one segment.
        static int Octets(SmsSegmentCount c) => c.Encoding == SmsEncodings.Gsm7 ? (c.Units * 7 + 7) / 8 : c.Units * 2;
        var gsm = SmsSegmentCounter.Count(new string('a', 160));
        var ucs = SmsSegmentCounter.Count(new string('ж', 70));
        var over = SmsSegmentCounter.Count(new string('a', 161));
        Assert.Equal((140, 1), (Octets(gsm), gsm.Segments));
        Assert.Equal((140, 1), (Octets(ucs), ucs.Segments));
        Assert.Equal((141, 2), (Octets(over), over.Segments));
    }

    [Fact]
    public void The_basic_table_has_its_127_characters_and_no_duplicates()
    {
        Assert.Equal(127, Enumerable.Range(0, char.MaxValue + 1).Count(c => Gsm7Alphabet.Septets((char)c) == 1));
        var all = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        Assert.Equal(127, all.Distinct().Count());
        Assert.All(all, c => Assert.Equal(1, Gsm7Alphabet.Septets(c)));
    }
}
