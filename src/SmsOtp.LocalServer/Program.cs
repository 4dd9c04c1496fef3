using SmsOtp.LocalServer;

var app = await LocalServerApp.CreateAsync(args);
await app.RunAsync();
