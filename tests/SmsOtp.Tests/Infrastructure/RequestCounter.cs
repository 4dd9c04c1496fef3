using System.Collections.Concurrent;
using Azure.Core.Pipeline;
using Azure.Core;

namespace SmsOtp.Tests.Infrastructure;

/// <summary>Records every storage request the service's Azure clients put on the wire (method, path, status).</summary>
public sealed class RequestCounter : HttpPipelinePolicy
{
    public ConcurrentQueue<(string Method, string Path, int Status)> Requests { get; } = new();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Record(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Record(message);
    }

    private void Record(HttpMessage message) =>
        Requests.Enqueue((message.Request.Method.ToString(), Uri.UnescapeDataString(message.Request.Uri.Path), message.HasResponse ? message.Response.Status : 0));
}
