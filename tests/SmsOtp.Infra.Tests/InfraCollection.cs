namespace SmsOtp.Infra.Tests;

/// <summary>All infrastructure tests share one <see cref="InfraFixture"/>: the Bicep CLI runs once.</summary>
[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraFixture>
{
    public const string Name = "infra";
}
