namespace SmsOtp.Testing;

/// <summary>Thrown by <see cref="ContractValidatingHandler"/> when a response breaks the OpenAPI document.</summary>
public sealed class ContractViolationException(ContractViolation violation) : Exception(violation.ToString())
{
    public ContractViolation Violation { get; } = violation;
}
