using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.Common;

/// <summary>
/// A start-up check of the configuration. Each runs when the host starts (it is a hosted service), and a host may run
/// them all first (<see cref="StartupChecks"/>) to report a bad configuration as one line per failure instead of as a crash.
/// Checks have no side effects, so running one twice is harmless.
/// </summary>
public interface IStartupCheck : IHostedService;
