using SmsOtp.Migrate.Users;

namespace SmsOtp.Migrate.Tests.Users;

/// <summary>The SCIM fixtures (two ListResponse pages of mixed WSO2 users) planned into rows and rejections.</summary>
public sealed class ImportPlannerTests
{
    private static ImportPlan Plan(PrimaryDomain primary = PrimaryDomain.Add, bool caseSensitive = false, string? disabledAttr = null, string? codesAttr = null)
    {
        var export = new ScimExportReader(ClaimLocator.Disabled(disabledAttr), ClaimLocator.BackupCodes(codesAttr)).Read([Fixture.Scim]);
        return new ImportPlanner(new UserIds(primary, caseSensitive), new PhoneNormalizer("LK")).Plan(export.Users);
    }

    [Fact]
    public void Fixture_PlansEveryKindOfUser()
    {
        var plan = Plan();
        var rows = plan.Rows.ToDictionary(r => r.UserId);

        Assert.Equal("+94771234567", rows["PRIMARY/alice"].Mobile);          // "+94 77 123 4567"
        Assert.False(rows["PRIMARY/alice"].SmsOtpDisabled);
        Assert.Equal(["48203917", "11223344", "99887766"], rows["PRIMARY/alice"].BackupCodes);
        Assert.Equal("+94771234568", rows["SECONDARY/bob"].Mobile);          // national 0771234568 with LK
        Assert.Null(rows["PRIMARY/carol"].Mobile);                           // no phoneNumbers
        Assert.True(rows["PRIMARY/dave"].SmsOtpDisabled);                    // urn:scim:wso2:schema smsotp_disabled "true"
        Assert.True(rows["PRIMARY/frank"].SmsOtpDisabled);                   // enterprise extension smsOTPDisabled: true
        Assert.Equal("+447911123456", rows["PRIMARY/frank"].Mobile);
        Assert.Null(rows["PRIMARY/gina"].Mobile);                            // a work number only
        Assert.Equal("+94771234571", rows["PRIMARY/judy"].Mobile);           // digits with the country code
        Assert.Equal("+94771234575", rows["SECONDARY/kumar"].Mobile);        // the primary of two mobiles
        Assert.True(rows["SECONDARY/kumar"].SmsOtpDisabled);                 // "TRUE"
        Assert.Equal(8, plan.Rows.Count);

        var rejected = plan.Rejected.ToLookup(r => r.Reason);
        Assert.Equal("PRIMARY/erin", Assert.Single(rejected["invalid_mobile"]).UserId);
        Assert.Equal("PRIMARY/harry", Assert.Single(rejected["invalid_backup_codes"]).UserId);
        Assert.Equal("PRIMARY/Alice", Assert.Single(rejected["duplicate"]).UserId);   // same data, other case
        Assert.Equal(2, rejected["conflicting_duplicate"].Count());                  // ivan twice, two numbers
        Assert.Equal("users-page-2.json#6", Assert.Single(rejected["missing_user_name"]).Source);
        Assert.All(rejected["duplicate"].Concat(rejected["missing_user_name"]), r => Assert.Equal(RowOutcome.Skipped, r.Outcome));
        Assert.All(rejected["conflicting_duplicate"].Concat(rejected["invalid_mobile"]), r => Assert.Equal(RowOutcome.Failed, r.Outcome));
    }

    [Fact]
    public void PrimaryDomain_StripAndKeep()
    {
        Assert.Contains(Plan(PrimaryDomain.Strip).Rows, r => r.UserId == "frank");
        Assert.Contains(Plan(PrimaryDomain.Strip).Rows, r => r.UserId == "SECONDARY/bob");
        var kept = Plan(PrimaryDomain.Keep).Rows.Select(r => r.UserId).ToList();
        Assert.Contains("alice", kept);
        Assert.Contains("PRIMARY/frank", kept);
    }

    [Fact]
    public void CaseSensitive_KeepsAliceAndAliceApart()
    {
        var plan = Plan(caseSensitive: true);
        Assert.Contains(plan.Rows, r => r.UserId == "PRIMARY/alice");
        Assert.Contains(plan.Rows, r => r.UserId == "PRIMARY/Alice");
    }

    [Fact]
    public void ExplicitAttributePaths_ReadOtherClaims()
    {
        var plan = Plan(disabledAttr: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization", codesAttr: "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName");
        // "Acme" is not true/false: frank's row fails; givenName "Alice" is a valid 'code' list of one.
        Assert.Contains(plan.Rejected, r => r.UserId == "PRIMARY/frank" && r.Reason == "invalid_disabled_claim");
        Assert.Equal(["Alice"], plan.Rows.Single(r => r.UserId == "PRIMARY/alice").BackupCodes);
    }

    [Fact]
    public void MissingPage_IsWarned()
    {
        var export = new ScimExportReader(ClaimLocator.Disabled(null), ClaimLocator.BackupCodes(null)).Read([Fixture.Path("scim", "users-page-1.json")]);
        Assert.Contains(export.Warnings, w => w.Contains("totalResults 14", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("urn:scim:wso2:schema:smsotp_disabled", "urn:scim:wso2:schema", "smsotp_disabled", null)]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", "urn:ietf:params:scim:schemas:core:2.0:User", "name", "givenName")]
    public void AttributePath_Parses(string text, string schema, string attribute, string? sub)
    {
        Assert.Equal(new ScimAttributePath(schema, attribute, sub), ScimAttributePath.Parse(text));
    }

    [Fact]
    public void AttributePath_WithoutUrn_IsABadInput()
    {
        Assert.Throws<MigrationInputException>(() => ScimAttributePath.Parse("smsotp_disabled"));
    }
}
