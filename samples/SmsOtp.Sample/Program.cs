using SmsOtp.Sample;

var app = SampleApp.Create(args);
await app.RunAsync();
