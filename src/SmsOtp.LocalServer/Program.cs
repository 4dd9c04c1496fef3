using SmsOtp.LocalServer;

return await LocalServerRun.RunAsync(args, Console.Error);
