namespace SmsOtp.Migrate;

/// <summary>An input file the tool cannot read (exit code 2); the message names the file and the problem.</summary>
public sealed class MigrationInputException(string message, Exception? inner = null) : Exception(message, inner);
